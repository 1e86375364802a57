"""The protocol invariants of the veiligheidsbeoordeling, written down once (issue 12).

Each rule is a named predicate: it reads, never writes, and returns whether the rule holds. It
carries a `Regel` with a one-line Dutch reason (the refusal text) and the passage of DOMAIN.md or
the seeds (/work/shared/seeds/) it comes from. The services check them (`eis`, and
`besluit_overtredingen` for everything a besluit needs) on every channel, because every channel
(web, htmx, API, tasks, commands) goes through those services; `tests/meldingen/test_protocol_demo.py`
walks the demo meldingen through the same predicates.

Decision "ooit acuut": a melding that is or ever was acuut (screening A, or a herprioritering to or
from acuut) keeps the requirement of an MDO with a gedragswetenschapper or vertrouwensarts, also
after a werkbegeleider lowered the urgentie with a reason. The MDO is about the acute onveiligheid
that was seen, not about the melding's current place on the list; reading "acuut now" let an
acute melding be decided without an MDO after `teruggeven` or a zicht-op-veiligheidscontact.
The floor is code, not an `Afwegingsregel` row: beheer can switch a row off, not this rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meldingen.keuzes import (
    ActiviteitSoort,
    Antwoord,
    BesluitRoute,
    ConsultVorm,
    MeldingStatus,
    ScreeningUitkomst,
    Urgentie,
    VerrijkingStatus,
)
from meldingen.models.dossier import Herprioritering
from veiligthuis.exceptions import DomainError
from veiligthuis.inzetbaarheid import eis_inzetbaar, is_inzetbaar
from veiligthuis.models import Rol

# Small clock skew between the browser and the server is not "in the future".
SPELING = timedelta(minutes=5)
RANG = {Urgentie.ACUUT: 0, Urgentie.HOOG: 1, Urgentie.MIDDEN: 2, Urgentie.LAAG: 3}
MDO_DESKUNDIGEN = (Rol.GEDRAGSWETENSCHAPPER, Rol.VERTROUWENSARTS)
# Lowering an urgentie is a judgement about safety: casework roles of the team, not the
# secretariaat (which does the verrijking, DOMAIN.md §1) nor a consulted deskundige.
VERLAGEN_ROLLEN = (Rol.ONDERZOEKER, Rol.WERKBEGELEIDER)
# "Afsluiten: geen vervolgstappen nodig" is the one route that ends all involvement.
ROUTES_ZONDER_VERVOLGSTAPPEN = (BesluitRoute.AFSLUITEN,)
# A contactpoging is an attempt, not contact: a besluit needs a gesprek or huisbezoek, or a reason.
CONTACTSOORTEN = (ActiviteitSoort.GESPREK, ActiviteitSoort.HUISBEZOEK)
# 30 letters or digits (spaces and punctuation not counted): one short sentence that names a fact
# and a conclusion ("Moeder en kind gesproken, geen onveiligheid" has 37). "." or "zie dossier"
# fails; it is a floor against an empty gesture, not a length target.
MIN_ONDERBOUWING = 30


@dataclass(frozen=True)
class Regel:
    code: str
    reden: str  # the refusal, one Dutch line (lazy: translated when shown)
    bron: str  # where the rule comes from


REGELS: dict[str, Regel] = {}


def regel(code: str, reden: str, bron: str) -> Callable[[Callable[..., bool]], Callable[..., bool]]:
    """Attach a Regel to a predicate and register it."""

    def markeer(predicaat: Callable[..., bool]) -> Callable[..., bool]:
        predicaat.regel = REGELS[code] = Regel(code, reden, bron)  # type: ignore[attr-defined]
        return predicaat

    return markeer


def reden(predicaat: Callable[..., bool]) -> str:
    return str(predicaat.regel.reden)  # type: ignore[attr-defined]


def eis(predicaat: Callable[..., bool], *, veld: str | None = None, **argumenten) -> None:
    """Raise the predicate's Dutch reason as a DomainError unless it holds for `argumenten`."""
    if not predicaat(**argumenten):
        tekst = reden(predicaat)
        raise DomainError(tekst, velden={veld: tekst} if veld else None)


# --- urgentie ---------------------------------------------------------------------------------


def is_verlaging(van: str, naar: str) -> bool:
    """Whether going from `van` to `naar` lowers the priority (a first urgentie lowers nothing)."""
    return bool(van) and van in RANG and RANG.get(naar, 99) > RANG[van]


@regel(
    "herprioritering_met_reden",
    gettext_lazy("Een herprioritering vraagt altijd een reden."),
    "DOMAIN.md §7: 'every herprioritering is logged with reason'",
)
def herprioritering_heeft_reden(*, reden: str) -> bool:
    """Every change of an urgentie names why."""
    return bool((reden or "").strip())


@regel(
    "acuut_alleen_werkbegeleider",
    gettext_lazy(
        "De urgentie acuut mag alleen een werkbegeleider van het team verlagen, met een reden."
    ),
    "DOMAIN.md §11: 'its urgentie \"acuut\" is never lowered silently'; §5 Onderdeel A; seed 003",
)
def acuut_verlagen_toegestaan(*, melding, naar: str, door) -> bool:
    """Acuut is lowered only by a werkbegeleider of the melding's team."""
    if melding.urgentie != Urgentie.ACUUT or naar == Urgentie.ACUUT:
        return True
    return door.heeft_rol(Rol.WERKBEGELEIDER) and door.team_id == melding.team_id


@regel(
    "verlagen_alleen_casuswerk",
    gettext_lazy(
        "Alleen een onderzoeker of werkbegeleider van het team mag een urgentie verlagen."
    ),
    "DOMAIN.md §1 (rollen: het secretariaat doet de verrijking) en §7 (herprioritering)",
)
def verlagen_toegestaan(*, melding, naar: str, door) -> bool:
    """Raising is open to every case role; lowering is for the team's onderzoekers and werkbegeleiders."""
    if not is_verlaging(melding.urgentie, naar):
        return True
    return door.heeft_rol(*VERLAGEN_ROLLEN) and door.team_id == melding.team_id


def _acute_herprioriteringen() -> Q:
    return Q(van=Urgentie.ACUUT) | Q(naar=Urgentie.ACUUT)


def ooit_acuut_annotatie() -> dict:
    """For a selector: `is_ooit_acuut` then reads this annotation instead of one query more."""
    return {
        "acuut_geherprioriteerd": Exists(
            Herprioritering.objects.filter(_acute_herprioriteringen(), melding=OuterRef("pk"))
        )
    }


def is_ooit_acuut(melding) -> bool:
    """Whether the melding is acuut, was screened acuut, or was ever herprioritised to/from acuut."""
    if melding.urgentie == Urgentie.ACUUT:
        return True
    a = getattr(melding, "beoordeling_a", None)
    if a is not None and a.uitkomst == ScreeningUitkomst.ACUUT:
        return True
    if hasattr(melding, "acuut_geherprioriteerd"):
        return melding.acuut_geherprioriteerd
    return melding.herprioriteringen.filter(_acute_herprioriteringen()).exists()


# --- consulten --------------------------------------------------------------------------------


@regel(
    "consult_in_looptijd",
    gettext_lazy(
        "Een consult of MDO telt alleen als het plaatsvond tussen de ontvangst van de melding en nu."
    ),
    "DOMAIN.md §5 (expertise volgens het afwegingskader, binnen de veiligheidsbeoordeling); seed 003",
)
def consult_in_looptijd(*, melding, datum: datetime | None, nu: datetime | None = None) -> bool:
    """A consult about this melding took place after its ontvangst and not in the future."""
    nu = nu or timezone.now()
    return datum is not None and melding.ontvangen_op <= datum <= nu + SPELING


@regel(
    "deelnemers_inzetbaar",
    gettext_lazy(
        "Elke deelnemer aan een consult of MDO moet een actieve, inzetbare medewerker zijn."
    ),
    "DOMAIN.md §1: 'Someone lacking these must not be assignable to cases'; IGJ toetsingskader 4.2",
)
def deelnemers_inzetbaar(*, deelnemers: Iterable, op: date | None = None) -> bool:
    """Every deelnemer is active and inzetbaar (VOG, diploma, registratie) on day `op`."""
    deelnemers = list(deelnemers)
    return bool(deelnemers) and all(d.is_active and is_inzetbaar(d, op=op) for d in deelnemers)


def eis_consult(melding, *, datum: datetime, deelnemers: Iterable) -> None:
    """Refuse a consult dated outside the melding's looptijd or with a deelnemer who is not inzetbaar.

    Each such deelnemer is named with the reasons (`veiligthuis.inzetbaarheid`).
    """
    eis(consult_in_looptijd, melding=melding, datum=datum, veld="datum")
    for deelnemer in deelnemers:
        eis_inzetbaar(deelnemer, actie=_("deelnemen aan een consult of MDO"), veld="deelnemers")


def geldige_consulten(melding, consulten: Iterable, *, nu: datetime | None = None) -> list:
    """The consulten that count for the afwegingskader and the MDO rules: dated in the looptijd."""
    return [c for c in consulten if consult_in_looptijd(melding=melding, datum=c.datum, nu=nu)]


def _consulten(melding) -> list:
    if "consulten" in getattr(melding, "_prefetched_objects_cache", {}):
        return list(melding.consulten.all())
    return list(melding.consulten.prefetch_related("deelnemers__roltoewijzingen"))


@regel(
    "acuut_mdo",
    gettext_lazy(
        "Deze melding is of was acuut: vóór het besluit is een MDO met een gedragswetenschapper "
        "of vertrouwensarts nodig."
    ),
    "DOMAIN.md §5 Onderdeel A ('an MDO with a GW or VA is planned at once') en §11 "
    "('An acute melding always gets one', seed 003)",
)
def acuut_heeft_mdo(*, melding, nu: datetime | None = None) -> bool:
    """A melding that was ever acuut has an MDO, dated in its looptijd, with a GW or VA."""
    if not is_ooit_acuut(melding):
        return True
    return any(
        c.vorm == ConsultVorm.MDO and any(d.heeft_rol(*MDO_DESKUNDIGEN) for d in c.deelnemers.all())
        for c in geldige_consulten(melding, _consulten(melding), nu=nu)
    )


# --- aard and signalen ------------------------------------------------------------------------


@regel(
    "verwijderen_met_reden",
    gettext_lazy(
        "Een aard of signaal verwijderen kan alleen met een reden: het kan een eis van het "
        "afwegingskader laten vervallen."
    ),
    "DOMAIN.md §5 (afwegingskader: 'letsel → VA for letselbeoordeling'); seed 003 (afwegingskader)",
)
def verwijdering_verantwoord(*, verwijderd: Iterable[str], reden: str) -> bool:
    """Removing an aard or a signaal that the kader reacts to is done with a reason."""
    return not list(verwijderd) or bool((reden or "").strip())


# --- the besluit ------------------------------------------------------------------------------


@regel(
    "afsluiten_past_bij_instrument",
    gettext_lazy(
        "'Afsluiten: geen vervolgstappen nodig' past niet bij het triage-instrument: acute of "
        "structurele onveiligheid is met 'ja' beantwoord."
    ),
    "DOMAIN.md §5 (triage-instrument; besluit 'afsluiten (geen onveiligheid / geen actie nodig)'); "
    "seed 004 (triage-instrument)",
)
def besluit_past_bij_instrument(*, route: str, b) -> bool:
    """No vervolgstappen only when neither acute nor structurele onveiligheid is 'ja'."""
    if route not in ROUTES_ZONDER_VERVOLGSTAPPEN:
        return True
    return b is not None and Antwoord.JA not in (b.acute_onveiligheid, b.structurele_onveiligheid)


def echte_tekens(tekst: str) -> int:
    """Letters and digits in `tekst`; spaces and punctuation do not make an onderbouwing."""
    return sum(teken.isalnum() for teken in tekst or "")


@regel(
    "onderbouwing_navolgbaar",
    gettext_lazy(
        "De onderbouwing is te kort om navolgbaar te zijn: beschrijf in minstens 30 letters of "
        "cijfers waarom dit besluit is genomen."
    ),
    "DOMAIN.md §5: 'Besluit (always with written onderbouwing — \"navolgbaar\")'; seed 003",
)
def onderbouwing_navolgbaar(*, onderbouwing: str) -> bool:
    """The onderbouwing has at least MIN_ONDERBOUWING letters or digits."""
    return echte_tekens(onderbouwing) >= MIN_ONDERBOUWING


def open_verrijking(melding):
    """Verrijkingstaken not handled: still open, or 'niet mogelijk' without a reason."""
    return melding.verrijkingstaken.filter(
        Q(status=VerrijkingStatus.OPEN) | Q(status=VerrijkingStatus.NIET_MOGELIJK, resultaat="")
    )


@regel(
    "verrijking_afgehandeld",
    gettext_lazy(
        "Niet alle verrijkingstaken zijn afgehandeld: voer ze uit of leg vast waarom het niet "
        "mogelijk is."
    ),
    "DOMAIN.md §5 Verrijking: 'Each check is a task with a result'; seed 003 (verrijking)",
)
def verrijking_afgehandeld(*, melding) -> bool:
    """Every verrijkingstaak is done, or 'niet mogelijk' with the reason as its result."""
    return not open_verrijking(melding).exists()


@regel(
    "contact_of_reden",
    gettext_lazy(
        "Er is geen gesprek of huisbezoek met een directbetrokkene vastgelegd, en geen reden "
        "waarom dat er niet is."
    ),
    "DOMAIN.md §5 Onderdeel B ('contact with directbetrokkenen and melder') en 'Triagelijst "
    "truth' (IGJ 2026, seed 003: een zaak leek gestart maar het dossier toonde niets)",
)
def contact_of_reden(*, melding, reden_geen_contact: str = "", tot: datetime | None = None) -> bool:
    """A gesprek or huisbezoek is logged (before `tot`), or the reason why not is recorded."""
    if (reden_geen_contact or "").strip():
        return True
    contacten = melding.activiteiten.filter(soort__in=CONTACTSOORTEN)
    if tot is not None:
        contacten = contacten.filter(datum__lte=tot)
    return contacten.exists()


@regel(
    "overdracht_melder_beroepsmatig",
    gettext_lazy(
        "Overdracht aan de melder kan alleen aan een beroepsmatige melder die de hulp zelf voortzet."
    ),
    "DOMAIN.md §6 (besluit: overdracht aan de melder, 'professional gaat door'); seed 003",
)
def overdracht_aan_melder_mogelijk(*, melding, route: str) -> bool:
    """A buurtbewoner or a family member cannot take over the case; a professional who
    continues the help (melder.zet_hulp_voort) can."""
    if route != BesluitRoute.MELDER:
        return True
    melder = getattr(melding, "melder", None)
    return melder is not None and melder.is_beroepsmatig and melder.zet_hulp_voort


def besluit_overtredingen(
    melding,
    *,
    route: str,
    onderbouwing: str,
    reden_geen_contact: str = "",
    nu: datetime | None = None,
    kader_eist_acuut_mdo: bool = False,
) -> list[str]:
    """The Dutch reason of every protocol rule this besluit breaks, in the order of the form.

    `kader_eist_acuut_mdo`: the afwegingskader already names the missing acute MDO (its own rule
    on urgentie acuut), so the protocol floor does not say it twice.
    """
    b = getattr(melding, "beoordeling_b", None)
    redenen = []
    if not kader_eist_acuut_mdo and not acuut_heeft_mdo(melding=melding, nu=nu):
        redenen.append(reden(acuut_heeft_mdo))
    if not besluit_past_bij_instrument(route=route, b=b):
        redenen.append(reden(besluit_past_bij_instrument))
    if not overdracht_aan_melder_mogelijk(melding=melding, route=route):
        redenen.append(reden(overdracht_aan_melder_mogelijk))
    if not onderbouwing_navolgbaar(onderbouwing=onderbouwing):
        redenen.append(reden(onderbouwing_navolgbaar))
    if not verrijking_afgehandeld(melding=melding):
        open_bronnen = [t.get_bron_display() for t in open_verrijking(melding)]
        redenen.append(
            reden(verrijking_afgehandeld)
            + " "
            + _("Open: %(bronnen)s.") % {"bronnen": ", ".join(open_bronnen)}
        )
    if not contact_of_reden(melding=melding, reden_geen_contact=reden_geen_contact, tot=nu):
        redenen.append(reden(contact_of_reden))
    return redenen


def besluit_achteraf(melding) -> dict[str, bool]:
    """Each besluit rule (by code) for a recorded besluit, judged at the moment it was taken."""
    besluit = melding.besluit
    b = getattr(melding, "beoordeling_b", None)
    op = besluit.genomen_op
    return {
        "acuut_mdo": acuut_heeft_mdo(melding=melding, nu=op),
        "afsluiten_past_bij_instrument": besluit_past_bij_instrument(route=besluit.route, b=b),
        "overdracht_melder_beroepsmatig": overdracht_aan_melder_mogelijk(
            melding=melding, route=besluit.route
        ),
        "onderbouwing_navolgbaar": onderbouwing_navolgbaar(onderbouwing=besluit.onderbouwing),
        "verrijking_afgehandeld": verrijking_afgehandeld(melding=melding),
        "contact_of_reden": contact_of_reden(
            melding=melding, reden_geen_contact=besluit.reden_geen_contact, tot=op
        ),
    }


# --- gestart means gestart (lead, issue 12 item 3) ---------------------------------------------


@regel(
    "gestart_door_beoordelaar",
    gettext_lazy(
        "Een melding telt pas als gestart met een activiteit van een van haar beoordelaars na het "
        "oppakken."
    ),
    "seed 003: 'de triagelijst leek gestart maar het dossier liet niets zien'; DOMAIN.md §5",
)
def activiteit_start_de_beoordeling(*, melding, door, datum: datetime, opgepakt_op) -> bool:
    """Only the beoordelaars' own activity in B starts it: not an attempt by the secretariaat
    while the melding waits on the triagelijst, nor an activity dated before the pick-up."""
    if melding.status != MeldingStatus.IN_BEOORDELING:
        return False
    if door.pk not in (melding.beoordelaar_1_id, melding.beoordelaar_2_id):
        return False
    return opgepakt_op is None or datum >= opgepakt_op
