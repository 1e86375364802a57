"""The letters the system writes, as PDF (WeasyPrint), and archiving what was sent as a bijlage.

One function per letter checks that the letter belongs to the case's state, builds its context
and renders `templates/brieven/<brief>.html` (on `_basis.html`: A4, page numbers, Veilig Thuis's
letterhead from `settings.VT_ORGANISATIE` and the case number as "Ons kenmerk"). Every letter
names the family it is about (the directbetrokkenen as recorded, and the address), the
ketenpartner and every veiligheidsafspraak where there is an overdracht, and the voorwaarden
where a dienst set them.

Rendering (`veiligthuis.pdf`) touches nothing outside the process: the CSS is inline, the fonts
are the system's, there is no base URL and every resource but an inline `data:` URI is refused,
so a letter never waits on the network and never leaks a request. Nothing is stored until the
PDF is complete: `brief_bewaren` hands the bytes to `meldingen.services.bijlagen.brief_archiveren`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from diensten.keuzes import DienstStatus
from diensten.models import Overdracht, Vervolgdienst
from meldingen.keuzes import BijlageOnderdeel, Brief
from meldingen.models import Bijlage, Directbetrokkene, Informering, Melding
from meldingen.models.informeren import InformeringWijze
from meldingen.services.bijlagen import brief_archiveren
from veiligthuis.exceptions import DomainError
from veiligthuis.models import Medewerker
from veiligthuis.pdf import pdf_maken


@dataclass(frozen=True)
class OpgesteldeBrief:
    """A rendered letter, not yet archived."""

    melding: Melding
    brief: str  # meldingen.keuzes.Brief
    onderdeel: str  # meldingen.keuzes.BijlageOnderdeel
    aan: str
    bestandsnaam: str
    pdf: bytes
    # A dienst's letter may be archived by its uitvoerder, also one of another team.
    uitvoerder_id: int | None = None


# --- What every letter shows ---------------------------------------------------------------------


def _bestandsnaam(soort: str, melding: Melding, datum: date) -> str:
    # No names in a file name: it travels with the download and ends up in mail and folders.
    return f"{soort}-{melding.nummer}-{datum:%Y-%m-%d}.pdf"


def _betrokkenen(melding: Melding) -> list[Directbetrokkene]:
    """The directbetrokkenen as recorded, in the order they were added (one query)."""
    return list(
        Directbetrokkene.objects.filter(melding_id=melding.pk)
        .select_related("persoon")
        .order_by("pk")
    )


def _adres(melding: Melding) -> list[str]:
    """The address lines of the huishouden the melding is about (empty when none is recorded)."""
    huishouden = melding.huishouden if melding.huishouden_id else None
    if huishouden is None:
        return []
    regels = [
        " ".join(d for d in (huishouden.straat, huishouden.huisnummer) if d),
        " ".join(d for d in (huishouden.postcode, huishouden.woonplaats) if d),
    ]
    return [r for r in regels if r]


def _volwassenen(betrokkenen: list[Directbetrokkene], op: date) -> list[Directbetrokkene]:
    return [
        db
        for db in betrokkenen
        if (leeftijd := db.persoon.leeftijd_op(op)) is not None and leeftijd >= 18
    ]


def _namen(betrokkenen: list[Directbetrokkene]) -> str:
    return ", ".join(str(db.persoon) for db in betrokkenen)


def _overdracht_van(melding: Melding) -> Overdracht | None:
    """The overdracht of the case: straight after B, or after its vervolgdienst."""
    overdracht = Overdracht.objects.filter(melding_id=melding.pk).first()
    if overdracht is None:
        overdracht = Overdracht.objects.filter(dienst__melding_id=melding.pk).first()
    return overdracht


def _basis(melding: Melding, *, titel: str, datum: date, **extra) -> dict:
    betrokkenen = _betrokkenen(melding)
    return {
        "org": settings.VT_ORGANISATIE,
        "melding": melding,
        "titel": titel,
        "datum": datum,
        "betrokkenen": betrokkenen,
        "adres": _adres(melding),
        **extra,
    }


def _hulp(overdracht: Overdracht | None, dienst: Vervolgdienst | None) -> dict:
    """The ketenpartner, the afspraken and the voorwaarden, for the letters that mention them."""
    return {
        "overdracht": overdracht,
        "afspraken": list(overdracht.afspraken.order_by("uiterlijk", "pk")) if overdracht else [],
        "voorwaarden": list(dienst.voorwaarden.order_by("sinds", "pk")) if dienst else [],
    }


def _ketenpartner_aan(overdracht: Overdracht) -> str:
    aan = overdracht.ontvanger
    if overdracht.contactpersoon:
        aan = _("%(aan)s, t.a.v. %(naam)s") % {"aan": aan, "naam": overdracht.contactpersoon}
    return aan


# --- The letters -----------------------------------------------------------------------------------


def overdrachtsbrief_na_dienst(dienst: Vervolgdienst) -> OpgesteldeBrief:
    """The letter to the ketenpartner that takes over after a dienst: the family, every
    veiligheidsafspraak and the voorwaarden the dienst set."""
    overdracht = (
        Overdracht.objects.filter(dienst_id=dienst.pk)
        .select_related("ketenpartner", "door")
        .first()
    )
    if overdracht is None:
        raise DomainError(_("Voor deze dienst is nog geen overdracht vastgelegd."))
    melding = dienst.melding
    datum = timezone.localdate()
    context = _basis(
        melding,
        titel=_("Overdracht met veiligheidsafspraken"),
        datum=datum,
        dienst=dienst,
        na_dienst=True,
        ondertekenaar=dienst.uitvoerder or overdracht.door,
        **_hulp(overdracht, dienst),
    )
    return OpgesteldeBrief(
        melding=melding,
        brief=Brief.OVERDRACHT,
        onderdeel=BijlageOnderdeel.DIENST,
        aan=_ketenpartner_aan(overdracht),
        bestandsnaam=_bestandsnaam("overdrachtsbrief", melding, datum),
        pdf=pdf_maken("brieven/overdrachtsbrief.html", context),
        uitvoerder_id=dienst.uitvoerder_id,
    )


def overdrachtsbrief_na_b(melding: Melding) -> OpgesteldeBrief:
    """The letter to the receiver of an overdracht straight after the veiligheidsbeoordeling."""
    overdracht = (
        Overdracht.objects.filter(melding_id=melding.pk)
        .select_related("ketenpartner", "door")
        .first()
    )
    if overdracht is None or not overdracht.afspraken.exists():
        raise DomainError(_("Voor deze melding is nog geen overdracht met afspraken vastgelegd."))
    datum = timezone.localdate()
    context = _basis(
        melding,
        titel=_("Overdracht met veiligheidsafspraken"),
        datum=datum,
        na_dienst=False,
        ondertekenaar=overdracht.door,
        **_hulp(overdracht, None),
    )
    return OpgesteldeBrief(
        melding=melding,
        brief=Brief.OVERDRACHT,
        onderdeel=BijlageOnderdeel.MELDING,
        aan=_ketenpartner_aan(overdracht),
        bestandsnaam=_bestandsnaam("overdrachtsbrief", melding, datum),
        pdf=pdf_maken("brieven/overdrachtsbrief.html", context),
    )


def afsluitbrief(dienst: Vervolgdienst) -> OpgesteldeBrief:
    """The letter to the family at closure, after the monitoring: the voorwaarden, who continues
    the help with which afspraken, and the ervaringsonderzoek unless a contra-indication."""
    if dienst.status not in (DienstStatus.MONITORING, DienstStatus.AFGESLOTEN):
        raise DomainError(
            _(
                "De afsluitbrief hoort bij het afsluiten na de monitoring; deze dienst is nog "
                "niet zo ver."
            )
        )
    melding = dienst.melding
    datum = timezone.localdate()
    overdracht = (
        Overdracht.objects.filter(dienst_id=dienst.pk).select_related("ketenpartner").first()
    )
    context = _basis(
        melding,
        titel=_("Afsluiting van de dienst %(type)s") % {"type": dienst.get_type_display()},
        datum=datum,
        dienst=dienst,
        uitnodiging=dienst.ervaringsonderzoek and not dienst.contra_indicatie,
        ondertekenaar=dienst.uitvoerder,
        **_hulp(overdracht, dienst),
    )
    geadresseerden = _volwassenen(context["betrokkenen"], datum)
    context["geadresseerden"] = geadresseerden
    return OpgesteldeBrief(
        melding=melding,
        brief=Brief.AFSLUITING,
        onderdeel=BijlageOnderdeel.DIENST,
        aan=_namen(geadresseerden) or _("de directbetrokkenen"),
        bestandsnaam=_bestandsnaam("afsluitbrief", melding, datum),
        pdf=pdf_maken("brieven/afsluitbrief.html", context),
        uitvoerder_id=dienst.uitvoerder_id,
    )


def informeringsbrief(melding: Melding, *, door: Medewerker) -> OpgesteldeBrief:
    """The letter informing the directbetrokkenen that Veilig Thuis recorded data about them
    (Wmo 2015 art. 5.3.1), with their rights. It is addressed to the adults, never to someone
    recorded as not to be informed (a weighty interest such as the child's safety)."""
    datum = timezone.localdate()
    context = _basis(
        melding,
        titel=_("Veilig Thuis heeft gegevens over u vastgelegd"),
        datum=datum,
        ondertekenaar=door,
    )
    betrokkenen = context["betrokkenen"]
    if not betrokkenen:
        raise DomainError(_("Op deze melding staan geen directbetrokkenen om te informeren."))
    niet = set(
        Informering.objects.filter(melding_id=melding.pk, wijze=InformeringWijze.NIET).values_list(
            "persoon_id", flat=True
        )
    )
    te_informeren = [db for db in betrokkenen if db.persoon_id not in niet]
    if not te_informeren:
        raise DomainError(
            _(
                "Van iedereen op deze melding is vastgelegd dat zij niet geïnformeerd worden; "
                "er gaat geen brief uit."
            )
        )
    geadresseerden = _volwassenen(te_informeren, datum)
    overdracht = _overdracht_van(melding)
    dienst = Vervolgdienst.objects.filter(melding_id=melding.pk).first()
    context |= _hulp(overdracht, dienst)
    context |= {"geadresseerden": geadresseerden, "ontvangen_op": melding.ontvangen_op}
    return OpgesteldeBrief(
        melding=melding,
        brief=Brief.INFORMEREN,
        onderdeel=BijlageOnderdeel.MELDING,
        aan=_namen(geadresseerden) or _("de directbetrokkenen"),
        bestandsnaam=_bestandsnaam("informeren", melding, datum),
        pdf=pdf_maken("brieven/informeren.html", context),
    )


def terugkoppelingsbrief(melding: Melding, *, door: Medewerker) -> OpgesteldeBrief:
    """The terugkoppeling aan de melder: what Veilig Thuis decided, who took the help over, with
    which afspraken and voorwaarden, and the terugkoppelingen already recorded."""
    besluit = getattr(melding, "besluit", None)
    if besluit is None:
        raise DomainError(
            _("De terugkoppeling aan de melder volgt op het besluit; er is nog geen besluit.")
        )
    melder = getattr(melding, "melder", None)
    if melder is None:
        raise DomainError(_("Bij deze melding is geen melder vastgelegd."))
    datum = timezone.localdate()
    dienst = Vervolgdienst.objects.filter(melding_id=melding.pk).first()
    context = _basis(
        melding,
        titel=_("Terugkoppeling over uw melding"),
        datum=datum,
        melder=melder,
        besluit=besluit,
        dienst=dienst,
        terugkoppelingen=list(melding.terugkoppelingen.order_by("op", "pk")),
        ondertekenaar=door,
        **_hulp(_overdracht_van(melding), dienst),
    )
    aan = melder.naam or melder.organisatie or melder.get_hoedanigheid_display()
    if melder.naam and melder.organisatie:
        aan = f"{melder.naam} ({melder.organisatie})"
    return OpgesteldeBrief(
        melding=melding,
        brief=Brief.TERUGKOPPELING,
        onderdeel=BijlageOnderdeel.MELDING,
        aan=_("de melder (%(aan)s)") % {"aan": aan},
        bestandsnaam=_bestandsnaam("terugkoppeling", melding, datum),
        pdf=pdf_maken("brieven/terugkoppeling.html", context),
    )


# --- Archiving -------------------------------------------------------------------------------------


def brief_bewaren(*, opgesteld: OpgesteldeBrief, door: Medewerker) -> Bijlage:
    """Archive a rendered letter in the dossier (the service checks role, team and the bytes)."""
    return brief_archiveren(
        melding_id=opgesteld.melding.pk,
        door=door,
        brief=opgesteld.brief,
        pdf=opgesteld.pdf,
        bestandsnaam=opgesteld.bestandsnaam,
        aan=opgesteld.aan,
        onderdeel=opgesteld.onderdeel,
        uitvoerder_id=opgesteld.uitvoerder_id,
    )
