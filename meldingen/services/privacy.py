"""Privacy rules: one anonymisation used by overige zorg, the bewaartermijn job and destruction;
destruction requests and VT's own offer to destroy; the identity-free overige-zorg repeat signal.

What stays after anonymisation is the statistical skeleton (number, dates, status, team, gemeente,
kanaal, soort, aanleidingen and aarden, hoedanigheid melder, besluit route, termijnen) so reports
still count the melding. Everything that could identify a person goes.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Case, DateTimeField, F, Max, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from meldingen import herhaalsignaal
from meldingen.herhaalsignaal import herhaalsignaal_sleutel  # noqa: F401 (kept importable here)
from meldingen.identiteit import normaliseer_huisnummer, normaliseer_postcode  # noqa: F401
from meldingen.keuzes import JournaalSoort
from meldingen.models import (
    Activiteit,
    Advies,
    Besluit,
    Consult,
    Directbetrokkene,
    Huishouden,
    HuishoudenSamenvoeging,
    Journaalregel,
    Melder,
    Melding,
    OverigeZorgSignaal,
    Persoon,
    Statuswijziging,
    VeiligheidsbeoordelingA,
    VeiligheidsbeoordelingB,
    Vernietigingsaanbod,
    Vernietigingsverzoek,
    Verrijkingstaak,
    VerzoekStatus,
)
from meldingen.models.dossier import Herprioritering
from meldingen.models.privacy import UITZONDERINGEN
from meldingen.services._basis import (
    SYSTEEMBRON,
    datum_sinds_ontvangst,
    journaal_systeem,
    vergrendel_melding,
    verplichte_tekst,
)
from meldingen.services.bijlagen import bijlagen_verwijderen
from veiligthuis import termijnen
from veiligthuis.audit import audit_log
from veiligthuis.exceptions import DomainError
from veiligthuis.fsm import controleer_overgang
from veiligthuis.models import Medewerker, Rol
from veiligthuis.rechten import eis_rol, eis_team

VERWIJDERD = "[verwijderd]"
VERZOEK_VASTLEGGEN = (Rol.ONDERZOEKER, Rol.WERKBEGELEIDER)


# --- The one anonymisation -----------------------------------------------------------------------


def leeg_of_verwijderd(veld: str) -> Case:
    """Update expression: an empty text stays empty, any other text becomes the marker.

    Keeps check constraints that demand a text (or a reason) satisfied without keeping the text.
    """
    return Case(When(**{veld: ""}, then=Value("")), default=Value(VERWIJDERD))


def persoonsgegevens_verwijderen(
    melding_ids: Iterable[int],
    *,
    nu: datetime,
    reden: str,
    door: Medewerker | None,
    vernietigen: bool = False,
    samenvatting: str = VERWIJDERD,
) -> None:
    """Remove everything that identifies people from these meldingen, set-based, in the caller's
    transaction (the caller has locked the meldingen).

    Anonymising keeps the rows of the dossier (dates, kinds, who of VT did what) with their texts
    replaced. Destroying (`vernietigen`) also deletes the journal, activities, consults, verrijking,
    the melder and the texts rows of other apps, leaving a tombstone. Persons and addresses are
    unlinked; they are deleted only when no other melding refers to them, so a person who is also
    in a melding still within its bewaartermijn stays intact for that melding.
    Other apps clear their own texts through ``settings.VT_BIJ_ANONIMISEREN``. Idempotent.
    """
    ids = list(melding_ids)
    if not ids:
        return
    # First the other apps: their rows (gesprekken) hang on the directbetrokkenen deleted below.
    for pad in settings.VT_BIJ_ANONIMISEREN:
        import_string(pad)(melding_ids=ids, vernietigen=vernietigen)
    # Documents name the family: they go whether the dossier is anonymised or destroyed.
    bijlagen_verwijderen(melding_ids=ids)

    persoon_ids = list(
        Directbetrokkene.objects.filter(melding_id__in=ids)
        .values_list("persoon_id", flat=True)
        .distinct()
    )
    Directbetrokkene.objects.filter(melding_id__in=ids).delete()
    Persoon.objects.filter(pk__in=persoon_ids, betrokkenheden__isnull=True).delete()

    huishouden_ids = list(
        Melding.objects.filter(pk__in=ids, huishouden__isnull=False).values_list(
            "huishouden_id", flat=True
        )
    )
    Melding.objects.filter(pk__in=ids).update(
        huishouden=None,
        samenvatting=samenvatting,
        radar_geen_mdo_reden=leeg_of_verwijderd("radar_geen_mdo_reden"),
        geanonimiseerd_op=Coalesce(F("geanonimiseerd_op"), Value(nu, output_field=DateTimeField())),
    )
    leeg = list(
        Huishouden.objects.filter(pk__in=huishouden_ids, meldingen__isnull=True).values_list(
            "pk", flat=True
        )
    )
    # Records merged into a household that goes (services.huishoudens) hold the same address and
    # no melding of their own: they go with it.
    Huishouden.objects.filter(
        Q(pk__in=leeg) | Q(samengevoegd_in__in=leeg, meldingen__isnull=True)
    ).delete()
    HuishoudenSamenvoeging.objects.filter(melding_id__in=ids).update(
        reden=VERWIJDERD, teruggedraaid_reden=leeg_of_verwijderd("teruggedraaid_reden")
    )

    Advies.objects.filter(melding_id__in=ids).update(adviesvrager_naam="", naam_toestemming=False)
    Statuswijziging.objects.filter(melding_id__in=ids).update(toelichting="")
    VeiligheidsbeoordelingA.objects.filter(melding_id__in=ids).update(
        toelichting=VERWIJDERD,
        tweede_oordeel_toelichting=leeg_of_verwijderd("tweede_oordeel_toelichting"),
    )
    VeiligheidsbeoordelingB.objects.filter(melding_id__in=ids).update(
        signalen="", eerdere_meldingen=""
    )
    Besluit.objects.filter(melding_id__in=ids).update(
        onderbouwing=VERWIJDERD, overdracht_aan="", reden_geen_contact=""
    )
    # The urgentie changes stay (the wachtlijst counts them); the reasons typed can name people.
    Herprioritering.objects.filter(melding_id__in=ids).update(reden=VERWIJDERD)

    if vernietigen:
        Advies.objects.filter(melding_id__in=ids).update(
            onderwerp=VERWIJDERD, samenvatting=VERWIJDERD
        )
        for model in (Journaalregel, Activiteit, Consult, Verrijkingstaak, Melder):
            model.objects.filter(melding_id__in=ids).delete()
    else:
        Melder.objects.filter(melding_id__in=ids).update(
            naam="", organisatie="", telefoon="", email=""
        )
        # What people wrote goes; the system's own lines keep their date as a trace of the work,
        # but not their text (it can quote a reason typed by a user).
        Journaalregel.objects.filter(melding_id__in=ids).exclude(bron=SYSTEEMBRON).delete()
        Journaalregel.objects.filter(melding_id__in=ids).update(tekst=VERWIJDERD)
        Activiteit.objects.filter(melding_id__in=ids).update(met_wie=VERWIJDERD, toelichting="")
        Verrijkingstaak.objects.filter(melding_id__in=ids).update(resultaat="")
        Consult.objects.filter(melding_id__in=ids).update(vraag=VERWIJDERD, uitkomst=VERWIJDERD)

    Journaalregel.objects.bulk_create(
        Journaalregel(
            melding_id=pk,
            soort=JournaalSoort.FEIT,
            bron=SYSTEEMBRON,
            tekst=reden,
            auteur=door,
            geschreven_op=nu,
        )
        for pk in ids
    )


# --- Bewaartermijn -------------------------------------------------------------------------------


def afsluitdatum() -> Coalesce | F:
    """When a melding was closed: its own closure, else that of its vervolgdienst (settings)."""
    velden = list(settings.VT_AFSLUITDATUM_VELDEN)
    return Coalesce("afgesloten_op", *velden) if velden else F("afgesloten_op")


def bewaartermijn_verlopen_ids(*, nu: datetime) -> list[int]:
    """Ids of closed, not yet anonymised meldingen past their bewaartermijn at `nu` (one query).

    The youngest directbetrokkene decides the "until 18" rule: when the youngest is an adult that
    birthday is long past, so the years after closure decide.
    """
    afgesloten_voor, geboren_uiterlijk = termijnen.bewaartermijn_grenzen(nu)
    return list(
        Melding.objects.filter(geanonimiseerd_op__isnull=True)
        .annotate(
            afgesloten=afsluitdatum(), jongste=Max("directbetrokkenen__persoon__geboortedatum")
        )
        .filter(afgesloten__lt=afgesloten_voor)
        .filter(Q(jongste__isnull=True) | Q(jongste__lte=geboren_uiterlijk))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def _bewaartermijn_batch(ids: list[int], *, nu: datetime) -> int:
    # A melding someone is working on right now is skipped and taken the next night.
    meldingen = list(
        Melding.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(pk__in=ids, geanonimiseerd_op__isnull=True)
        .only("pk", "nummer")
    )
    if not meldingen:
        return 0
    persoonsgegevens_verwijderen(
        [m.pk for m in meldingen],
        nu=nu,
        door=None,
        reden=_("Bewaartermijn verstreken: persoonsgegevens verwijderd."),
    )
    for melding in meldingen:
        audit_log(None, "melding.bewaartermijn_anonimiseren", melding)
    return len(meldingen)


def bewaartermijn_toepassen(*, nu: datetime | None = None) -> int:
    """Anonymise every closed melding past its bewaartermijn; returns how many were anonymised.

    The candidates are selected in one query, then anonymised in batches of
    ``VT_BEWAARTERMIJN_BATCH``, each in its own transaction so a long run holds no long locks.
    Running it again changes nothing (anonymised meldingen are no candidates).
    """
    nu = nu or timezone.now()
    ids = bewaartermijn_verlopen_ids(nu=nu)
    grootte = max(1, int(settings.VT_BEWAARTERMIJN_BATCH))
    return sum(
        _bewaartermijn_batch(ids[i : i + grootte], nu=nu) for i in range(0, len(ids), grootte)
    )


# --- Herhaalsignaal overige zorg -----------------------------------------------------------------


def _herhaalsignaal_vastleggen(melding: Melding, *, nu: datetime) -> int:
    """Written in the forwarding transaction, before the data it is computed from is removed:
    one row per token (meldingen/herhaalsignaal.py), sharing one new doorsturing id."""
    doorsturing = uuid.uuid4()
    rijen = OverigeZorgSignaal.objects.bulk_create(
        [
            OverigeZorgSignaal(
                sleutel=sleutel,
                doorsturing=doorsturing,
                ontvangen_op=melding.ontvangen_op,
                doorgestuurd_op=nu,
            )
            for sleutel in herhaalsignaal.sleutels_voor(melding)
        ]
    )
    return len(rijen)


def overige_zorg_anonimiseren(melding: Melding, *, door: Medewerker, samenvatting: str) -> Melding:
    """After forwarding overige zorg: record the repeat signal, then remove all identifying data.

    Runs in the caller's transaction (the forward), so either both happen or neither.
    """
    nu = timezone.now()
    signaal = _herhaalsignaal_vastleggen(melding, nu=nu)
    persoonsgegevens_verwijderen(
        [melding.pk],
        nu=nu,
        door=door,
        reden=_("Overige zorg doorgestuurd: identificerende gegevens verwijderd."),
        samenvatting=samenvatting,
    )
    audit_log(door, "melding.anonimiseren", melding, reden="overige_zorg", signaal=bool(signaal))
    return Melding.objects.select_related("team").get(pk=melding.pk)


# --- Vernietiging --------------------------------------------------------------------------------


def vermoeden_weerlegd(melding: Melding) -> bool:
    """Whether the investigation of this melding refuted the vermoeden (asks the diensten app)."""
    pad = getattr(settings, "VT_VERMOEDEN_WEERLEGD", "")
    return bool(pad) and bool(import_string(pad)(melding=melding))


def afgesloten_op(melding: Melding) -> datetime | None:
    """When the melding (or its vervolgdienst) was closed; None while the case runs."""
    return (
        Melding.objects.filter(pk=melding.pk)
        .annotate(afgesloten=afsluitdatum())
        .values_list("afgesloten", flat=True)
        .first()
    )


def is_vernietigd(melding: Melding) -> bool:
    return melding.vernietigingsverzoeken.filter(status=VerzoekStatus.UITGEVOERD).exists()


def _eis_niet_vernietigd(melding: Melding) -> None:
    if is_vernietigd(melding):
        raise DomainError(_("Dit dossier is al vernietigd."))


def _uitzonderingen(codes: Iterable[str]) -> dict[str, bool]:
    codes = set(codes)
    onbekend = codes - set(UITZONDERINGEN)
    if onbekend:
        fout = _("Onbekende uitzondering.")
        raise DomainError(fout, velden={"uitzonderingen": fout})
    return {veld: veld in codes for veld in UITZONDERINGEN}


@transaction.atomic
def vernietiging_aanbieden(
    *, melding_id: int, door: Medewerker, aangeboden_op: date | None, aangeboden_aan: str
) -> Vernietigingsaanbod:
    """Record that VT offered the directbetrokkenen to destroy the dossier (vermoeden weerlegd)."""
    eis_rol(door, *VERZOEK_VASTLEGGEN, actie=_("vernietiging aanbieden"))
    melding = vergrendel_melding(melding_id)
    eis_team(door, melding.team_id, actie=_("vernietiging aanbieden"))
    _eis_niet_vernietigd(melding)
    if not vermoeden_weerlegd(melding):
        raise DomainError(
            _(
                "Vernietiging op eigen initiatief bieden we aan als het onderzoek het vermoeden "
                "heeft weerlegd. Dat is bij deze melding (nog) niet zo."
            )
        )
    aanbod = Vernietigingsaanbod.objects.create(
        melding=melding,
        aangeboden_op=datum_sinds_ontvangst(melding, aangeboden_op, veld="aangeboden_op"),
        aangeboden_aan=verplichte_tekst(
            aangeboden_aan,
            veld="aangeboden_aan",
            melding=_("Vul in aan wie de vernietiging is aangeboden."),
        ),
        vastgelegd_door=door,
        vastgelegd_op=timezone.now(),
    )
    journaal_systeem(
        melding,
        _("Vernietiging van het dossier aangeboden op %(datum)s (vermoeden weerlegd).")
        % {"datum": f"{aanbod.aangeboden_op:%d-%m-%Y}"},
        door=door,
    )
    audit_log(door, "melding.vernietiging_aanbieden", melding, aanbod=aanbod.pk)
    return aanbod


@transaction.atomic
def vernietigingsverzoek_vastleggen(
    *,
    melding_id: int,
    door: Medewerker,
    verzocht_door: str,
    ontvangen_op: date | None,
    uitzonderingen: Iterable[str] = (),
    toelichting: str = "",
) -> Vernietigingsverzoek:
    """Record a written request to destroy the dossier, with the legal exceptions the user sees.

    An onderzoeker or werkbegeleider of the team records it; a werkbegeleider decides.
    """
    eis_rol(door, *VERZOEK_VASTLEGGEN, actie=_("een vernietigingsverzoek vastleggen"))
    melding = vergrendel_melding(melding_id)
    eis_team(door, melding.team_id, actie=_("een vernietigingsverzoek vastleggen"))
    _eis_niet_vernietigd(melding)
    if melding.vernietigingsverzoeken.filter(status__in=VerzoekStatus.open()).exists():
        raise DomainError(_("Er loopt al een vernietigingsverzoek voor deze melding."))
    vinkjes = _uitzonderingen(uitzonderingen)
    toelichting = (toelichting or "").strip()
    if any(vinkjes.values()) and not toelichting:
        fout = _("Licht de aangevinkte uitzondering toe.")
        raise DomainError(fout, velden={"toelichting": fout})
    verzoek = Vernietigingsverzoek.objects.create(
        melding=melding,
        verzocht_door=verplichte_tekst(
            verzocht_door,
            veld="verzocht_door",
            melding=_("Vul in welke betrokkene het verzoek doet."),
        ),
        ontvangen_op=datum_sinds_ontvangst(melding, ontvangen_op, veld="ontvangen_op"),
        toelichting=toelichting,
        vastgelegd_door=door,
        vastgelegd_op=timezone.now(),
        **vinkjes,
    )
    journaal_systeem(
        melding,
        _("Verzoek tot vernietiging ontvangen op %(datum)s; besluit uiterlijk %(uiterlijk)s.")
        % {
            "datum": f"{verzoek.ontvangen_op:%d-%m-%Y}",
            "uiterlijk": f"{termijnen.uiterlijk_besluit_vernietiging(verzoek.ontvangen_op):%d-%m-%Y}",
        },
        door=door,
    )
    audit_log(door, "melding.vernietigingsverzoek_vastleggen", melding, verzoek=verzoek.pk)
    return verzoek


def _vergrendel_verzoek(verzoek_id: int, door: Medewerker, *, actie: str):
    melding_id = (
        Vernietigingsverzoek.objects.filter(pk=verzoek_id)
        .values_list("melding_id", flat=True)
        .first()
    )
    if melding_id is None:
        raise DomainError(_("Dit vernietigingsverzoek bestaat niet."))
    melding = vergrendel_melding(melding_id)
    eis_team(door, melding.team_id, actie=actie)
    verzoek = Vernietigingsverzoek.objects.select_for_update().get(pk=verzoek_id)
    return melding, verzoek


@transaction.atomic
def vernietigingsverzoek_beslissen(
    *,
    verzoek_id: int,
    door: Medewerker,
    toewijzen: bool,
    reden: str = "",
    uitzonderingen: Iterable[str] | None = None,
) -> Vernietigingsverzoek:
    """A werkbegeleider of the team grants or refuses the request.

    `uitzonderingen` (when given) replaces the ticked legal exceptions: the werkbegeleider weighs
    them. Granting with any exception ticked is refused; a refusal needs a reason.
    """
    eis_rol(door, Rol.WERKBEGELEIDER, actie=_("over een vernietigingsverzoek beslissen"))
    melding, verzoek = _vergrendel_verzoek(
        verzoek_id, door, actie=_("over een vernietigingsverzoek beslissen")
    )
    if uitzonderingen is not None:
        for veld, waarde in _uitzonderingen(uitzonderingen).items():
            setattr(verzoek, veld, waarde)
    verzoek.besluit_reden = (reden or "").strip()
    if toewijzen:
        controleer_overgang(verzoek, verzoek.toewijzen, actie=_("Toewijzen"))
        verzoek.toewijzen()
    else:
        if not verzoek.besluit_reden:
            fout = _("Geef de reden van de afwijzing; de verzoeker heeft er recht op.")
            raise DomainError(fout, velden={"reden": fout})
        controleer_overgang(verzoek, verzoek.afwijzen, actie=_("Afwijzen"))
        verzoek.afwijzen()
    verzoek.besloten_door = door
    verzoek.besloten_op = timezone.now()
    verzoek.save()
    journaal_systeem(
        melding,
        _("Verzoek tot vernietiging %(besluit)s.")
        % {"besluit": verzoek.get_status_display().lower()},
        door=door,
    )
    audit_log(
        door,
        "melding.vernietigingsverzoek_beslissen",
        melding,
        verzoek=verzoek.pk,
        besluit=verzoek.status,
    )
    return verzoek


@transaction.atomic
def vernietigingsverzoek_uitvoeren(*, verzoek_id: int, door: Medewerker) -> Vernietigingsverzoek:
    """Destroy the dossier of a granted request, in one transaction.

    Stronger than anonymisation: journal, activities, consults, verrijking, the melder, every
    dienst text and the person links are deleted. A tombstone stays: number, dates, team, the
    request itself and when it was carried out. Only for a closed melding.
    """
    eis_rol(door, Rol.WERKBEGELEIDER, actie=_("een dossier vernietigen"))
    melding, verzoek = _vergrendel_verzoek(verzoek_id, door, actie=_("een dossier vernietigen"))
    controleer_overgang(verzoek, verzoek.uitvoeren, actie=_("Vernietigen"))
    if afgesloten_op(melding) is None:
        raise DomainError(
            _("Vernietigen kan pas als de melding (en een eventuele vervolgdienst) is afgesloten.")
        )
    nu = timezone.now()
    persoonsgegevens_verwijderen(
        [melding.pk],
        nu=nu,
        door=door,
        vernietigen=True,
        reden=_("Dossier vernietigd op verzoek van een betrokkene."),
    )
    verzoek.uitvoeren()
    verzoek.uitgevoerd_door = door
    verzoek.uitgevoerd_op = nu
    verzoek.save()
    audit_log(door, "melding.vernietigen", melding, verzoek=verzoek.pk)
    return verzoek
