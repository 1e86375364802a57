"""May this medewerker be given cases? (DOMAIN.md §1, IGJ toetsingskader 4.2: bekwaamheid, VOG.)

`inzetbaarheid` lists the reasons someone may not be assigned; every service that assigns a case to
a person calls `eis_inzetbaar`, and the candidate lists in the UI use `alleen_inzetbaar`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from veiligthuis.exceptions import DomainError, GeenToegang
from veiligthuis.models import Medewerker, Rol
from veiligthuis.personeel import Registratie

# A VOG may be at most this old on the first working day.
VOG_MAXIMALE_OUDERDOM = relativedelta(months=3)


def _datum(d: date) -> str:
    return f"{d:%d-%m-%Y}"


def _vereiste_registers(medewerker: Medewerker) -> dict[tuple[str, ...], list[str]]:
    """Per accepted set of registers, the roles of this medewerker that require one of them."""
    vereist: dict[tuple[str, ...], list[str]] = {}
    for rol, registers in settings.VT_VEREISTE_REGISTRATIE.items():
        if registers and medewerker.heeft_rol(rol):
            vereist.setdefault(tuple(registers), []).append(rol)
    return vereist


def inzetbaarheid(medewerker: Medewerker, *, op: date | None = None) -> list[str]:
    """The Dutch reasons `medewerker` cannot be assigned cases on day `op`; empty when inzetbaar.

    Pure: reads the medewerker's personeelsgegevens, registraties and roles (prefetch them for a
    list, see `met_personeel`) and writes nothing.
    """
    op = op or timezone.localdate()
    redenen: list[str] = []
    try:
        gegevens = medewerker.personeelsgegevens
    except ObjectDoesNotExist:
        gegevens = None
    in_dienst = gegevens.in_dienst_sinds if gegevens else None
    vog = gegevens.vog_datum if gegevens else None
    if in_dienst is None:
        redenen.append(_("De datum van indiensttreding is niet vastgelegd."))
    if vog is None:
        redenen.append(_("Er is geen VOG vastgelegd."))
    elif in_dienst is not None and vog > in_dienst:
        redenen.append(
            _("De VOG (%(vog)s) is van na de indiensttreding (%(start)s).")
            % {"vog": _datum(vog), "start": _datum(in_dienst)}
        )
    elif in_dienst is not None and vog < in_dienst - VOG_MAXIMALE_OUDERDOM:
        redenen.append(
            _("De VOG (%(vog)s) was bij de indiensttreding (%(start)s) ouder dan drie maanden.")
            % {"vog": _datum(vog), "start": _datum(in_dienst)}
        )
    if gegevens is None or gegevens.diploma_gecontroleerd_op is None:
        redenen.append(_("Het diploma is niet gecontroleerd."))

    registraties = list(medewerker.registraties.all())
    for registers, rollen in _vereiste_registers(medewerker).items():
        passend = [r for r in registraties if r.register in registers]
        if any(r.is_geldig_op(op) for r in passend):
            continue
        namen = " of ".join(registers)
        rolnamen = ", ".join(str(Rol(r).label).lower() for r in rollen)
        if passend:
            laatste = max(passend, key=lambda r: r.geldig_tot)
            redenen.append(
                _(
                    "De %(register)s-registratie is verlopen op %(datum)s (een geldige "
                    "%(registers)s-registratie is vereist voor: %(rollen)s)."
                )
                % {
                    "register": laatste.register,
                    "datum": _datum(laatste.geldig_tot),
                    "registers": namen,
                    "rollen": rolnamen,
                }
            )
        else:
            redenen.append(
                _("Een %(registers)s-registratie ontbreekt (vereist voor: %(rollen)s).")
                % {"registers": namen, "rollen": rolnamen}
            )
    return redenen


def is_inzetbaar(medewerker: Medewerker, *, op: date | None = None) -> bool:
    return not inzetbaarheid(medewerker, op=op)


def eis_inzetbaar(medewerker: Medewerker, *, actie: str, veld: str | None = None) -> None:
    """Refuse `actie` (e.g. "beoordelaar worden") for a medewerker who may not be given cases.

    The DomainError names the person and every reason; with `veld` it is also a field error.
    """
    redenen = inzetbaarheid(medewerker)
    if not redenen:
        return
    tekst = _("%(naam)s kan niet %(actie)s: %(redenen)s") % {
        "naam": medewerker,
        "actie": actie,
        "redenen": " ".join(redenen),
    }
    raise DomainError(tekst, velden={veld: tekst} if veld else None)


def met_personeel(queryset: QuerySet[Medewerker]) -> QuerySet[Medewerker]:
    """`queryset` with what `inzetbaarheid` reads loaded in three extra queries, whatever its size."""
    return queryset.select_related("personeelsgegevens").prefetch_related(
        "roltoewijzingen", Prefetch("registraties", queryset=Registratie.objects.all())
    )


def alleen_inzetbaar(
    medewerkers: Iterable[Medewerker] | QuerySet[Medewerker], *, op: date | None = None
) -> list[Medewerker]:
    """The inzetbare medewerkers of a candidate list, in the list's order."""
    if isinstance(medewerkers, QuerySet):
        medewerkers = met_personeel(medewerkers)
    return [m for m in medewerkers if is_inzetbaar(m, op=op)]


def niet_inzetbare_medewerkers(
    *, gebruiker: Medewerker, op: date | None = None
) -> list[tuple[Medewerker, list[str]]]:
    """Active medewerkers who cannot be given cases, each with the reasons, by name.

    Beheer sees the whole organisation, a werkbegeleider the own team; anyone else is refused.
    Integration accounts (koppelingen) are not staff and are left out.
    """
    if gebruiker.heeft_rol(Rol.BEHEER):
        medewerkers = Medewerker.objects.all()
    elif gebruiker.heeft_rol(Rol.WERKBEGELEIDER) and gebruiker.team_id:
        medewerkers = Medewerker.objects.filter(team_id=gebruiker.team_id)
    else:
        raise GeenToegang(
            _("Alleen functioneel beheer of een werkbegeleider mag de inzetbaarheid bekijken.")
        )
    medewerkers = met_personeel(
        medewerkers.filter(is_active=True, koppeling__isnull=True)
        .select_related("team")
        .order_by("last_name", "first_name", "pk")
    )
    rijen = [(m, inzetbaarheid(m, op=op)) for m in medewerkers]
    return [(m, redenen) for m, redenen in rijen if redenen]
