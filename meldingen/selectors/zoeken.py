"""Search from the header: a melding by number, a person by BSN or achternaam + geboortedatum, a
household by postcode + huisnummer — scoped by need-to-know (`veiligthuis.rechten`).

What a search shows, decided once here:

- Meldingen the medewerker may see (`meldingen_voor`): number, date, status, team, with a link.
- Meldingen about the person or address that the medewerker may *not* see: one count ("bekend bij
  Veilig Thuis (ander team), n meldingen") — no name, number, date or content, so the radar's
  question "is this family known?" gets an answer without opening another team's dossier.
- Only after an **exact BSN** (nine digits, 11-proef) the count also names the teams to contact:
  a BSN identifies one person beyond doubt, and "which organisation is involved" is what the
  national Veilig Thuis register shares too (DOMAIN.md §9). A name + birth date can be someone
  else, an address is a household, so those get the count only.
- A melding **number** outside scope gives "niets gevonden", like the dossier's 404: a count
  would confirm that the number exists in another team.

Persons merged into another (`samengevoegd_in`) are never found themselves; their links moved to
the person they were merged into. A search costs a fixed number of queries, whatever it finds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from meldingen.identiteit import achternaam_sleutel, adres_sleutel
from meldingen.models import Directbetrokkene, Huishouden, Melding, Persoon
from meldingen.selectors.lijsten import meldingen_voor
from meldingen.selectors.personen import normaliseer_bsn
from veiligthuis.models import Medewerker
from veiligthuis.rechten import eis_casusrol, ziet_teamcasussen
from veiligthuis.validators import valideer_bsn

NUMMER = "nummer"
BSN = "bsn"
NAAM_GEBOORTEDATUM = "naam_geboortedatum"
POSTCODE_HUISNUMMER = "postcode_huisnummer"
MAX_ZOEKTEKST = 100
MAX_TREFFERS = 50
MIN_ACHTERNAAM = 2

_NUMMER = re.compile(r"VT[\s-]*(\d{4})[\s-]*(\d{1,6})", re.IGNORECASE)
_CIJFERS = re.compile(r"[\d\s.]+")
_ADRES = re.compile(r"(\d{4})\s*([A-Za-z]{2})[\s,]*(\d+(?:[\s\-/]*[A-Za-z0-9]{1,4})?)")
_DATUM = r"\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{4}-\d{1,2}-\d{1,2}"
_NAAM_DATUM = re.compile(rf"(?P<naam>\D+?)[\s,]+(?P<datum>{_DATUM})")
_DATUM_NAAM = re.compile(rf"(?P<datum>{_DATUM})[\s,]+(?P<naam>\D+?)")


@dataclass(frozen=True)
class Zoekvraag:
    """What was typed, understood: its `soort` and the normalised key, or a Dutch `fout`.

    `soort` is "" when the text is not one of the four forms (the page explains them).
    """

    soort: str = ""
    waarde: str = ""
    geboortedatum: date | None = None
    fout: str = ""

    @property
    def zoekbaar(self) -> bool:
        return bool(self.soort) and not self.fout


@dataclass(frozen=True)
class Elders:
    """Meldingen found that the medewerker may not see: a count, and teams only after a BSN."""

    aantal: int = 0
    teams: list[str] = field(default_factory=list)
    ander_team: bool = True  # False for consult roles, whose hidden cases may be the own team's


@dataclass(frozen=True)
class Zoekresultaat:
    vraag: Zoekvraag
    treffers: list[Melding] = field(default_factory=list)
    meer: bool = False
    elders: Elders = field(default_factory=Elders)
    elders_team_ids: list[int] = field(default_factory=list)

    @property
    def nummers(self) -> list[str]:
        return [melding.nummer for melding in self.treffers]


def _lees_datum(tekst: str) -> date | None:
    for formaat in ("%d-%m-%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(re.sub(r"[/.]", "-", tekst), formaat).date()  # noqa: DTZ007
        except ValueError:
            continue
    return None


def zoekvraag_lezen(tekst: str) -> Zoekvraag:
    """Which of the four searches `tekst` is. Never queries the database."""
    tekst = " ".join((tekst or "").split())[:MAX_ZOEKTEKST]
    if not tekst:
        return Zoekvraag()
    if gevonden := _NUMMER.fullmatch(tekst):
        jaar, volgnummer = gevonden.groups()
        return Zoekvraag(soort=NUMMER, waarde=f"VT-{jaar}-{int(volgnummer):06d}")
    if _CIJFERS.fullmatch(tekst) and len(bsn := normaliseer_bsn(tekst)) >= 8:
        try:
            valideer_bsn(bsn)
        except ValidationError as fout:
            return Zoekvraag(soort=BSN, fout=" ".join(fout.messages))
        return Zoekvraag(soort=BSN, waarde=bsn)
    if gevonden := _ADRES.fullmatch(tekst):
        postcode, letters, huisnummer = gevonden.groups()
        if sleutel := adres_sleutel(postcode + letters, huisnummer):
            return Zoekvraag(soort=POSTCODE_HUISNUMMER, waarde=sleutel)
    gevonden = _NAAM_DATUM.fullmatch(tekst) or _DATUM_NAAM.fullmatch(tekst)
    if gevonden:
        sleutel = achternaam_sleutel(gevonden["naam"])
        if len(sleutel) < MIN_ACHTERNAAM:
            return Zoekvraag()
        geboortedatum = _lees_datum(gevonden["datum"])
        if geboortedatum is None:
            return Zoekvraag(
                soort=NAAM_GEBOORTEDATUM,
                fout=_("Deze geboortedatum bestaat niet. Schrijf hem als dag-maand-jaar."),
            )
        return Zoekvraag(soort=NAAM_GEBOORTEDATUM, waarde=sleutel, geboortedatum=geboortedatum)
    return Zoekvraag()


def _naam_past(persoon: Persoon, sleutel: str) -> bool:
    """The whole achternaam, or one part of a double name ('Jansen' finds 'Jansen-de Vries')."""
    if achternaam_sleutel(persoon.achternaam, persoon.tussenvoegsel) == sleutel:
        return True
    return any(achternaam_sleutel(deel) == sleutel for deel in persoon.achternaam.split("-"))


def _personen(vraag: Zoekvraag) -> QuerySet[Persoon] | list[int]:
    """The persons searched for: a subquery for a BSN, ids for a name (compared in Python)."""
    actief = Persoon.objects.filter(samengevoegd_in__isnull=True)
    if vraag.soort == BSN:
        return actief.met_bsn(vraag.waarde).values("pk")
    # Anchored on the indexed birth date: a handful of rows whatever the size of the register.
    # Of those only the same stored key, or a double name (one part may be it), come back.
    op_datum = (
        actief.filter(geboortedatum=vraag.geboortedatum)
        .filter(Q(achternaam_sleutel=vraag.waarde) | Q(achternaam__contains="-"))
        .only("pk", "achternaam", "tussenvoegsel")
    )
    return [persoon.pk for persoon in op_datum if _naam_past(persoon, vraag.waarde)]


def _huishoudens(sleutel: str) -> list[int]:
    postcode = sleutel.split("|", 1)[0]
    op_postcode = Huishouden.objects.filter(postcode=postcode).only("pk", "postcode", "huisnummer")
    return [h.pk for h in op_postcode if adres_sleutel(h.postcode, h.huisnummer) == sleutel]


def zoeken(*, gebruiker: Medewerker, vraag: Zoekvraag) -> Zoekresultaat:
    """The meldingen this search finds, split into what `gebruiker` may see and a count of the rest.

    At most four queries: the persons or households (name and address only), the visible
    meldingen, the matching directbetrokkenen of those (person searches only) and the count of
    the others per team.
    """
    eis_casusrol(gebruiker)
    if not vraag.zoekbaar:
        return Zoekresultaat(vraag=vraag)
    betrokkenen: QuerySet[Directbetrokkene] | None = None
    if vraag.soort == NUMMER:
        treffer = Q(nummer=vraag.waarde)
    elif vraag.soort == POSTCODE_HUISNUMMER:
        treffer = Q(huishouden_id__in=_huishoudens(vraag.waarde))
    else:
        betrokkenen = Directbetrokkene.objects.filter(persoon__in=_personen(vraag))
        treffer = Q(pk__in=betrokkenen.values("melding_id"))
    gevonden = Melding.objects.filter(treffer)

    # The same condition on the scoped list, not "pk in (the found meldingen)": one subquery
    # level more puts the joins of meldingen_voor past PostgreSQL's from_collapse_limit, and it
    # then scans every visible melding first (1.5 s for a BSN at 1 000 000 meldingen, 0.5 ms so).
    zichtbaar = meldingen_voor(gebruiker=gebruiker).filter(treffer)
    zichtbaar_ids = zichtbaar.values("pk")
    if betrokkenen is not None:
        zichtbaar = zichtbaar.prefetch_related(
            Prefetch(
                "directbetrokkenen",
                queryset=betrokkenen.select_related("persoon").order_by("pk"),
                to_attr="gevonden_betrokkenen",
            )
        )
    treffers = list(zichtbaar[: MAX_TREFFERS + 1])

    elders = Elders(ander_team=ziet_teamcasussen(gebruiker))
    team_ids: list[int] = []
    if vraag.soort != NUMMER:
        # "Found but not visible" as found minus *the visible found ones*: against all visible
        # meldingen the NOT IN would read every melding of the team and every vervolgdienst
        # (1.9 s at 1 000 000 meldingen instead of 0.2 ms; docs/PERFORMANCE.md).
        per_team = list(
            gevonden.exclude(pk__in=zichtbaar_ids)
            .values("team_id", "team__naam")
            .annotate(aantal=Count("pk"))
            .order_by("team__naam")
        )
        if per_team:
            bsn = vraag.soort == BSN
            team_ids = [rij["team_id"] for rij in per_team] if bsn else []
            elders = Elders(
                aantal=sum(rij["aantal"] for rij in per_team),
                teams=[rij["team__naam"] for rij in per_team] if bsn else [],
                ander_team=elders.ander_team,
            )
    return Zoekresultaat(
        vraag=vraag,
        treffers=treffers[:MAX_TREFFERS],
        meer=len(treffers) > MAX_TREFFERS,
        elders=elders,
        elders_team_ids=team_ids,
    )
