"""Directbetrokkenen after intake: add someone, correct a role, or "hoort niet bij deze melding".

The list a melding has now is what everything else reads — the radar, the protocol checks of a
vervolgdienst (who must be spoken or seen), the reports — so a correction is a change of the
Directbetrokkene rows themselves. Each change writes a `BetrokkeneWijziging` (who, which role,
why), a journal line and an audit row; a removed person stays in that history, nothing is lost.

Adding goes through the same identity resolution as intake (`persoon_voor_betrokkene`): a known
BSN or a strong match links to the known person, a near match becomes a koppelvoorstel.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import IntegrityError, router, transaction
from django.db.models import Q
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.translation import gettext as _

from meldingen import adapters
from meldingen.identiteit import (
    Persoonsgegevens,
    normaliseer_huisnummer,
    normaliseer_postcode,
    persoon_zoeken,
)
from meldingen.keuzes import Geslacht, MeldingStatus, RolInMelding, SoortMelding
from meldingen.models import (
    BetrokkeneWijziging,
    Directbetrokkene,
    Informering,
    InformeringWijze,
    Koppelvoorstel,
    Melding,
    NietInformerenGrond,
    Persoon,
    VoorstelStatus,
    WijzigingSoort,
)
from meldingen.services._basis import journaal_systeem, vergrendel_melding, verplichte_tekst
from meldingen.services.intake import (
    BetrokkeneGegevens,
    koppeling_vastleggen,
    persoon_voor_betrokkene,
)
from veiligthuis import termijnen
from veiligthuis.audit import audit_log
from veiligthuis.exceptions import DomainError
from veiligthuis.models import Medewerker
from veiligthuis.rechten import CASUSROLLEN, eis_rol, eis_team


def _open_melding(melding_id: int, door: Medewerker, *, actie: str) -> Melding:
    """The melding, locked; only its own team changes it, and not once it is closed."""
    eis_rol(door, *CASUSROLLEN, actie=actie)
    melding = vergrendel_melding(melding_id)
    eis_team(door, melding.team_id, actie=actie)
    if melding.geanonimiseerd_op is not None:
        raise DomainError(_("Deze melding is geanonimiseerd; er kan niets meer worden gewijzigd."))
    if melding.status == MeldingStatus.AFGESLOTEN:
        raise DomainError(
            _("Deze melding is afgesloten; de directbetrokkenen kunnen niet meer veranderen.")
        )
    return melding


def _rol(rol: str) -> str:
    if rol not in RolInMelding.values:
        tekst = _("Kies een rol uit de lijst.")
        raise DomainError(tekst, velden={"rol": tekst})
    return rol


def _betrokkene(betrokkene_id: int, door: Medewerker, *, actie: str) -> Directbetrokkene:
    eis_rol(door, *CASUSROLLEN, actie=actie)
    melding_id = (
        Directbetrokkene.objects.filter(pk=betrokkene_id)
        .values_list("melding_id", flat=True)
        .first()
    )
    if melding_id is None:
        raise DomainError(_("Deze directbetrokkene staat (al) niet meer bij de melding."))
    melding = _open_melding(melding_id, door, actie=actie)
    betrokkene = (
        Directbetrokkene.objects.select_for_update(of=("self",))
        .select_related("persoon")
        .filter(pk=betrokkene_id, melding=melding)
        .first()
    )
    if betrokkene is None:
        raise DomainError(_("Deze directbetrokkene staat (al) niet meer bij de melding."))
    betrokkene.melding = melding
    return betrokkene


def _nummer(melding: Melding, betrokkene_id: int) -> int:
    ids = list(melding.directbetrokkenen.order_by("pk").values_list("pk", flat=True))
    return ids.index(betrokkene_id) + 1


@transaction.atomic
def betrokkene_toevoegen(
    *, melding_id: int, door: Medewerker, gegevens: BetrokkeneGegevens, toelichting: str = ""
) -> Directbetrokkene:
    """Add a directbetrokkene; the person is found the way intake finds one."""
    melding = _open_melding(melding_id, door, actie=_("een directbetrokkene toevoegen"))
    _rol(gegevens.rol)
    aantal = melding.directbetrokkenen.count()
    persoon, gevonden_als, kandidaten = persoon_voor_betrokkene(gegevens, aantal, veldprefix="")
    if melding.directbetrokkenen.filter(persoon=persoon).exists():
        raise DomainError(
            _("%(persoon)s staat al bij de directbetrokkenen van deze melding.")
            % {"persoon": persoon}
        )
    try:
        with transaction.atomic():
            betrokkene = Directbetrokkene.objects.create(
                melding=melding, persoon=persoon, rol=gegevens.rol
            )
    except IntegrityError:  # the same person added at the same moment by someone else
        raise DomainError(
            _("%(persoon)s staat al bij de directbetrokkenen van deze melding.")
            % {"persoon": persoon}
        ) from None
    toelichting = (toelichting or "").strip()
    BetrokkeneWijziging.objects.create(
        melding=melding,
        persoon=persoon,
        soort=WijzigingSoort.TOEGEVOEGD,
        nieuwe_rol=gegevens.rol,
        reden=toelichting,
        door=door,
    )
    tekst = _("%(persoon)s is als directbetrokkene (%(rol)s) toegevoegd.") % {
        "persoon": persoon,
        "rol": RolInMelding(gegevens.rol).label.lower(),
    }
    if toelichting:
        tekst = f"{tekst} {_('Toelichting')}: {toelichting}"
    journaal_systeem(melding, tekst, door=door)
    koppeling_vastleggen(
        melding,
        persoon,
        nummer=aantal + 1,
        rol=gegevens.rol,
        toelichting=gevonden_als,
        kandidaten=kandidaten,
        door=door,
    )
    audit_log(door, "melding.betrokkene_toevoegen", melding, persoon=persoon.pk, rol=gegevens.rol)
    _nieuwe_persoon_informeren(melding, door)
    return betrokkene


@transaction.atomic
def betrokkene_rol_wijzigen(
    *, betrokkene_id: int, door: Medewerker, rol: str, reden: str
) -> Directbetrokkene:
    """Correct the role of a directbetrokkene (e.g. registered as ouder, is the partner)."""
    actie = _("de rol van een directbetrokkene corrigeren")
    betrokkene = _betrokkene(betrokkene_id, door, actie=actie)
    _rol(rol)
    reden = verplichte_tekst(reden, veld="reden", melding=_("Geef de reden van de correctie."))
    if rol == betrokkene.rol:
        tekst = _("Dit is al de rol van %(persoon)s.") % {"persoon": betrokkene.persoon}
        raise DomainError(tekst, velden={"rol": tekst})
    oud = betrokkene.rol
    betrokkene.rol = rol
    betrokkene.save(update_fields=["rol"])
    melding = betrokkene.melding
    BetrokkeneWijziging.objects.create(
        melding=melding,
        persoon=betrokkene.persoon,
        soort=WijzigingSoort.ROL_GEWIJZIGD,
        oude_rol=oud,
        nieuwe_rol=rol,
        reden=reden,
        door=door,
    )
    journaal_systeem(
        melding,
        _("Rol van %(persoon)s gecorrigeerd van %(oud)s naar %(nieuw)s. Reden: %(reden)s")
        % {
            "persoon": betrokkene.persoon,
            "oud": RolInMelding(oud).label.lower(),
            "nieuw": RolInMelding(rol).label.lower(),
            "reden": reden,
        },
        door=door,
    )
    audit_log(
        door,
        "melding.betrokkene_rol",
        melding,
        persoon=betrokkene.persoon_id,
        oud=oud,
        nieuw=rol,
    )
    return betrokkene


def _werk_met(betrokkene: Directbetrokkene) -> list[str]:
    """What else would go if the row were deleted (gesprekken of a dienst, …): never lose it."""
    collector = Collector(using=router.db_for_write(Directbetrokkene))
    collector.collect([betrokkene])
    namen = {
        str(model._meta.verbose_name_plural)
        for model, objecten in collector.data.items()
        if model is not Directbetrokkene and objecten
    }
    namen |= {
        str(qs.model._meta.verbose_name_plural) for qs in collector.fast_deletes if qs.exists()
    }
    return sorted(namen)


@transaction.atomic
def betrokkene_hoort_niet_bij(*, betrokkene_id: int, door: Medewerker, reden: str) -> None:
    """Take someone off this melding who does not belong to it; the history keeps who it was."""
    actie = _("een directbetrokkene van de melding halen")
    betrokkene = _betrokkene(betrokkene_id, door, actie=actie)
    reden = verplichte_tekst(
        reden, veld="reden", melding=_("Geef de reden waarom deze persoon er niet bij hoort.")
    )
    melding, persoon = betrokkene.melding, betrokkene.persoon
    if melding.directbetrokkenen.count() == 1:
        raise DomainError(
            _(
                "Een melding gaat over minstens één directbetrokkene: voeg eerst de juiste persoon "
                "toe."
            )
        )
    vastgelegd = _werk_met(betrokkene)
    if vastgelegd:
        raise DomainError(
            _(
                "Met %(persoon)s is al werk vastgelegd (%(wat)s); dat blijft bij deze persoon "
                "bewaard. Corrigeer zo nodig de rol in plaats daarvan."
            )
            % {"persoon": persoon, "wat": ", ".join(vastgelegd)}
        )
    nummer = _nummer(melding, betrokkene.pk)
    rol = betrokkene.rol
    betrokkene.delete()
    # An open question whether this person is someone known no longer concerns this melding.
    Koppelvoorstel.objects.filter(
        melding=melding, persoon=persoon, status=VoorstelStatus.OPEN
    ).delete()
    BetrokkeneWijziging.objects.create(
        melding=melding,
        persoon=persoon,
        soort=WijzigingSoort.HOORT_NIET_BIJ,
        oude_rol=rol,
        reden=reden,
        door=door,
    )
    journaal_systeem(
        melding,
        _(
            "%(persoon)s (directbetrokkene %(n)d, %(rol)s) hoort niet bij deze melding en is "
            "van de lijst gehaald. Reden: %(reden)s"
        )
        % {
            "persoon": persoon,
            "n": nummer,
            "rol": RolInMelding(rol).label.lower(),
            "reden": reden,
        },
        door=door,
    )
    audit_log(door, "melding.betrokkene_hoort_niet_bij", melding, persoon=persoon.pk, rol=rol)
    informeren_bijwerken(melding)


def bewoners_volgens_brp(*, melding: Melding, door: Medewerker) -> list[dict]:
    """Who the BRP has registered at the melding's address, and whether they are on the list.

    Asking the BRP is audited (the answer holds names and BSNs). Each row: the `Ingeschrevene`
    and `bij_melding` (already a directbetrokkene, by BSN or by name and birth date).
    """
    eis_rol(door, *CASUSROLLEN, actie=_("de BRP bevragen"))
    eis_team(door, melding.team_id, actie=_("de BRP bevragen"))
    huishouden = melding.huishouden
    if huishouden is None or not huishouden.postcode or not huishouden.huisnummer:
        raise DomainError(_("Van deze melding is geen adres bekend om de BRP naar te vragen."))
    postcode = normaliseer_postcode(huishouden.postcode)
    huisnummer = normaliseer_huisnummer(huishouden.huisnummer)
    try:
        bewoners = adapters.brp().bewoners(postcode=postcode, huisnummer=huisnummer)
    except OSError as fout:
        raise DomainError(
            _("De BRP is nu niet bereikbaar (%(fout)s). Probeer het later opnieuw.")
            % {"fout": fout.__class__.__name__}
        ) from None
    bekend = list(melding.directbetrokkenen.values_list("persoon__bsn", "persoon__geboortedatum"))
    bsns = {bsn for bsn, _geb in bekend if bsn}
    audit_log(door, "melding.brp_bewoners", melding, aantal=len(bewoners))
    rijen = []
    for inschrijving in bewoners:
        geboren = _datum(inschrijving.geboortedatum)
        rijen.append(
            {
                "persoon": inschrijving,
                "geboortedatum": geboren,
                "bij_melding": inschrijving.bsn in bsns,
            }
        )
    return rijen


def _datum(tekst: str | None) -> date | None:
    try:
        return date.fromisoformat(tekst) if tekst else None
    except ValueError:
        return None


@transaction.atomic
def betrokkene_uit_brp(
    *, melding_id: int, door: Medewerker, bsn: str, rol: str, toelichting: str = ""
) -> Directbetrokkene:
    """Add a resident the BRP lists at the melding's address, with the BRP's own data."""
    melding = Melding.objects.select_related("huishouden").filter(pk=melding_id).first()
    if melding is None:
        raise DomainError(_("Deze melding bestaat niet."))
    rijen = bewoners_volgens_brp(melding=melding, door=door)
    gevonden = next((r for r in rijen if r["persoon"].bsn == bsn), None)
    if gevonden is None:
        raise DomainError(_("Deze persoon staat (niet meer) op dit adres ingeschreven."))
    inschrijving = gevonden["persoon"]
    geslacht = inschrijving.geslacht if inschrijving.geslacht in Geslacht.values else ""
    return betrokkene_toevoegen(
        melding_id=melding_id,
        door=door,
        gegevens=BetrokkeneGegevens(
            rol=rol,
            voornamen=inschrijving.voornamen,
            tussenvoegsel=inschrijving.tussenvoegsel,
            achternaam=inschrijving.achternaam,
            geboortedatum=gevonden["geboortedatum"],
            geslacht=geslacht or Geslacht.ONBEKEND,
            bsn=inschrijving.bsn,
        ),
        toelichting=toelichting or _("Uit de BRP: ingeschreven op het adres van de melding."),
    )


@transaction.atomic
def soort_corrigeren(*, melding_id: int, door: Medewerker, soort: str, reden: str) -> Melding:
    """Correct the derived soort melding (e.g. an earlier melding elsewhere the system missed)."""
    melding = _open_melding(melding_id, door, actie=_("de soort melding corrigeren"))
    if soort not in SoortMelding.values:
        tekst = _("Kies een soort melding uit de lijst.")
        raise DomainError(tekst, velden={"soort": tekst})
    reden = verplichte_tekst(reden, veld="reden", melding=_("Geef de reden van de correctie."))
    if soort == melding.soort:
        tekst = _("De melding heeft deze soort al.")
        raise DomainError(tekst, velden={"soort": tekst})
    oud = melding.soort
    melding.soort = soort
    melding.save(update_fields=["soort"])
    journaal_systeem(
        melding,
        _("Soort melding gecorrigeerd van %(oud)s naar %(nieuw)s. Reden: %(reden)s")
        % {
            "oud": SoortMelding(oud).label.lower(),
            "nieuw": SoortMelding(soort).label.lower(),
            "reden": reden,
        },
        door=door,
    )
    audit_log(door, "melding.soort_corrigeren", melding, oud=oud, nieuw=soort)
    return melding


def _mogelijk_dezelfde(persoon: Persoon) -> list[Persoon]:
    """Known persons that `persoon` may be, by the rules of intake (itself excluded)."""
    uitkomst = persoon_zoeken(
        Persoonsgegevens(
            voornamen=persoon.voornamen,
            tussenvoegsel=persoon.tussenvoegsel,
            achternaam=persoon.achternaam,
            geboortedatum=persoon.geboortedatum,
            bsn=None,  # with its own BSN the search would only find the person itself
        )
    )
    gevonden = ([uitkomst.persoon] if uitkomst.persoon else []) + uitkomst.kandidaten
    return [
        k
        for k in gevonden
        if k.pk != persoon.pk and not (persoon.bsn and k.bsn and persoon.bsn != k.bsn)
    ]


@transaction.atomic
def bekende_personen_zoeken(*, melding_id: int, door: Medewerker) -> int:
    """Search again whether the melding's persons are persons known from other meldingen.

    For persons registered before a later intake (or before identity resolution existed), or
    after a typo was corrected. Every find, even an exact one, becomes a koppelvoorstel: merging
    two existing records is the team's decision (with its reason, and it can be undone), never
    automatic. Returns the number of new voorstellen.
    """
    melding = _open_melding(melding_id, door, actie=_("opnieuw zoeken naar bekende personen"))
    betrokkenen = list(melding.directbetrokkenen.select_related("persoon").order_by("pk"))
    in_melding = {b.persoon_id for b in betrokkenen}
    nieuw = []
    for betrokkene in betrokkenen:
        persoon = betrokkene.persoon
        for kandidaat in _mogelijk_dezelfde(persoon):
            al_gevraagd = Koppelvoorstel.objects.filter(
                Q(persoon=persoon, kandidaat=kandidaat) | Q(persoon=kandidaat, kandidaat=persoon)
            ).exists()
            if kandidaat.pk not in in_melding and not al_gevraagd:
                nieuw.append(Koppelvoorstel(melding=melding, persoon=persoon, kandidaat=kandidaat))
    Koppelvoorstel.objects.bulk_create(nieuw, ignore_conflicts=True)
    if nieuw:
        tekst = _(
            "Opnieuw gezocht naar bekende personen: %(n)d keer mogelijk dezelfde persoon; het "
            "team beslist bij 'Mogelijk dezelfde persoon'."
        ) % {"n": len(nieuw)}
    else:
        tekst = _("Opnieuw gezocht naar bekende personen: niets nieuws gevonden.")
    journaal_systeem(melding, tekst, door=door)
    audit_log(door, "melding.personen_herzoeken", melding, voorstellen=len(nieuw))
    return len(nieuw)


# --- informing the directbetrokkenen (Wmo 2015 art. 5.3.1) -----------------------------------------


def informeren_bijwerken(melding: Melding) -> None:
    """The termijn is met when every current directbetrokkene has an Informering: then
    `betrokkenen_geinformeerd_op` is the last of them; otherwise it is open (None)."""
    personen = set(melding.directbetrokkenen.values_list("persoon_id", flat=True))
    momenten = dict(
        Informering.objects.filter(melding=melding, persoon_id__in=personen).values_list(
            "persoon_id", "op"
        )
    )
    klaar = max(momenten.values()) if personen and set(momenten) == personen else None
    if melding.betrokkenen_geinformeerd_op != klaar:
        melding.betrokkenen_geinformeerd_op = klaar
        melding.save(update_fields=["betrokkenen_geinformeerd_op"])


def _nieuwe_persoon_informeren(melding: Melding, door: Medewerker) -> None:
    """Someone added later must be informed too: within four weeks of being recorded."""
    informeren_bijwerken(melding)
    eigen_termijn = termijnen.termijn_informeren_betrokkenen(timezone.now())
    if melding.betrokkenen_geinformeerd_op is None and (
        eigen_termijn > melding.termijn_informeren_betrokkenen
    ):
        melding.termijn_informeren_betrokkenen = eigen_termijn
        melding.save(update_fields=["termijn_informeren_betrokkenen"])
        journaal_systeem(
            melding,
            _(
                "De termijn om de directbetrokkenen te informeren loopt door tot %(datum)s: vier "
                "weken na het vastleggen van de nieuwe directbetrokkene."
            )
            % {"datum": f"{timezone.localtime(eigen_termijn):%d-%m-%Y}"},
            door=door,
        )


@transaction.atomic
def betrokkene_informeren(
    *,
    betrokkene_id: int,
    door: Medewerker,
    wijze: str,
    op: datetime | None,
    grond: str = "",
    toelichting: str = "",
) -> Informering:
    """Record when and how one directbetrokkene was informed, or on which ground they were not."""
    actie = _("vastleggen dat een directbetrokkene is geïnformeerd")
    betrokkene = _betrokkene(betrokkene_id, door, actie=actie)
    melding, persoon = betrokkene.melding, betrokkene.persoon
    if wijze not in InformeringWijze.values:
        tekst = _("Kies hoe de persoon is geïnformeerd, of dat dit niet gebeurt.")
        raise DomainError(tekst, velden={"wijze": tekst})
    if op is None or timezone.is_naive(op):
        tekst = _("Vul de datum in.")
        raise DomainError(tekst, velden={"op": tekst})
    if op > timezone.now() + timedelta(minutes=5):
        tekst = _("Deze datum ligt in de toekomst.")
        raise DomainError(tekst, velden={"op": tekst})
    if op < melding.ontvangen_op - timedelta(days=1):
        tekst = _("Deze datum ligt vóór de ontvangst van de melding.")
        raise DomainError(tekst, velden={"op": tekst})
    toelichting = (toelichting or "").strip()
    if wijze == InformeringWijze.NIET:
        if grond not in NietInformerenGrond.values:
            tekst = _("Kies de wettelijke grond om deze persoon niet te informeren.")
            raise DomainError(tekst, velden={"grond": tekst})
        toelichting = verplichte_tekst(
            toelichting,
            veld="toelichting",
            melding=_("Licht toe waarom deze persoon niet wordt geïnformeerd."),
        )
    else:
        grond = ""
    if Informering.objects.filter(melding=melding, persoon=persoon).exists():
        raise DomainError(
            _("Voor %(persoon)s is het informeren al vastgelegd.") % {"persoon": persoon}
        )
    informering = Informering.objects.create(
        melding=melding,
        persoon=persoon,
        wijze=wijze,
        op=op,
        grond=grond,
        toelichting=toelichting,
        door=door,
    )
    if wijze == InformeringWijze.NIET:
        tekst = _("%(persoon)s wordt niet geïnformeerd: %(grond)s. %(toelichting)s") % {
            "persoon": persoon,
            "grond": NietInformerenGrond(grond).label.lower(),
            "toelichting": toelichting,
        }
    else:
        tekst = _("%(persoon)s is op %(datum)s geïnformeerd (%(wijze)s).") % {
            "persoon": persoon,
            "datum": f"{timezone.localtime(op):%d-%m-%Y}",
            "wijze": InformeringWijze(wijze).label.lower(),
        }
    journaal_systeem(melding, tekst, door=door)
    audit_log(door, "melding.betrokkene_informeren", melding, persoon=persoon.pk, wijze=wijze)
    informeren_bijwerken(melding)
    if melding.betrokkenen_geinformeerd_op is not None:
        journaal_systeem(
            melding,
            _("Alle directbetrokkenen zijn geïnformeerd of er is vastgelegd waarom niet."),
            door=door,
        )
    return informering
