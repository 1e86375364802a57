"""What the CBS delivery of one half-year holds, read from the data model.

Which meldingen belong to a half-year (docs/CBS.md): every melding **ontvangen** in it, plus every
melding whose veiligheidsbeoordeling was **afgerond** in it (its Besluit was taken in it) — CBS
counts both "in behandeling genomen" and "afgerond"; the record says which (periodestatus).
Overige zorg (screened as no huiselijk geweld or kindermishandeling, forwarded and anonymised) is
not a melding under the protocol and is left out, only counted. Adviezen: every advies ontvangen
in the half-year. Diensten, conclusies and the besluit are read as they are when the delivery is
made (a delivery made later than the half-year's end may show a dienst further along).

Everything is read in chunks of meldingen with a fixed number of queries per chunk, so a national
half-year (~65 000 meldingen) needs neither 65 000 queries nor all of them in memory at once
beyond their compact `MeldingGegevens`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from diensten.keuzes import ConclusieUitkomst
from diensten.models import Conclusie
from meldingen.keuzes import MeldingStatus
from meldingen.models import Advies, Directbetrokkene, Melding
from veiligthuis import termijnen
from veiligthuis.exceptions import DomainError

PER_KEER = 2000
NIET_AANGELEVERD = (MeldingStatus.OVERIGE_ZORG, MeldingStatus.DOORGESTUURD)
# When one melding has several conclusies for one type geweld, the strongest one is delivered.
CONCLUSIE_VOLGORDE = (
    ConclusieUitkomst.BEVESTIGD,
    ConclusieUitkomst.NIET_BEVESTIGD,
    ConclusieUitkomst.WEERLEGD,
    ConclusieUitkomst.VOORTIJDIG,
)


@dataclass(frozen=True)
class Halfjaar:
    jaar: int
    helft: int

    @classmethod
    def uit_tekst(cls, tekst: str) -> Halfjaar:
        """ "2026-1" → the first half of 2026; DomainError for anything else."""
        gevonden = re.fullmatch(r"(\d{4})-([12])", (tekst or "").strip())
        if not gevonden:
            raise DomainError(_("Kies een halfjaar als 2026-1 of 2026-2."))
        return cls(int(gevonden[1]), int(gevonden[2]))

    def __str__(self) -> str:
        return f"{self.jaar}-{self.helft}"

    @property
    def van(self) -> date:
        return date(self.jaar, 1 if self.helft == 1 else 7, 1)

    @property
    def tot(self) -> date:
        """The last day, inclusive."""
        return date(self.jaar, 6, 30) if self.helft == 1 else date(self.jaar, 12, 31)

    @property
    def begin(self) -> datetime:
        return datetime.combine(self.van, time.min, tzinfo=termijnen.TIJDZONE)

    @property
    def eind(self) -> datetime:
        """The first moment after the half-year (half-open bounds)."""
        if self.helft == 1:
            return datetime(self.jaar, 7, 1, tzinfo=termijnen.TIJDZONE)
        return datetime(self.jaar + 1, 1, 1, tzinfo=termijnen.TIJDZONE)

    @property
    def code(self) -> str:
        """JJJJH, as the records carry it."""
        return f"{self.jaar}{self.helft}"

    @property
    def label(self) -> str:
        helft = _("eerste halfjaar") if self.helft == 1 else _("tweede halfjaar")
        return f"{self.jaar}, {helft}"

    def bevat(self, moment: datetime | None) -> bool:
        return moment is not None and self.begin <= moment < self.eind


@dataclass(frozen=True)
class PersoonGegevens:
    rol: str
    bsn: str | None
    geboortedatum: date | None
    geslacht: str
    gemeente: str
    ongeboren: bool


@dataclass(frozen=True)
class MeldingGegevens:
    """One melding as the delivery and the kwaliteitsregels need it (no names, no addresses)."""

    pk: int
    nummer: str
    team_id: int
    ontvangen_op: datetime
    kanaal: str
    hoedanigheid: str
    soort: str
    aanleidingen: frozenset[str]
    aarden: frozenset[str]
    gemeente: str
    periodestatus: str
    besluit: str = ""
    besluit_op: datetime | None = None
    dienst: str = ""
    dienst_status: str = ""
    dienst_afgerond_op: datetime | None = None
    verzoek_raad: bool | None = None
    melding_politie: bool | None = None
    overdracht_vrijwillige_hulp: bool | None = None
    conclusies: tuple[tuple[str, str], ...] = ()
    personen: tuple[PersoonGegevens, ...] = field(default_factory=tuple)

    @property
    def ontvangstdatum(self) -> date:
        return termijnen.lokale_datum(self.ontvangen_op)

    def conclusie(self, kindermishandeling: bool) -> str:
        """The strongest conclusie for huiselijk geweld (False) or kindermishandeling (True)."""
        uitkomsten = {u for a, u in self.conclusies if a.startswith("km_") == kindermishandeling}
        return next((u for u in CONCLUSIE_VOLGORDE if u in uitkomsten), "")


def organisatiecode() -> str:
    """The organisation's number in CBS's list of VT-regio's (setting, per installation)."""
    return str(settings.VT_CBS_ORGANISATIECODE)


def adviezen(halfjaar: Halfjaar) -> Iterator[dict[str, Any]]:
    """The advies records of the half-year, by number."""
    rijen = (
        Advies.objects.filter(ontvangen_op__gte=halfjaar.begin, ontvangen_op__lt=halfjaar.eind)
        .order_by("nummer")
        .values_list(
            "nummer",
            "ontvangen_op",
            "kanaal",
            "hoedanigheid",
            "aanleiding",
            "gemeente__cbs_code",
            "melding_id",
        )
    )
    org = organisatiecode()
    for nummer, ontvangen_op, kanaal, hoedanigheid, aanleiding, gemeente, melding_id in rijen:
        yield {
            "organisatie": org,
            "periode": halfjaar.code,
            "nummer": nummer,
            "ontvangen_op": termijnen.lokale_datum(ontvangen_op),
            "kanaal": kanaal,
            "hoedanigheid": hoedanigheid,
            "aanleiding": aanleiding,
            "gemeente": gemeente or "",
            "omgezet": "ja" if melding_id else "nee",
        }


def melding_ids(halfjaar: Halfjaar) -> list[int]:
    """The meldingen of the half-year (see the module docstring), ordered by number."""
    b, e = halfjaar.begin, halfjaar.eind
    # Two indexed parts in one UNION instead of an OR across the join to Besluit.
    ontvangen = Melding.objects.filter(ontvangen_op__gte=b, ontvangen_op__lt=e).values("pk")
    besloten = Melding.objects.filter(besluit__genomen_op__gte=b, besluit__genomen_op__lt=e).values(
        "pk"
    )
    return list(
        Melding.objects.filter(pk__in=ontvangen.order_by().union(besloten.order_by()))
        .exclude(status__in=NIET_AANGELEVERD)
        .order_by("nummer")
        .values_list("pk", flat=True)
    )


def overige_zorg_aantal(halfjaar: Halfjaar) -> int:
    return Melding.objects.filter(
        ontvangen_op__gte=halfjaar.begin,
        ontvangen_op__lt=halfjaar.eind,
        status__in=NIET_AANGELEVERD,
    ).count()


def meldingen(
    halfjaar: Halfjaar,
    ids: list[int],
    *,
    per_keer: int = PER_KEER,
    voortgang: Callable[[int], None] | None = None,
) -> Iterator[MeldingGegevens]:
    """`MeldingGegevens` for `ids` in their order, read `per_keer` at a time."""
    for start in range(0, len(ids), per_keer):
        deel = ids[start : start + per_keer]
        qs = (
            Melding.objects.filter(pk__in=deel)
            .select_related(
                "melder",
                "besluit",
                "vervolgdienst",
                "gemeente",
                "huishouden__gemeente",
            )
            .prefetch_related(
                "aanleidingen",
                "aarden",
                Prefetch(
                    "directbetrokkenen",
                    queryset=Directbetrokkene.objects.select_related("persoon").order_by("pk"),
                ),
                Prefetch("vervolgdienst__conclusies", queryset=Conclusie.objects.order_by("pk")),
            )
        )
        per_pk = {m.pk: m for m in qs}
        for pk in deel:
            yield _gegevens(halfjaar, per_pk[pk])
        if voortgang is not None:
            voortgang(start + len(deel))


def _gegevens(halfjaar: Halfjaar, melding: Melding) -> MeldingGegevens:
    besluit = getattr(melding, "besluit", None)
    dienst = getattr(melding, "vervolgdienst", None)
    melder = getattr(melding, "melder", None)
    huishouden_gemeente = melding.huishouden.gemeente if melding.huishouden_id else None
    gemeente = huishouden_gemeente or melding.gemeente
    gemeentecode = gemeente.cbs_code if gemeente else ""
    ontvangen = halfjaar.bevat(melding.ontvangen_op)
    afgerond = bool(besluit and halfjaar.bevat(besluit.genomen_op))
    periodestatus = (
        "beide" if ontvangen and afgerond else ("ontvangen" if ontvangen else "afgerond")
    )
    personen = tuple(
        _persoon(db, gemeentecode=gemeentecode) for db in melding.directbetrokkenen.all()
    )
    return MeldingGegevens(
        pk=melding.pk,
        nummer=melding.nummer,
        team_id=melding.team_id,
        ontvangen_op=melding.ontvangen_op,
        kanaal=melding.kanaal,
        hoedanigheid=melder.hoedanigheid if melder else "",
        soort=melding.soort,
        aanleidingen=frozenset(a.aanleiding for a in melding.aanleidingen.all()),
        aarden=frozenset(a.aard for a in melding.aarden.all()),
        gemeente=gemeentecode,
        periodestatus=periodestatus,
        besluit=besluit.route if besluit else "",
        besluit_op=besluit.genomen_op if besluit else None,
        dienst=dienst.type if dienst else "",
        dienst_status=dienst.status if dienst else "",
        dienst_afgerond_op=dienst.afgerond_op if dienst else None,
        verzoek_raad=dienst.verzoek_raad if dienst and dienst.is_onderzoek else None,
        melding_politie=dienst.melding_politie if dienst and dienst.is_onderzoek else None,
        overdracht_vrijwillige_hulp=(
            dienst.overdracht_vrijwillige_hulp if dienst and dienst.is_onderzoek else None
        ),
        conclusies=tuple((c.aanleiding, c.uitkomst) for c in dienst.conclusies.all())
        if dienst
        else (),
        personen=personen,
    )


def _persoon(db: Directbetrokkene, *, gemeentecode: str) -> PersoonGegevens:
    persoon = db.persoon
    return PersoonGegevens(
        rol=db.rol,
        bsn=persoon.bsn,  # decrypted by the model field (meldingen/bsn.py)
        geboortedatum=persoon.geboortedatum,
        geslacht=persoon.geslacht,
        gemeente=gemeentecode,
        ongeboren=persoon.ongeboren,  # recorded at intake, never guessed (docs/CBS.md)
    )


def _janee(waarde: bool | None) -> str:
    return "" if waarde is None else ("ja" if waarde else "nee")


def melding_record(g: MeldingGegevens, *, halfjaar: Halfjaar) -> dict[str, Any]:
    """The melding record's values by `bron` name (the definition maps and formats them)."""
    return {
        "organisatie": organisatiecode(),
        "periode": halfjaar.code,
        "nummer": g.nummer,
        "periodestatus": g.periodestatus,
        "ontvangen_op": g.ontvangstdatum,
        "kanaal": g.kanaal,
        "hoedanigheid": g.hoedanigheid,
        "soort": g.soort,
        "aanleidingen": g.aanleidingen,
        "aarden": g.aarden,
        "gemeente": g.gemeente,
        "besluit_op": termijnen.lokale_datum(g.besluit_op) if g.besluit_op else None,
        "besluit": g.besluit,
        "dienst": g.dienst,
        "dienst_status": g.dienst_status,
        "dienst_afgerond_op": (
            termijnen.lokale_datum(g.dienst_afgerond_op) if g.dienst_afgerond_op else None
        ),
        "conclusie_hg": g.conclusie(kindermishandeling=False),
        "conclusie_km": g.conclusie(kindermishandeling=True),
        "verzoek_raad": _janee(g.verzoek_raad),
        "melding_politie": _janee(g.melding_politie),
        "overdracht_vrijwillige_hulp": _janee(g.overdracht_vrijwillige_hulp),
        "aantal_directbetrokkenen": str(len(g.personen)),
    }


def persoon_records(g: MeldingGegevens, *, halfjaar: Halfjaar) -> Iterator[dict[str, Any]]:
    for volgnummer, p in enumerate(g.personen, start=1):
        yield {
            "organisatie": organisatiecode(),
            "periode": halfjaar.code,
            "nummer": g.nummer,
            "volgnummer": str(volgnummer),
            "rol": p.rol,
            # The protocol's special values are in the definition (speciaal); named here.
            "bsn": p.bsn or ("@ongeboren" if p.ongeboren else "@onbekend"),
            "geboortedatum": p.geboortedatum,
            "geslacht": p.geslacht,
            "gemeente": p.gemeente,
        }
