"""Intake: registering adviezen and meldingen, converting an advies into a melding."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from meldingen import identiteit
from meldingen.keuzes import (
    Aanleiding,
    Aard,
    AdviesStatus,
    Geslacht,
    Hoedanigheid,
    Kanaal,
    RolInMelding,
    SoortMelding,
)
from meldingen.models import (
    Advies,
    Directbetrokkene,
    Huishouden,
    Koppelvoorstel,
    Melder,
    Melding,
    MeldingAanleiding,
    MeldingAard,
    Persoon,
)
from meldingen.selectors.personen import zoekfilter
from meldingen.services._basis import journaal_systeem, verplichte_tekst, volgend_nummer
from veiligthuis import termijnen
from veiligthuis.audit import audit_log
from veiligthuis.exceptions import DomainError
from veiligthuis.fsm import controleer_overgang
from veiligthuis.models import Gemeente, Medewerker, Team
from veiligthuis.rechten import ADVIESROLLEN, INTAKEROLLEN, eis_rol, eis_team
from veiligthuis.validators import valideer_bsn, valideer_niet_in_toekomst


@dataclass(frozen=True)
class MelderGegevens:
    hoedanigheid: str
    naam: str = ""
    organisatie: str = ""
    telefoon: str = ""
    email: str = ""
    identiteit_delen: bool = False
    zet_hulp_voort: bool = False


@dataclass(frozen=True)
class BetrokkeneGegevens:
    """A directbetrokkene: either an existing `persoon_id`, or the data of a new person."""

    rol: str
    persoon_id: int | None = None
    voornamen: str = ""
    tussenvoegsel: str = ""
    achternaam: str = ""
    geboortedatum: date | None = None
    geslacht: str = Geslacht.ONBEKEND
    bsn: str | None = None
    ongeboren: bool = False


@dataclass(frozen=True)
class AdresGegevens:
    straat: str = ""
    huisnummer: str = ""
    postcode: str = ""
    woonplaats: str = ""


@dataclass(frozen=True)
class MeldingGegevens:
    ontvangen_op: datetime
    kanaal: str
    samenvatting: str
    melder: MelderGegevens
    directbetrokkenen: list[BetrokkeneGegevens]
    aanleidingen: list[str]
    aarden: list[str] = field(default_factory=list)
    gemeente_id: int | None = None
    team_id: int | None = None
    # What the channel says it is (the police API may send it); the service derives the soort
    # from the earlier meldingen and notes a difference in the journal.
    soort: str | None = None
    adres: AdresGegevens | None = None
    huishouden_id: int | None = None


def _keuze(waarde: str, keuzes, *, veld: str, naam: str) -> str:
    if waarde not in keuzes.values:
        raise DomainError(
            _("Onbekende waarde voor %(naam)s: '%(waarde)s'.") % {"naam": naam, "waarde": waarde},
            velden={veld: _("Kies een geldige waarde.")},
        )
    return waarde


# Veilig Thuis began in 2015; its predecessors (AMK, SHG) kept records from well before 2000.
EERSTE_ONTVANGSTJAAR = 2000


def controleer_ontvangen_op(ontvangen_op: datetime) -> None:
    """Refuse a moment of receipt in the future or before 2000. The intake forms ask this too, so
    the error shows in the same round as the missing fields (the service stays the guard)."""
    if timezone.is_naive(ontvangen_op):
        raise DomainError(_("Het ontvangstmoment moet een tijdzone hebben."))
    if ontvangen_op > timezone.now() + timedelta(minutes=5):
        melding = _("Het ontvangstmoment ligt in de toekomst.")
        raise DomainError(melding, velden={"ontvangen_op": melding})
    if ontvangen_op.year < EERSTE_ONTVANGSTJAAR:
        # Found by fuzzing: such dates are typos, and before 1900 they get odd local-time offsets.
        melding = _("Het ontvangstmoment ligt te ver in het verleden (vóór %(jaar)d).") % {
            "jaar": EERSTE_ONTVANGSTJAAR
        }
        raise DomainError(melding, velden={"ontvangen_op": melding})


@transaction.atomic
def advies_register(
    *,
    door: Medewerker,
    ontvangen_op: datetime,
    kanaal: str,
    hoedanigheid: str,
    aanleiding: str,
    onderwerp: str,
    samenvatting: str,
    gemeente_id: int | None = None,
    adviesvrager_naam: str = "",
    naam_toestemming: bool = False,
) -> Advies:
    """Record an advies. No data about directbetrokkenen; the asker's name only with consent."""
    eis_rol(door, *ADVIESROLLEN, actie=_("een advies vastleggen"))
    if door.team_id is None:
        raise DomainError(_("U hoort bij geen team; een advies wordt per team vastgelegd."))
    controleer_ontvangen_op(ontvangen_op)
    _keuze(kanaal, Kanaal, veld="kanaal", naam=_("kanaal"))
    _keuze(hoedanigheid, Hoedanigheid, veld="hoedanigheid", naam=_("hoedanigheid"))
    _keuze(aanleiding, Aanleiding, veld="aanleiding", naam=_("type geweld"))
    adviesvrager_naam = adviesvrager_naam.strip()
    if adviesvrager_naam and not naam_toestemming:
        melding = _("De naam van de adviesvrager mag alleen met toestemming worden vastgelegd.")
        raise DomainError(melding, velden={"adviesvrager_naam": melding})
    advies = Advies.objects.create(
        nummer=volgend_nummer("AD", timezone.localtime(ontvangen_op).year),
        ontvangen_op=ontvangen_op,
        kanaal=kanaal,
        hoedanigheid=hoedanigheid,
        adviesvrager_naam=adviesvrager_naam,
        naam_toestemming=naam_toestemming,
        gemeente=Gemeente.objects.filter(pk=gemeente_id).first() if gemeente_id else None,
        team_id=door.team_id,
        aanleiding=aanleiding,
        onderwerp=verplichte_tekst(
            onderwerp, veld="onderwerp", melding=_("Een onderwerp is verplicht.")
        ),
        samenvatting=verplichte_tekst(
            samenvatting,
            veld="samenvatting",
            melding=_("Een samenvatting van het advies is verplicht."),
        ),
        gegeven_door=door,
    )
    audit_log(door, "advies.registreren", advies)
    return advies


def _vergrendel_advies(advies_id: int, door: Medewerker) -> Advies:
    try:
        advies = Advies.objects.select_for_update().get(pk=advies_id)
    except Advies.DoesNotExist:
        raise DomainError(_("Dit advies bestaat niet.")) from None
    eis_team(door, advies.team_id, actie=_("dit advies wijzigen"))
    return advies


@transaction.atomic
def advies_afronden(*, advies_id: int, door: Medewerker) -> Advies:
    """Close an advies that did not lead to a melding."""
    eis_rol(door, *ADVIESROLLEN, actie=_("een advies afronden"))
    advies = _vergrendel_advies(advies_id, door)
    controleer_overgang(advies, advies.afronden, actie=_("Afronden"))
    advies.afronden()
    advies.save()
    audit_log(door, "advies.afronden", advies)
    return advies


@transaction.atomic
def advies_omzetten_in_melding(
    *, advies_id: int, door: Medewerker, gegevens: MeldingGegevens
) -> Melding:
    """The conversation shows a melding is needed: create it, link it, close the advies."""
    advies = _vergrendel_advies(advies_id, door)
    if advies.status != AdviesStatus.OPEN:
        raise DomainError(
            _("Dit advies is al %(status)s en kan niet meer worden omgezet.")
            % {"status": advies.get_status_display().lower()}
        )
    melding = melding_register(door=door, gegevens=gegevens)
    advies.melding = melding
    controleer_overgang(advies, advies.omzetten_in_melding, actie=_("Omzetten in melding"))
    advies.omzetten_in_melding()
    advies.save()
    journaal_systeem(
        melding, _("Melding ontstaan uit advies %(nummer)s.") % {"nummer": advies.nummer}, door=door
    )
    audit_log(door, "advies.omzetten", advies, melding=melding.nummer)
    return melding


def persoon_voor_betrokkene(
    gegevens: BetrokkeneGegevens, index: int, *, veldprefix: str | None = None
) -> tuple[Persoon, str, list[Persoon]]:
    """The chosen, the recognised (`meldingen.identiteit`) or a new person, and how it was found.

    The second value is the journal's explanation of an automatic link ("" otherwise); the third
    the known persons a new person might be (they become koppelvoorstellen for the team). Used by
    every intake channel and by adding a directbetrokkene later (`services.betrokkenen`).
    Field errors are keyed `<veldprefix><veld>` (default `directbetrokkenen.<index>.<veld>`).
    """
    prefix = f"directbetrokkenen.{index}." if veldprefix is None else veldprefix
    if gegevens.persoon_id:
        # Linking needs the data that finds this person (BSN, or achternaam + geboortedatum):
        # an id alone would let anyone attach, and then read, an arbitrary person.
        zoek = zoekfilter(
            bsn=gegevens.bsn, achternaam=gegevens.achternaam, geboortedatum=gegevens.geboortedatum
        )
        persoon = Persoon.objects.filter(Q(pk=gegevens.persoon_id) & zoek).first() if zoek else None
        if persoon is None:
            tekst = _(
                "De gekozen bekende persoon past niet bij het ingevulde BSN of de achternaam en "
                "geboortedatum."
            )
            raise DomainError(tekst, velden={f"{prefix}persoon_id": tekst})
        return persoon, "", []
    fouten: dict[str, str] = {}
    if not gegevens.achternaam.strip():
        fouten[f"{prefix}achternaam"] = _("De achternaam is verplicht.")
    if not gegevens.voornamen.strip() and not gegevens.ongeboren:
        fouten[f"{prefix}voornamen"] = _("De voornaam is verplicht.")
    bsn = (gegevens.bsn or "").strip() or None
    if gegevens.ongeboren:
        fouten.update(_ongeboren_fouten(gegevens, bsn=bsn, prefix=prefix))
    for veld, validator, waarde in (
        ("bsn", valideer_bsn, bsn),
        ("geboortedatum", valideer_niet_in_toekomst, gegevens.geboortedatum),
    ):
        try:
            validator(waarde)
        except ValidationError as fout:
            fouten[f"{prefix}{veld}"] = fout.messages[0]
    if gegevens.geslacht not in Geslacht.values:
        fouten[f"{prefix}geslacht"] = _("Kies een geldige waarde.")
    if fouten:
        raise DomainError(
            _("De gegevens van directbetrokkene %(n)d zijn niet in orde: %(fouten)s")
            % {"n": index + 1, "fouten": " ".join(fouten.values())},
            velden=fouten,
        )
    if gegevens.ongeboren:
        # Nothing identifies a child that is not born yet: always a person of its own.
        persoon = Persoon.objects.create(
            voornamen=gegevens.voornamen.strip(),
            tussenvoegsel=gegevens.tussenvoegsel.strip(),
            achternaam=gegevens.achternaam.strip(),
            geslacht=gegevens.geslacht,
            ongeboren=True,
        )
        return persoon, "", []
    uitkomst = identiteit.persoon_zoeken(
        identiteit.Persoonsgegevens(
            voornamen=gegevens.voornamen,
            tussenvoegsel=gegevens.tussenvoegsel,
            achternaam=gegevens.achternaam,
            geboortedatum=gegevens.geboortedatum,
            bsn=bsn,
        )
    )
    if uitkomst.persoon is not None:
        persoon = uitkomst.persoon
        if bsn and not persoon.bsn:
            # Recognised on name and birth date; the BSN this intake brings is now known too.
            persoon.bsn = bsn
            persoon.save(update_fields=["bsn"])
        return persoon, uitkomst.toelichting, []
    persoon = Persoon.objects.create(
        voornamen=gegevens.voornamen.strip(),
        tussenvoegsel=gegevens.tussenvoegsel.strip(),
        achternaam=gegevens.achternaam.strip(),
        geboortedatum=gegevens.geboortedatum,
        geslacht=gegevens.geslacht,
        bsn=bsn,
    )
    return persoon, "", uitkomst.kandidaten


def _ongeboren_fouten(gegevens: BetrokkeneGegevens, *, bsn: str | None, prefix: str) -> dict:
    """Why a directbetrokkene cannot be recorded as unborn: only a child, without birth date or BSN."""
    fouten = {}
    if gegevens.rol != RolInMelding.KIND:
        fouten[f"{prefix}ongeboren"] = _("Alleen een kind kan als ongeboren worden vastgelegd.")
    if gegevens.geboortedatum is not None:
        fouten[f"{prefix}geboortedatum"] = _(
            "Een ongeboren kind heeft nog geen geboortedatum; laat die leeg of vink ongeboren uit."
        )
    if bsn:
        fouten[f"{prefix}bsn"] = _(
            "Een ongeboren kind heeft nog geen BSN; laat dat leeg of vink ongeboren uit."
        )
    return fouten


def koppeling_vastleggen(
    melding: Melding,
    persoon: Persoon,
    *,
    nummer: int,
    rol: str,
    toelichting: str,
    kandidaten: list[Persoon],
    door: Medewerker,
) -> None:
    """What identity resolution found for directbetrokkene `nummer`: koppelvoorstellen for its
    candidates, and a journal line saying how it was linked or that the team must decide."""
    Koppelvoorstel.objects.bulk_create(
        [Koppelvoorstel(melding=melding, persoon=persoon, kandidaat=k) for k in kandidaten],
        ignore_conflicts=True,
    )
    if kandidaten:
        toelichting = _(
            "mogelijk een bekende persoon; het team beslist bij 'Mogelijk dezelfde persoon'"
        )
    if toelichting:
        journaal_systeem(
            melding,
            _("Directbetrokkene %(n)d (%(rol)s): %(toelichting)s.")
            % {"n": nummer, "rol": RolInMelding(rol).label.lower(), "toelichting": toelichting},
            door=door,
        )


def _bepaal_team(gegevens: MeldingGegevens, door: Medewerker, gemeente: Gemeente | None) -> Team:
    """The melding goes to the given team, else the team serving the gemeente, else the user's."""
    if gegevens.team_id:
        team = Team.objects.filter(pk=gegevens.team_id).first()
        if team is None:
            raise DomainError(_("Onbekend team."), velden={"team": _("Onbekend team.")})
        return team
    if gemeente is not None:
        team = gemeente.teams.order_by("pk").first()
        if team is not None:
            return team
    if door.team_id:
        return door.team
    raise DomainError(
        _("Kies het team dat de melding oppakt."), velden={"team": _("Kies een team.")}
    )


@transaction.atomic
def melding_register(*, door: Medewerker, gegevens: MeldingGegevens) -> Melding:
    """Register a melding with melder, categories and directbetrokkenen; store its termijnen.

    Everything is validated before anything is written, and the whole registration is one
    transaction: a refused melding leaves no person, melder or number behind.
    """
    eis_rol(door, *INTAKEROLLEN, actie=_("een melding registreren"))
    controleer_ontvangen_op(gegevens.ontvangen_op)
    _keuze(gegevens.kanaal, Kanaal, veld="kanaal", naam=_("kanaal"))
    if gegevens.soort is not None:
        _keuze(gegevens.soort, SoortMelding, veld="soort", naam=_("soort melding"))
    _keuze(
        gegevens.melder.hoedanigheid,
        Hoedanigheid,
        veld="melder.hoedanigheid",
        naam=_("hoedanigheid van de melder"),
    )
    if not gegevens.aanleidingen:
        raise DomainError(
            _("Kies minstens één type geweld (aanleiding)."),
            velden={"aanleidingen": _("Kies minstens één aanleiding.")},
        )
    for code in gegevens.aanleidingen:
        _keuze(code, Aanleiding, veld="aanleidingen", naam=_("aanleiding"))
    for code in gegevens.aarden:
        _keuze(code, Aard, veld="aarden", naam=_("aard van het geweld"))
    if not gegevens.directbetrokkenen:
        raise DomainError(
            _("Een melding gaat over minstens één directbetrokkene."),
            velden={"directbetrokkenen": _("Voeg minstens één directbetrokkene toe.")},
        )
    for index, betrokkene in enumerate(gegevens.directbetrokkenen):
        _keuze(betrokkene.rol, RolInMelding, veld=f"directbetrokkenen.{index}.rol", naam=_("rol"))
    samenvatting = verplichte_tekst(
        gegevens.samenvatting,
        veld="samenvatting",
        melding=_("Beschrijf de zorgen van de melder."),
    )
    gemeente = None
    if gegevens.gemeente_id:
        gemeente = Gemeente.objects.filter(pk=gegevens.gemeente_id).first()
        if gemeente is None:
            raise DomainError(
                _("Onbekende gemeente."), velden={"gemeente": _("Onbekende gemeente.")}
            )
    team = _bepaal_team(gegevens, door, gemeente)
    gevonden = [persoon_voor_betrokkene(b, i) for i, b in enumerate(gegevens.directbetrokkenen)]
    personen = [persoon for persoon, _toelichting, _kandidaten in gevonden]
    if len({p.pk for p in personen}) != len(personen):
        raise DomainError(
            _("Dezelfde persoon staat twee keer bij de directbetrokkenen."),
            velden={"directbetrokkenen": _("Elke persoon maar één keer.")},
        )

    huishouden = None
    huishouden_bekend = False
    if gegevens.huishouden_id:
        huishouden = Huishouden.objects.filter(pk=gegevens.huishouden_id).first()
        if huishouden is not None:
            huishouden = identiteit.samengevoegd_tot(huishouden)
    elif gegevens.adres and any(vars(gegevens.adres).values()):
        adres = gegevens.adres
        huishouden = identiteit.huishouden_zoeken(
            postcode=adres.postcode, huisnummer=adres.huisnummer
        )
        huishouden_bekend = huishouden is not None
    if huishouden is None and gegevens.adres and any(vars(gegevens.adres).values()):
        adres = gegevens.adres
        huishouden = Huishouden.objects.create(
            straat=adres.straat.strip(),
            huisnummer=adres.huisnummer.strip(),
            postcode=adres.postcode.replace(" ", "").upper(),
            woonplaats=adres.woonplaats.strip(),
            gemeente=gemeente,
        )

    nu = timezone.now()
    melding = Melding.objects.create(
        # The real number is taken last (see below); this keeps the unique column filled.
        nummer=f"NIEUW-{uuid.uuid4().hex[:14]}",
        ontvangen_op=gegevens.ontvangen_op,
        vastgelegd_op=nu,
        kanaal=gegevens.kanaal,
        soort=identiteit.soort_bepalen(
            persoon_ids=[p.pk for p in personen],
            huishouden=huishouden,
            ontvangen_op=gegevens.ontvangen_op,
        ),
        team=team,
        gemeente=gemeente,
        huishouden=huishouden,
        samenvatting=samenvatting,
        aangemaakt_door=door,
        termijn_acute_screening=termijnen.termijn_acute_screening(
            gegevens.ontvangen_op, gegevens.kanaal
        ),
        termijn_veiligheidsbeoordeling=termijnen.termijn_veiligheidsbeoordeling(
            gegevens.ontvangen_op
        ),
        termijn_informeren_betrokkenen=termijnen.termijn_informeren_betrokkenen(nu),
    )
    m = gegevens.melder
    Melder.objects.create(
        melding=melding,
        hoedanigheid=m.hoedanigheid,
        naam=m.naam.strip(),
        organisatie=m.organisatie.strip(),
        telefoon=m.telefoon.strip(),
        email=m.email.strip(),
        identiteit_delen=m.identiteit_delen,
        zet_hulp_voort=m.zet_hulp_voort,
    )
    MeldingAanleiding.objects.bulk_create(
        [
            MeldingAanleiding(melding=melding, aanleiding=a)
            for a in dict.fromkeys(gegevens.aanleidingen)
        ]
    )
    MeldingAard.objects.bulk_create(
        [MeldingAard(melding=melding, aard=a) for a in dict.fromkeys(gegevens.aarden)]
    )
    Directbetrokkene.objects.bulk_create(
        [
            Directbetrokkene(melding=melding, persoon=persoon, rol=b.rol)
            for persoon, b in zip(personen, gegevens.directbetrokkenen, strict=True)
        ]
    )
    journaal_systeem(
        melding,
        _("Melding ontvangen via %(kanaal)s en vastgelegd.")
        % {"kanaal": Kanaal(gegevens.kanaal).label.lower()},
        door=door,
    )
    for index, ((persoon, toelichting, kandidaten), betrokkene) in enumerate(
        zip(gevonden, gegevens.directbetrokkenen, strict=True)
    ):
        koppeling_vastleggen(
            melding,
            persoon,
            nummer=index + 1,
            rol=betrokkene.rol,
            toelichting=toelichting,
            kandidaten=kandidaten,
            door=door,
        )
    soort = SoortMelding(melding.soort)
    if gegevens.soort is not None and gegevens.soort != soort:
        journaal_systeem(
            melding,
            _(
                "Soort melding bepaald als %(soort)s uit de eerdere meldingen (opgegeven: %(opgegeven)s)."
            )
            % {
                "soort": soort.label.lower(),
                "opgegeven": SoortMelding(gegevens.soort).label.lower(),
            },
            door=door,
        )
    if huishouden_bekend:
        journaal_systeem(
            melding, _("Het adres is gekoppeld aan een bekend huishouden (op adres)."), door=door
        )
    # The year's number row stays locked until commit and so serialises concurrent intakes:
    # take it as the last write, after every other row of the melding is in place.
    melding.nummer = volgend_nummer("VT", timezone.localtime(gegevens.ontvangen_op).year)
    melding.save(update_fields=["nummer"])
    audit_log(door, "melding.registreren", melding)
    return melding
