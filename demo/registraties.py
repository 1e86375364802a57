"""Staff records of the demo organisation: everyone inzetbaar, except two onderzoekers whose SKJ
registratie has expired, so the beheer list "niet inzetbaar" shows what it is for.

A separate random generator keeps the rest of the demo (which draws from `ctx.rng`) unchanged.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from demo.basis import Context
from demo.organisatie import DEMO_ROLLEN, DEMO_TEAM, Organisatie
from veiligthuis.models import Rol
from veiligthuis.personeel import Personeelsgegevens, Register, Registratie

SEED = 6


def maak_registraties(ctx: Context, org: Organisatie) -> list[int]:
    """Create personeelsgegevens and registraties; returns the pks of the two non-inzetbaren."""
    rng = random.Random(SEED)
    vandaag = timezone.localdate(ctx.nu)
    verlopen = _twee_zonder_demo_login(org)
    gegevens, registraties = [], []
    for index, medewerker in enumerate(org.medewerkers):
        in_dienst = timezone.localdate(medewerker.date_joined)
        gegevens.append(
            Personeelsgegevens(
                medewerker=medewerker,
                in_dienst_sinds=in_dienst,
                vog_datum=in_dienst - timedelta(days=rng.randint(5, 80)),
                diploma_gecontroleerd_op=in_dienst,
            )
        )
        rollen = org.rollen_van[medewerker.pk]
        registers = {
            vereist[0]
            for rol, vereist in settings.VT_VEREISTE_REGISTRATIE.items()
            if rol in rollen and vereist
        }
        for register in sorted(registers):
            if medewerker.pk in verlopen:
                geldig_tot = vandaag - timedelta(days=rng.randint(3, 60))
                org.registratie_verlopen[medewerker.pk] = geldig_tot
            else:
                geldig_tot = vandaag + timedelta(days=rng.randint(90, 5 * 365))
            nummer = 100_000_000 + index
            registraties.append(
                Registratie(
                    medewerker=medewerker,
                    register=register,
                    nummer=f"{nummer:011d}" if register == Register.BIG else f"{nummer:09d}",
                    geldig_tot=geldig_tot,
                )
            )
    Personeelsgegevens.objects.bulk_create(gegevens)
    Registratie.objects.bulk_create(registraties)
    ctx.meld(
        f"Personeelsgegevens: {len(gegevens)} medewerkers, {len(registraties)} registraties, "
        f"{len(verlopen)} niet inzetbaar (SKJ verlopen)."
    )
    return sorted(verlopen)


def _twee_zonder_demo_login(org: Organisatie) -> set[int]:
    """One onderzoeker of the demo team and one of another team, neither a demo login.

    The demo team keeps enough inzetbare onderzoekers to pick up meldingen with.
    """
    gekozen: set[int] = set()
    for team in (org.teams[DEMO_TEAM], org.teams[-1]):
        kandidaten = [
            m
            for m in org.van_team(team, Rol.ONDERZOEKER)
            if m.username not in DEMO_ROLLEN and org.rollen_van[m.pk] == (Rol.ONDERZOEKER,)
        ]
        if kandidaten:
            gekozen.add(kandidaten[-1].pk)
    return gekozen
