"""Services of klachten and calamiteiten: the only way their state changes.

Every function is keyword-only, runs in one transaction, locks the record it changes, checks the
role (`veiligthuis.rechten`) and the input before anything is written, calls one transition, and
writes a history row (`KlachtStap` / `CalamiteitStap`) and an audit entry in the same
transaction. Bad input raises `DomainError` (Dutch, per field where it belongs to one), a wrong
role `GeenToegang`; in both cases nothing has changed.

Moments (`op`) default to now; a moment given by the user may not lie in the future nor before
the klacht was received (or the calamiteit became known).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from diensten.models import Vervolgdienst
from meldingen.models import Melding
from meldingen.selectors import meldingen_voor
from meldingen.services._basis import volgend_nummer
from veiligthuis import termijnen
from veiligthuis.audit import audit_log
from veiligthuis.exceptions import DomainError
from veiligthuis.fsm import controleer_overgang
from veiligthuis.models import Medewerker
from veiligthuis.rechten import (
    CALAMITEITROLLEN,
    KLACHTROLLEN,
    calamiteit_filter,
    eis_rol,
    klacht_filter,
)
from verantwoording.models import (
    Calamiteit,
    CalamiteitSoort,
    CalamiteitStap,
    IndienerRelatie,
    Klacht,
    KlachtOordeel,
    KlachtStap,
)

# A clock a few minutes ahead of the server is not "in the future".
SPELING = timedelta(minutes=5)
KLACHT_ONDERWERPEN = ("algemeen", "melding", "dienst")


def _tekst(waarde: str | None) -> str:
    return (waarde or "").strip()


def _moment(
    op: datetime | None, *, nu: datetime, vanaf: datetime | None, veld: str = "op"
) -> datetime:
    """`op` (or now) checked: aware, not in the future, not before `vanaf`."""
    if op is None:
        return nu
    if op.tzinfo is None or op.utcoffset() is None:
        raise DomainError(_("Geef een datum en tijd op."), velden={veld: _("Ongeldige datum.")})
    if op > nu + SPELING:
        raise DomainError(
            _("Een datum in de toekomst kan niet."),
            velden={veld: _("Kies een moment dat al voorbij is.")},
        )
    if vanaf is not None and op < vanaf:
        raise DomainError(
            _("Dit moment ligt vóór de ontvangst (%(datum)s).")
            % {"datum": f"{timezone.localtime(vanaf):%d-%m-%Y %H:%M}"},
            velden={veld: _("Kies een moment na de ontvangst.")},
        )
    return op


def _opslaan(obj, *, actie: str) -> None:
    try:
        obj.save()
    except ConcurrentTransition:
        raise DomainError(
            _("%(actie)s kan niet: dit is intussen door iemand anders gewijzigd.")
            % {"actie": actie}
        ) from None


# --- Klachten --------------------------------------------------------------------------------


def _vergrendel_klacht(klacht_id: int, door: Medewerker, *, actie: str) -> Klacht:
    eis_rol(door, *KLACHTROLLEN, actie=actie)
    try:
        return Klacht.objects.select_for_update(of=("self",)).get(klacht_filter(door), pk=klacht_id)
    except Klacht.DoesNotExist:
        raise DomainError(_("Deze klacht bestaat niet of u heeft er geen toegang toe.")) from None


def _klacht_stap(
    klacht: Klacht,
    overgang: Callable[..., Any],
    *,
    door: Medewerker,
    op: datetime,
    actie: str,
    audit_actie: str,
    toelichting: str = "",
    argumenten: tuple = (),
) -> Klacht:
    """Check and run one transition, save, and write the history row and the audit entry."""
    controleer_overgang(klacht, overgang, actie=actie)
    van = klacht.status
    overgang(*argumenten)
    _opslaan(klacht, actie=actie)
    KlachtStap.objects.create(
        klacht=klacht, van=van, naar=klacht.status, door=door, op=op, toelichting=toelichting
    )
    audit_log(door, audit_actie, klacht, van=van, naar=klacht.status)
    return klacht


def _klacht_onderwerp(
    door: Medewerker, *, onderwerp: str, melding_nummer: str
) -> tuple[Melding | None, Vervolgdienst | None]:
    """The melding (and dienst) a klacht is about, looked up within what `door` may see."""
    if onderwerp not in KLACHT_ONDERWERPEN:
        raise DomainError(
            _("Kies waar de klacht over gaat."), velden={"onderwerp": _("Maak een keuze.")}
        )
    if onderwerp == "algemeen":
        return None, None
    nummer = _tekst(melding_nummer).upper()
    melding = meldingen_voor(gebruiker=door).filter(nummer=nummer).first() if nummer else None
    if melding is None:
        raise DomainError(
            _("Deze melding bestaat niet of u heeft er geen toegang toe."),
            velden={"melding_nummer": _("Geef het nummer van een melding van uw team.")},
        )
    if onderwerp == "melding":
        return melding, None
    dienst = Vervolgdienst.objects.filter(melding=melding).first()
    if dienst is None:
        raise DomainError(
            _("Melding %(nummer)s heeft geen vervolgdienst.") % {"nummer": melding.nummer},
            velden={"onderwerp": _("Kies 'melding' of geef een melding met een vervolgdienst.")},
        )
    return melding, dienst


@transaction.atomic
def klacht_register(
    *,
    door: Medewerker,
    indiener_naam: str,
    indiener_relatie: str,
    omschrijving: str,
    ontvangen_op: datetime,
    onderwerp: str = "algemeen",
    melding_nummer: str = "",
    vertrouwenspersoon_geinformeerd: bool = False,
    nu: datetime | None = None,
) -> Klacht:
    """Register a klacht; its termijn (`termijnen.termijn_klacht`) starts at `ontvangen_op`.

    About a melding or its vervolgdienst, the melding must be one `door` may see; the klacht then
    belongs to that melding's team. `vertrouwenspersoon_geinformeerd`: the indiener heard of the
    vertrouwenspersoon while filing.
    """
    eis_rol(door, *KLACHTROLLEN, actie=_("klachten registreren"))
    nu = nu or timezone.now()
    fouten = {}
    if not _tekst(indiener_naam):
        fouten["indiener_naam"] = _("Vul de naam van de indiener in.")
    if indiener_relatie not in IndienerRelatie.values:
        fouten["indiener_relatie"] = _("Kies de relatie van de indiener tot de casus.")
    if not _tekst(omschrijving):
        fouten["omschrijving"] = _("Beschrijf waar de klacht over gaat.")
    if fouten:
        raise DomainError(_("De klacht is niet geregistreerd: vul de velden aan."), velden=fouten)
    if ontvangen_op is None:
        raise DomainError(
            _("Geef op wanneer de klacht is ontvangen."),
            velden={"ontvangen_op": _("Vul de datum van ontvangst in.")},
        )
    ontvangen_op = _moment(ontvangen_op, nu=nu, vanaf=None, veld="ontvangen_op")
    melding, dienst = _klacht_onderwerp(door, onderwerp=onderwerp, melding_nummer=melding_nummer)
    klacht = Klacht.objects.create(
        nummer=volgend_nummer("KL", termijnen.lokale_datum(ontvangen_op).year),
        melding=melding,
        dienst=dienst,
        team_id=melding.team_id if melding else None,
        indiener_naam=_tekst(indiener_naam),
        indiener_relatie=indiener_relatie,
        omschrijving=_tekst(omschrijving),
        ontvangen_op=ontvangen_op,
        termijn=termijnen.termijn_klacht(ontvangen_op),
        vertrouwenspersoon_geinformeerd_op=ontvangen_op
        if vertrouwenspersoon_geinformeerd
        else None,
        behandelaar=door,
        geregistreerd_door=door,
    )
    KlachtStap.objects.create(
        klacht=klacht, van="", naar=klacht.status, door=door, op=nu, toelichting=_("Geregistreerd")
    )
    audit_log(
        door,
        "klacht.registreren",
        klacht,
        melding=melding.nummer if melding else None,
        onderwerp=onderwerp,
    )
    return klacht


@transaction.atomic
def klacht_confirm_receipt(
    *, klacht_id: int, door: Medewerker, op: datetime | None = None, nu: datetime | None = None
) -> Klacht:
    """The indiener has had the ontvangstbevestiging."""
    actie = _("De ontvangst bevestigen")
    klacht = _vergrendel_klacht(klacht_id, door, actie=actie)
    op = _moment(op, nu=nu or timezone.now(), vanaf=klacht.ontvangen_op)
    return _klacht_stap(
        klacht,
        klacht.ontvangst_bevestigen,
        door=door,
        op=op,
        actie=actie,
        audit_actie="klacht.bevestigen",
        argumenten=(op,),
    )


@transaction.atomic
def klacht_record_vertrouwenspersoon(
    *, klacht_id: int, door: Medewerker, op: datetime | None = None, nu: datetime | None = None
) -> Klacht:
    """Record that the indiener was told of the (independent) vertrouwenspersoon (norm 4.4)."""
    actie = _("Vastleggen dat de indiener is gewezen op een vertrouwenspersoon")
    klacht = _vergrendel_klacht(klacht_id, door, actie=actie)
    if klacht.afgehandeld_op is not None:
        raise DomainError(_("%(actie)s kan niet: de klacht is al afgehandeld.") % {"actie": actie})
    if klacht.vertrouwenspersoon_geinformeerd_op is not None:
        raise DomainError(_("Dit is al vastgelegd."))
    op = _moment(op, nu=nu or timezone.now(), vanaf=klacht.ontvangen_op)
    klacht.vertrouwenspersoon_geinformeerd_op = op
    klacht.save(update_fields=["vertrouwenspersoon_geinformeerd_op"])
    KlachtStap.objects.create(
        klacht=klacht,
        van=klacht.status,
        naar=klacht.status,
        door=door,
        op=op,
        toelichting=_("Gewezen op een vertrouwenspersoon"),
    )
    audit_log(door, "klacht.vertrouwenspersoon", klacht)
    return klacht


@transaction.atomic
def klacht_record_gesprek(
    *,
    klacht_id: int,
    door: Medewerker,
    verslag: str,
    op: datetime | None = None,
    nu: datetime | None = None,
) -> Klacht:
    """The gesprek with the indiener (and, where it fits, the medewerker) with its verslag."""
    actie = _("Het gesprek vastleggen")
    klacht = _vergrendel_klacht(klacht_id, door, actie=actie)
    controleer_overgang(klacht, klacht.gesprek_vastleggen, actie=actie, alleen_status=True)
    if not _tekst(verslag):
        raise DomainError(
            _("Het gesprek is niet vastgelegd: het verslag ontbreekt."),
            velden={"verslag": _("Vul het verslag van het gesprek in.")},
        )
    op = _moment(op, nu=nu or timezone.now(), vanaf=klacht.ontvangen_op)
    klacht.gesprek_op = op
    klacht.gesprek_verslag = _tekst(verslag)
    return _klacht_stap(
        klacht,
        klacht.gesprek_vastleggen,
        door=door,
        op=op,
        actie=actie,
        audit_actie="klacht.gesprek",
    )


@transaction.atomic
def klacht_judge(
    *,
    klacht_id: int,
    door: Medewerker,
    oordeel: str,
    onderbouwing: str,
    op: datetime | None = None,
    nu: datetime | None = None,
) -> Klacht:
    """The oordeel: gegrond, deels gegrond or ongegrond, always with its onderbouwing."""
    actie = _("Het oordeel geven")
    klacht = _vergrendel_klacht(klacht_id, door, actie=actie)
    controleer_overgang(klacht, klacht.beoordelen, actie=actie, alleen_status=True)
    fouten = {}
    if oordeel not in KlachtOordeel.values:
        fouten["oordeel"] = _("Kies gegrond, deels gegrond of ongegrond.")
    if not _tekst(onderbouwing):
        fouten["onderbouwing"] = _("Onderbouw het oordeel.")
    if fouten:
        raise DomainError(_("Het oordeel is niet vastgelegd."), velden=fouten)
    op = _moment(op, nu=nu or timezone.now(), vanaf=klacht.ontvangen_op)
    klacht.oordeel = oordeel
    klacht.oordeel_onderbouwing = _tekst(onderbouwing)
    return _klacht_stap(
        klacht,
        klacht.beoordelen,
        door=door,
        op=op,
        actie=actie,
        audit_actie="klacht.beoordelen",
        toelichting=KlachtOordeel(oordeel).label,
        argumenten=(op,),
    )


@transaction.atomic
def klacht_close(
    *,
    klacht_id: int,
    door: Medewerker,
    maatregelen: str = "",
    op: datetime | None = None,
    nu: datetime | None = None,
) -> Klacht:
    """Close the klacht: with maatregelen when (deels) gegrond, after the vertrouwenspersoon."""
    actie = _("De klacht afhandelen")
    klacht = _vergrendel_klacht(klacht_id, door, actie=actie)
    controleer_overgang(klacht, klacht.afhandelen, actie=actie, alleen_status=True)
    op = _moment(op, nu=nu or timezone.now(), vanaf=klacht.oordeel_op or klacht.ontvangen_op)
    klacht.maatregelen = _tekst(maatregelen)
    return _klacht_stap(
        klacht,
        klacht.afhandelen,
        door=door,
        op=op,
        actie=actie,
        audit_actie="klacht.afhandelen",
        argumenten=(op,),
    )


@transaction.atomic
def klacht_extend(
    *, klacht_id: int, door: Medewerker, reden: str, nu: datetime | None = None
) -> Klacht:
    """Extend the termijn once (`termijnen.verleng_termijn_klacht`), with a reason, before it ends."""
    actie = _("De termijn verlengen")
    klacht = _vergrendel_klacht(klacht_id, door, actie=actie)
    nu = nu or timezone.now()
    if klacht.afgehandeld_op is not None:
        raise DomainError(_("%(actie)s kan niet: de klacht is al afgehandeld.") % {"actie": actie})
    if klacht.is_verlengd:
        raise DomainError(
            _("%(actie)s kan niet: de termijn is al eens verlengd (dat kan één keer).")
            % {"actie": actie}
        )
    if nu > klacht.termijn:
        raise DomainError(
            _("%(actie)s kan niet: de termijn is op %(datum)s al verstreken.")
            % {"actie": actie, "datum": f"{timezone.localtime(klacht.termijn):%d-%m-%Y}"}
        )
    if not _tekst(reden):
        raise DomainError(
            _("De termijn is niet verlengd: de reden ontbreekt."),
            velden={"reden": _("Geef de reden van de verlenging.")},
        )
    vorige = klacht.termijn
    klacht.termijn = termijnen.verleng_termijn_klacht(vorige)
    klacht.verlengd_op = nu
    klacht.verlengingsreden = _tekst(reden)
    klacht.save(update_fields=["termijn", "verlengd_op", "verlengingsreden"])
    KlachtStap.objects.create(
        klacht=klacht,
        van=klacht.status,
        naar=klacht.status,
        door=door,
        op=nu,
        toelichting=_("Termijn verlengd: %(reden)s") % {"reden": klacht.verlengingsreden},
    )
    audit_log(
        door,
        "klacht.verlengen",
        klacht,
        van=vorige.isoformat(),
        tot=klacht.termijn.isoformat(),
    )
    return klacht


# --- Calamiteiten ----------------------------------------------------------------------------


def _vergrendel_calamiteit(calamiteit_id: int, door: Medewerker, *, actie: str) -> Calamiteit:
    eis_rol(door, *CALAMITEITROLLEN, actie=actie)
    try:
        return Calamiteit.objects.select_for_update(of=("self",)).get(
            calamiteit_filter(door), pk=calamiteit_id
        )
    except Calamiteit.DoesNotExist:
        raise DomainError(
            _("Deze calamiteit bestaat niet of u heeft er geen toegang toe.")
        ) from None


def _calamiteit_stap(
    calamiteit: Calamiteit,
    overgang: Callable[..., Any],
    *,
    door: Medewerker,
    op: datetime,
    actie: str,
    audit_actie: str,
    argumenten: tuple = (),
    toelichting: str = "",
) -> Calamiteit:
    controleer_overgang(calamiteit, overgang, actie=actie)
    van = calamiteit.status
    overgang(*argumenten)
    _opslaan(calamiteit, actie=actie)
    CalamiteitStap.objects.create(
        calamiteit=calamiteit,
        van=van,
        naar=calamiteit.status,
        door=door,
        op=op,
        toelichting=toelichting,
    )
    audit_log(door, audit_actie, calamiteit, van=van, naar=calamiteit.status)
    return calamiteit


@transaction.atomic
def calamiteit_register(
    *,
    door: Medewerker,
    soort: str,
    omschrijving: str,
    kennisname_op: datetime,
    melding_nummers: Iterable[str],
    nu: datetime | None = None,
) -> Calamiteit:
    """Register a calamiteit about one or more meldingen of `door`'s team; the clock to report it
    to the inspectie (`termijnen.termijn_melding_calamiteit`) starts at `kennisname_op`."""
    eis_rol(door, *CALAMITEITROLLEN, actie=_("calamiteiten registreren"))
    nu = nu or timezone.now()
    fouten = {}
    if soort not in CalamiteitSoort.values:
        fouten["soort"] = _("Kies de soort melding.")
    if not _tekst(omschrijving):
        fouten["omschrijving"] = _("Beschrijf wat er is gebeurd.")
    nummers = sorted({_tekst(n).upper() for n in melding_nummers if _tekst(n)})
    if not nummers:
        fouten["melding_nummers"] = _("Geef minstens één meldingnummer.")
    if kennisname_op is None:
        fouten["kennisname_op"] = _("Vul in wanneer Veilig Thuis ervan hoorde.")
    if fouten:
        raise DomainError(
            _("De calamiteit is niet geregistreerd: vul de velden aan."), velden=fouten
        )
    kennisname_op = _moment(kennisname_op, nu=nu, vanaf=None, veld="kennisname_op")
    eigen = Melding.objects.filter(team_id=door.team_id, nummer__in=nummers)
    gevonden = set(eigen.values_list("nummer", flat=True))
    if door.team_id is None or gevonden != set(nummers):
        onbekend = ", ".join(n for n in nummers if n not in gevonden)
        raise DomainError(
            _("Onbekende melding(en) of niet van uw team: %(nummers)s.") % {"nummers": onbekend},
            velden={"melding_nummers": _("Geef nummers van meldingen van uw eigen team.")},
        )
    calamiteit = Calamiteit.objects.create(
        nummer=volgend_nummer("CAL", termijnen.lokale_datum(kennisname_op).year),
        soort=soort,
        team_id=door.team_id,
        omschrijving=_tekst(omschrijving),
        kennisname_op=kennisname_op,
        termijn_melding=termijnen.termijn_melding_calamiteit(kennisname_op),
        geregistreerd_door=door,
    )
    calamiteit.meldingen.set(eigen)
    CalamiteitStap.objects.create(
        calamiteit=calamiteit,
        van="",
        naar=calamiteit.status,
        door=door,
        op=nu,
        toelichting=_("Geregistreerd"),
    )
    audit_log(door, "calamiteit.registreren", calamiteit, meldingen=nummers, soort=soort)
    return calamiteit


@transaction.atomic
def calamiteit_report(
    *,
    calamiteit_id: int,
    door: Medewerker,
    kenmerk: str = "",
    op: datetime | None = None,
    nu: datetime | None = None,
) -> Calamiteit:
    """Reported to the inspectie; the analysis report is due `VT_CALAMITEIT_RAPPORT_WEKEN` later."""
    actie = _("Melden aan de inspectie")
    calamiteit = _vergrendel_calamiteit(calamiteit_id, door, actie=actie)
    controleer_overgang(calamiteit, calamiteit.melden, actie=actie, alleen_status=True)
    op = _moment(op, nu=nu or timezone.now(), vanaf=calamiteit.kennisname_op)
    calamiteit.kenmerk_igj = _tekst(kenmerk)
    return _calamiteit_stap(
        calamiteit,
        calamiteit.melden,
        door=door,
        op=op,
        actie=actie,
        audit_actie="calamiteit.melden",
        argumenten=(op, termijnen.termijn_rapport_calamiteit(op)),
    )


@transaction.atomic
def calamiteit_start_analysis(
    *, calamiteit_id: int, door: Medewerker, op: datetime | None = None, nu: datetime | None = None
) -> Calamiteit:
    actie = _("De analyse starten")
    calamiteit = _vergrendel_calamiteit(calamiteit_id, door, actie=actie)
    op = _moment(op, nu=nu or timezone.now(), vanaf=calamiteit.kennisname_op)
    return _calamiteit_stap(
        calamiteit,
        calamiteit.analyse_starten,
        door=door,
        op=op,
        actie=actie,
        audit_actie="calamiteit.analyse",
        argumenten=(op,),
    )


@transaction.atomic
def calamiteit_send_report(
    *, calamiteit_id: int, door: Medewerker, op: datetime | None = None, nu: datetime | None = None
) -> Calamiteit:
    actie = _("Het rapport versturen")
    calamiteit = _vergrendel_calamiteit(calamiteit_id, door, actie=actie)
    op = _moment(op, nu=nu or timezone.now(), vanaf=calamiteit.kennisname_op)
    return _calamiteit_stap(
        calamiteit,
        calamiteit.rapport_versturen,
        door=door,
        op=op,
        actie=actie,
        audit_actie="calamiteit.rapport",
        argumenten=(op,),
    )


@transaction.atomic
def calamiteit_close(
    *,
    calamiteit_id: int,
    door: Medewerker,
    verbetermaatregelen: str,
    op: datetime | None = None,
    nu: datetime | None = None,
) -> Calamiteit:
    """Close with the verbetermaatregelen the analysis led to (norm 4.3, lerend werkklimaat)."""
    actie = _("De calamiteit afronden")
    calamiteit = _vergrendel_calamiteit(calamiteit_id, door, actie=actie)
    controleer_overgang(calamiteit, calamiteit.afronden, actie=actie, alleen_status=True)
    op = _moment(op, nu=nu or timezone.now(), vanaf=calamiteit.kennisname_op)
    calamiteit.verbetermaatregelen = _tekst(verbetermaatregelen)
    return _calamiteit_stap(
        calamiteit,
        calamiteit.afronden,
        door=door,
        op=op,
        actie=actie,
        audit_actie="calamiteit.afronden",
        argumenten=(op,),
    )
