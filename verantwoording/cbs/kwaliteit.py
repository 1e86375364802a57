"""Plausibility rules for the CBS delivery: named predicates on one melding, each with a level and
a Dutch message. A melding a rule holds for is listed by number so its team can correct it.

`fout`: the file cannot be produced while any melding breaks the rule (the data is wrong, and
CBS would count it wrongly). `waarschuwing`: shown, the file can still be produced.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from diensten.keuzes import DienstType
from meldingen.keuzes import BesluitRoute, Hoedanigheid, Kanaal, RolInMelding
from verantwoording.cbs.records import MeldingGegevens

FOUT = "fout"
WAARSCHUWING = "waarschuwing"
VOLWASSEN = 18

DIENST_VOOR_ROUTE = {
    BesluitRoute.VOORWAARDEN_EN_VERVOLG: DienstType.VOORWAARDEN_EN_VERVOLG,
    BesluitRoute.ONDERZOEK: DienstType.ONDERZOEK,
}


@dataclass(frozen=True)
class Regel:
    code: str
    niveau: str
    melding: str
    geldt: Callable[[MeldingGegevens], bool]


def besluit_voor_ontvangst(m: MeldingGegevens) -> bool:
    """The besluit is dated before the melding was received."""
    return m.besluit_op is not None and m.besluit_op < m.ontvangen_op


def conclusie_zonder_onderzoek(m: MeldingGegevens) -> bool:
    """Conclusies (bevestigd / niet bevestigd / weerlegd) exist, but the dienst is no Onderzoek."""
    return bool(m.conclusies) and m.dienst != DienstType.ONDERZOEK


def kind_geboren_na_ontvangst(m: MeldingGegevens) -> bool:
    """A child of the melding was born after the melding was received."""
    datum = m.ontvangstdatum
    return any(
        p.rol == RolInMelding.KIND and p.geboortedatum is not None and p.geboortedatum > datum
        for p in m.personen
    )


def zonder_directbetrokkenen(m: MeldingGegevens) -> bool:
    """The melding names no directbetrokkene at all (CBS gets no person record for it)."""
    return not m.personen


def zonder_aanleiding(m: MeldingGegevens) -> bool:
    """The melding has no aanleiding (type geweld)."""
    return not m.aanleidingen


def dienst_past_niet_bij_besluit(m: MeldingGegevens) -> bool:
    """The besluit chose one vervolgdienst and another one was started, or a dienst exists
    after a besluit without vervolg at Veilig Thuis."""
    if not m.dienst:
        return False
    return DIENST_VOOR_ROUTE.get(m.besluit) != m.dienst


def politie_via_telefoon(m: MeldingGegevens) -> bool:
    """The police reported by telephone (police reports normally arrive digitally)."""
    return m.hoedanigheid == Hoedanigheid.POLITIE and m.kanaal == Kanaal.TELEFOON


def geboortedatum_ontbreekt(m: MeldingGegevens) -> bool:
    """A directbetrokkene (not an unborn child) has no birth date."""
    return any(p.geboortedatum is None and not p.ongeboren for p in m.personen)


def kind_is_volwassen(m: MeldingGegevens) -> bool:
    """Someone in the role 'kind in het gezin' was 18 or older when the melding came in."""
    datum = m.ontvangstdatum

    def leeftijd(g) -> int:
        return datum.year - g.year - ((datum.month, datum.day) < (g.month, g.day))

    return any(
        p.rol == RolInMelding.KIND
        and p.geboortedatum is not None
        and p.geboortedatum <= datum
        and leeftijd(p.geboortedatum) >= VOLWASSEN
        for p in m.personen
    )


def gemeente_onbekend(m: MeldingGegevens) -> bool:
    """Neither the huishouden nor the melding has a gemeente (CBS gets the code 'onbekend')."""
    return not m.gemeente


def melder_onbekend(m: MeldingGegevens) -> bool:
    """No melder (hoedanigheid) is recorded."""
    return not m.hoedanigheid


REGELS: tuple[Regel, ...] = (
    Regel(
        "besluit_voor_ontvangst",
        FOUT,
        _("Het besluit is gedateerd vóór de ontvangst van de melding."),
        besluit_voor_ontvangst,
    ),
    Regel(
        "conclusie_zonder_onderzoek",
        FOUT,
        _("Er is een conclusie per type geweld vastgelegd zonder dienst Onderzoek."),
        conclusie_zonder_onderzoek,
    ),
    Regel(
        "kind_geboren_na_ontvangst",
        FOUT,
        _(
            "Een kind is geboren na de ontvangst van de melding: controleer de geboortedatum "
            "(een kind dat toen nog niet geboren was, heeft geen geboortedatum en geen BSN)."
        ),
        kind_geboren_na_ontvangst,
    ),
    Regel(
        "zonder_directbetrokkenen",
        FOUT,
        _("De melding heeft geen directbetrokkenen."),
        zonder_directbetrokkenen,
    ),
    Regel(
        "zonder_aanleiding",
        FOUT,
        _("De melding heeft geen aanleiding (type geweld)."),
        zonder_aanleiding,
    ),
    Regel(
        "dienst_past_niet_bij_besluit",
        FOUT,
        _("De vervolgdienst past niet bij het besluit van de veiligheidsbeoordeling."),
        dienst_past_niet_bij_besluit,
    ),
    Regel(
        "politie_via_telefoon",
        WAARSCHUWING,
        _("De melder is de politie maar het kanaal is telefoon: controleer het kanaal."),
        politie_via_telefoon,
    ),
    Regel(
        "geboortedatum_ontbreekt",
        WAARSCHUWING,
        _("Van een directbetrokkene ontbreekt de geboortedatum."),
        geboortedatum_ontbreekt,
    ),
    Regel(
        "kind_is_volwassen",
        WAARSCHUWING,
        _("Iemand met de rol 'kind in het gezin' was bij de ontvangst 18 jaar of ouder."),
        kind_is_volwassen,
    ),
    Regel(
        "gemeente_onbekend",
        WAARSCHUWING,
        _("Er is geen gemeente vastgelegd; CBS krijgt de code 'onbekend'."),
        gemeente_onbekend,
    ),
    Regel(
        "melder_onbekend",
        WAARSCHUWING,
        _("Er is geen melder (hoedanigheid) vastgelegd."),
        melder_onbekend,
    ),
)
PER_CODE = {r.code: r for r in REGELS}


class Kwaliteit:
    """Collects, per rule, the meldingen it holds for (number and team)."""

    def __init__(self) -> None:
        self.treffers: dict[str, list[tuple[str, int]]] = {r.code: [] for r in REGELS}

    def toets(self, m: MeldingGegevens) -> None:
        for r in REGELS:
            if r.geldt(m):
                self.treffers[r.code].append((m.nummer, m.team_id))

    @property
    def aantal_fouten(self) -> int:
        return sum(len(self.treffers[r.code]) for r in REGELS if r.niveau == FOUT)

    def rapport(self) -> list[dict]:
        """JSON-ready, every rule (also those without findings, so the page shows what was
        checked). Numbers are stored; the page shows each viewer only those it may see."""
        return [
            {
                "code": r.code,
                "niveau": r.niveau,
                "melding": str(r.melding),
                "aantal": len(self.treffers[r.code]),
                "nummers": [nummer for nummer, _team in self.treffers[r.code]],
            }
            for r in REGELS
        ]
