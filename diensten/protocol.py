"""The protocol's invariants of a vervolgdienst, written down once.

Each rule is a named, pure predicate with a one-line Dutch reason and the passage it comes from
(DOMAIN.md, the seeds). The services check them (`diensten.services.uitvoering`, `.nazorg`),
`diensten.eisen` builds the checklist and the refusal of `dienst_afronden` from them, and
`diensten.eisen.schendingen` walks a stored dienst through all of them (the demo test uses it), so a rule that
changes here changes on every channel: web, htmx, API, Celery and the demo generator.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from diensten.keuzes import DienstStatus, DienstType, GesprekVorm, TerugkoppelingMoment
from meldingen.keuzes import Aanleiding, BesluitRoute, RolInMelding
from veiligthuis import termijnen

D = DienstStatus
V = GesprekVorm

MIN_INFORMANTEN = 2
SPREKEN_VANAF = 4  # children from 4 years are spoken with, younger ones seen
VOLWASSEN = 18
# "Andere problematiek" is not a type geweld that an Onderzoek can confirm or refute.
GEEN_CONCLUSIE_NODIG = frozenset({Aanleiding.ANDERE_PROBLEMATIEK})
# A conversation in person. A telephone call is contact, not a conversation with a child.
FACE_TO_FACE = frozenset({V.GESPREK, V.HUISBEZOEK})
# What starts a dienst: the uitvoerder meets the family (DOMAIN §11 "Gestart").
STARTVORMEN = FACE_TO_FACE
# Statuses a dienst only reaches after it started (gestopt can be either).
NA_DE_START = frozenset(
    {D.LOPEND, D.AFGEROND, D.OP_KETENPARTNER, D.OVERDRACHT, D.MONITORING, D.AFGESLOTEN}
)
NA_AFRONDEN = frozenset({D.AFGEROND, D.OP_KETENPARTNER, D.OVERDRACHT, D.MONITORING, D.AFGESLOTEN})


@dataclass(frozen=True)
class Regel:
    """One invariant: its code, the Dutch reason shown when it is broken, and its source."""

    code: str
    reden: Promise
    bron: str


GESTART_MET_ACTIVITEIT = Regel(
    "gestart_met_activiteit",
    _(
        "Een dienst start met het eerste gesprek of huisbezoek van de uitvoerder; "
        "dat is nog niet vastgelegd."
    ),
    "DOMAIN.md §11 'Gestart' en §5 'Triagelijst truth'; seed 003 (IGJ 2026): 'het lijkt dat een "
    "onderzoeker is gestart …, maar uit het dossier blijkt dat dit niet zo is'.",
)
KIND_FACE_TO_FACE = Regel(
    "kind_face_to_face",
    _(
        "Een kind vanaf 4 jaar is pas gesproken na een gesprek of huisbezoek; "
        "een telefoongesprek telt niet."
    ),
    "DOMAIN.md §11 'Gesproken' en §6 (kinderen vanaf 4 jaar gesproken, jongere gezien).",
)
AFWIJKING_ALLEEN_PERSOON = Regel(
    "afwijking_alleen_persoon",
    _(
        "Een afwijking kan alleen voor een directbetrokkene die niet gesproken of gezien kon "
        "worden. Deze eis hoort bij de kern van de dienst en moet worden vervuld."
    ),
    "DOMAIN.md §11 'Afwijking' en §6 ('a child not spoken … with a recorded reason').",
)
ONDERZOEK_INFORMANTEN = Regel(
    "onderzoek_informanten",
    _("Een Onderzoek vraagt minstens 2 informanten (professionals)."),
    "DOMAIN.md §6 Onderzoek: 'at least 2 informanten'.",
)
ONDERZOEK_HOOR_EN_WEDERHOOR = Regel(
    "onderzoek_hoor_en_wederhoor",
    _("Een Onderzoek vraagt vastgelegd hoor en wederhoor."),
    "DOMAIN.md §6 Onderzoek: 'hoor en wederhoor'.",
)
ONDERZOEK_CONCLUSIE = Regel(
    "onderzoek_conclusie",
    _("Een Onderzoek trekt een conclusie per type geweld."),
    "DOMAIN.md §6 Onderzoek: 'conclusion per type geweld: bevestigd / niet bevestigd / weerlegd'.",
)
VEILIGHEIDSVOORWAARDE = Regel(
    "veiligheidsvoorwaarde",
    _("Een dienst legt minstens één veiligheidsvoorwaarde vast."),
    "DOMAIN.md §6 V&V: 'set concrete veiligheidsvoorwaarden'; Onderzoek: 'veiligheidsvoorwaarden'.",
)
VV_VERVOLGTRAJECT = Regel(
    "vv_vervolgtraject",
    _(
        "Een Voorwaarden & Vervolg start een vervolgtraject: leg eerst de overdracht aan een "
        "ketenpartner met veiligheidsafspraken vast."
    ),
    "DOMAIN.md §6 V&V: 'start a vervolgtraject (usually overdracht to a ketenpartner); agree "
    "monitoring'; §11 'Afwijking' (never replaces the vervolgtraject).",
)

REGELS = (
    GESTART_MET_ACTIVITEIT,
    KIND_FACE_TO_FACE,
    AFWIJKING_ALLEEN_PERSOON,
    ONDERZOEK_INFORMANTEN,
    ONDERZOEK_HOOR_EN_WEDERHOOR,
    ONDERZOEK_CONCLUSIE,
    VEILIGHEIDSVOORWAARDE,
    VV_VERVOLGTRAJECT,
)


# --- gesproken / gezien ---------------------------------------------------------------------------


def heeft_contacteis(persoon) -> bool:
    """Every directbetrokkene is spoken with or seen, except a child not born yet: the contact
    requirement is then the pregnant parent's own (recorded as ongeboren, meldingen.Persoon)."""
    return not persoon.ongeboren


def moet_face_to_face(leeftijd: int | None, rol: str) -> bool:
    """A child from 4 (or a child of unknown age) is spoken with in person, never by phone only."""
    if leeftijd is None:
        return rol == RolInMelding.KIND
    return SPREKEN_VANAF <= leeftijd < VOLWASSEN


def is_jong_kind(leeftijd: int | None) -> bool:
    """Younger than 4 on the day: seen, not spoken."""
    return leeftijd is not None and leeftijd < SPREKEN_VANAF


def telt_voor_persoon(vorm: str, leeftijd: int | None, rol: str) -> bool:
    """Does a contact of this `vorm` meet the person-level requirement on that day?

    Younger than 4: seen in person (gesprek, huisbezoek, gezien). A child from 4: a gesprek or
    huisbezoek. An adult: spoken with, by phone too.
    """
    if is_jong_kind(leeftijd):
        return vorm in V.gezien()
    if moet_face_to_face(leeftijd, rol):
        return vorm in FACE_TO_FACE
    return vorm in V.gesproken()


# --- gestart means gestart ------------------------------------------------------------------------


def is_startactiviteit(*, vorm: str, door_id: int | None, uitvoerder_id: int | None) -> bool:
    """A gesprek or huisbezoek recorded by the dienst's uitvoerder starts the dienst."""
    return vorm in STARTVORMEN and uitvoerder_id is not None and door_id == uitvoerder_id


def startactiviteiten(dienst) -> list:
    """The face-to-face gesprekken that can mark the start, earliest first (reads prefetched rows).

    Those by the current uitvoerder; when the dienst was handed to someone else after it started,
    the earlier uitvoerder's gesprekken count as well (any face-to-face gesprek).
    """
    if dienst.pk is None:
        return []
    gesprekken = sorted(dienst.gesprekken.all(), key=lambda g: (g.datum, g.pk))
    eigen = [
        g
        for g in gesprekken
        if is_startactiviteit(vorm=g.vorm, door_id=g.door_id, uitvoerder_id=dienst.uitvoerder_id)
    ]
    if eigen or dienst.gestart_op is None:
        return eigen
    return [g for g in gesprekken if g.vorm in STARTVORMEN]


def startmoment(datum: date, *, besluit_op: datetime, nu: datetime | None = None) -> datetime:
    """`gestart_op` for a start activity dated `datum`.

    A gesprek has a date, not a time: recorded on its own day it is now, recorded later it is the
    start of that day; never before the besluit (the wait is measured from it).
    """
    nu = nu or timezone.now()
    moment = nu if datum >= termijnen.lokale_datum(nu) else termijnen.begin_dag(datum)
    return max(moment, besluit_op)


def is_gestart_met_activiteit(dienst) -> bool:
    """Gestart, and the start date is that of the first gesprek or huisbezoek of the uitvoerder."""
    if dienst.gestart_op is None:
        return False
    activiteiten = startactiviteiten(dienst)
    if not activiteiten:
        return False
    return termijnen.lokale_datum(dienst.gestart_op) == max(
        activiteiten[0].datum, termijnen.lokale_datum(dienst.besluit_op)
    )


# --- afwijkingen ----------------------------------------------------------------------------------


def is_persoonseis(code: str) -> bool:
    """Only a person-level requirement (a directbetrokkene spoken / seen) may be passed."""
    return code.startswith("gesprek:")


def is_afwijkbaar(code: str) -> bool:
    """Transition rule of afwijking_aanvragen and of the checklist: the kern is never excused."""
    return is_persoonseis(code)


# --- the kern of each dienst ----------------------------------------------------------------------


def conclusietypen(aanleidingen: Iterable[str]) -> set[str]:
    """The types geweld an Onderzoek must conclude on."""
    return set(aanleidingen) - GEEN_CONCLUSIE_NODIG


def heeft_voldoende_informanten(aantal: int) -> bool:
    return aantal >= MIN_INFORMANTEN


def heeft_vervolgtraject(dienst) -> bool:
    """A V&V hands over to a ketenpartner with afspraken; an Onderzoek does not need one."""
    if dienst.type != DienstType.VOORWAARDEN_EN_VERVOLG:
        return True
    overdracht = getattr(dienst, "overdracht", None)
    return bool(overdracht and overdracht.afspraken.all())


# --- a stored dienst against every rule -----------------------------------------------------------


# --- closing a melding straight after the besluit (issue 12 item 5) ------------------------------

OVERDRACHT_NA_B = Regel(
    "overdracht_na_b_met_afspraken",
    _(
        "Bij een besluit tot overdracht is eerst de overdracht met minstens één concrete "
        "veiligheidsafspraak (wat, wie, uiterlijk, hoe gecontroleerd) nodig."
    ),
    "DOMAIN.md §5 (besluit 'overdracht aan lokaal veld … met veiligheidsafspraken') en §6 "
    "(overdracht met veiligheidsafspraken); issue 12 item 5.",
)
TERUGKOPPELING_NA_B = Regel(
    "terugkoppeling_na_b",
    _(
        "De melder is nog niet teruggekoppeld na de veiligheidsbeoordeling. Leg de "
        "terugkoppeling vast, of waarom die niet mogelijk is (melder anoniem of onbereikbaar)."
    ),
    "DOMAIN.md §5 Onderdeel B ('terugkoppeling aan de melder', wettelijke taak); issue 12 item 5.",
)


def heeft_overdracht_na_b(melding) -> bool:
    """A besluit "overdracht" has its structured overdracht with at least one afspraak."""
    besluit = getattr(melding, "besluit", None)
    if besluit is None or besluit.route not in BesluitRoute.overdrachten():
        return True
    overdracht = getattr(melding, "overdracht_na_b", None)
    return bool(overdracht and overdracht.afspraken.exists())


def heeft_terugkoppeling_na_b(melding) -> bool:
    """The melder was informed after B, or why that was not possible is recorded (the service
    refuses "niet mogelijk" without a toelichting)."""
    return melding.terugkoppelingen.filter(moment=TerugkoppelingMoment.NA_BEOORDELING).exists()


def afsluiten_na_b_bezwaren(*, melding) -> list[str]:
    """The reasons why a besloten melding may not be afgesloten yet; called by
    `meldingen.services.melding_afsluiten` through settings.VT_VOOR_AFSLUITEN."""
    bezwaren = []
    if not heeft_overdracht_na_b(melding):
        bezwaren.append(str(OVERDRACHT_NA_B.reden))
    if not heeft_terugkoppeling_na_b(melding):
        bezwaren.append(str(TERUGKOPPELING_NA_B.reden))
    return bezwaren
