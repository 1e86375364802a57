"""The protocol's requirements of a vervolgdienst, evaluated against what was recorded.

One function, `eisen_van`, feeds both the checklist on the dienst page (and the API's `checklist`)
and the refusal of `dienst_afronden`, so what the page shows as missing is exactly what the service
refuses. The rules themselves (who counts as gesproken, what an afwijking may excuse, what starts a
dienst) live in `diensten.protocol`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from diensten import protocol
from diensten.models import Vervolgdienst
from meldingen.keuzes import Aanleiding

# Re-exported: the demo generator and older imports read them from here.
GEEN_CONCLUSIE_NODIG = protocol.GEEN_CONCLUSIE_NODIG
MIN_INFORMANTEN = protocol.MIN_INFORMANTEN
SPREKEN_VANAF = protocol.SPREKEN_VANAF
VOLWASSEN = protocol.VOLWASSEN


@dataclass(frozen=True)
class Eis:
    code: str
    omschrijving: str
    voldaan: bool
    afwijking_goedgekeurd: bool = False
    afwijking_aangevraagd: bool = False

    @property
    def afwijkbaar(self) -> bool:
        """May an approved afwijking pass this requirement? Only a person-level one."""
        return protocol.is_afwijkbaar(self.code)

    @property
    def in_orde(self) -> bool:
        return self.voldaan or (self.afwijking_goedgekeurd and self.afwijkbaar)


def persoon_eis_omschrijving(persoon, rol: str, leeftijd: int | None) -> str:
    """The text of a directbetrokkene's requirement for the age that applies to it."""
    if protocol.is_jong_kind(leeftijd):
        tekst = _("%(naam)s (jonger dan 4) is gezien")
    elif protocol.moet_face_to_face(leeftijd, rol):
        tekst = _("%(naam)s is gesproken in een gesprek of huisbezoek (telefonisch telt niet)")
    else:
        tekst = _("%(naam)s is gesproken")
    return tekst % {"naam": persoon}


def _gesprek_eis(betrokkene, gesprekken) -> tuple[str, bool]:
    """Children ≥ 4 spoken in person, younger children seen, adults spoken — age on the gesprek date.

    The text follows the age on the last gesprek, or today's age when there is none yet.
    """
    persoon = betrokkene.persoon
    voldaan = any(
        protocol.telt_voor_persoon(g.vorm, persoon.leeftijd_op(g.datum), betrokkene.rol)
        for g in gesprekken
    )
    dag = gesprekken[-1].datum if gesprekken else timezone.localdate()
    tekst = persoon_eis_omschrijving(persoon, betrokkene.rol, persoon.leeftijd_op(dag))
    return tekst, voldaan


def eisen_van(dienst: Vervolgdienst) -> list[Eis]:
    """Every requirement with its state. Reads what the dienst's page has usually prefetched."""
    melding = dienst.melding
    afwijkingen = {a.eis: a for a in dienst.afwijkingen.all()}
    gesprekken_per_betrokkene: dict[int, list] = {}
    for gesprek in sorted(dienst.gesprekken.all(), key=lambda g: g.datum):
        gesprekken_per_betrokkene.setdefault(gesprek.directbetrokkene_id, []).append(gesprek)

    ruw: list[tuple[str, str, bool]] = [
        (
            "gestart",
            _("De dienst is gestart met een gesprek of huisbezoek van de uitvoerder"),
            protocol.is_gestart_met_activiteit(dienst),
        )
    ]
    for betrokkene in melding.directbetrokkenen.all():
        if not protocol.heeft_contacteis(betrokkene.persoon):
            continue
        tekst, voldaan = _gesprek_eis(betrokkene, gesprekken_per_betrokkene.get(betrokkene.pk, []))
        ruw.append((f"gesprek:{betrokkene.pk}", tekst, voldaan))
    ruw.append(
        (
            "voorwaarden",
            _("Er is minstens één veiligheidsvoorwaarde vastgelegd"),
            bool(dienst.voorwaarden.all()),
        )
    )
    if dienst.is_onderzoek:
        informanten = list(dienst.informanten.all())
        ruw.append(
            (
                "informanten",
                _("Minstens %(n)d informanten (professionals) zijn bevraagd")
                % {"n": MIN_INFORMANTEN},
                protocol.heeft_voldoende_informanten(len(informanten)),
            )
        )
        ruw.append(
            (
                "hoor_en_wederhoor",
                _("Hoor en wederhoor is vastgelegd"),
                bool(dienst.hoor_en_wederhoor.strip()),
            )
        )
        conclusies = {c.aanleiding for c in dienst.conclusies.all()}
        for code in melding.aanleiding_codes():
            if code in GEEN_CONCLUSIE_NODIG:
                continue
            ruw.append(
                (
                    f"conclusie:{code}",
                    _("Conclusie over '%(type)s'") % {"type": Aanleiding(code).label},
                    code in conclusies,
                )
            )
    else:
        ruw.append(
            (
                "erkenning",
                _("De erkenning van de zorgen door de directbetrokkenen is vastgelegd"),
                bool(dienst.erkenning_zorgen.strip()),
            )
        )
    eisen = []
    for code, omschrijving, voldaan in ruw:
        afwijking = afwijkingen.get(code)
        eisen.append(
            Eis(
                code=code,
                omschrijving=omschrijving,
                voldaan=voldaan,
                afwijking_goedgekeurd=bool(afwijking and afwijking.goedgekeurd_door_id),
                afwijking_aangevraagd=afwijking is not None,
            )
        )
    return eisen


def onvervulde_eisen(dienst: Vervolgdienst) -> list[Eis]:
    """Requirements neither met nor (person-level only) covered by an approved afwijking."""
    return [e for e in eisen_van(dienst) if not e.in_orde]


def schendingen(dienst) -> list[str]:
    """Every rule a stored dienst breaks, as '<code>: <reden>'; empty when it keeps them all.

    Reads the dienst's gesprekken, informanten, conclusies, voorwaarden, afwijkingen, overdracht
    and melding (prefetch them for a list). Pure.
    """
    fouten: list[str] = []

    def fout(regel: protocol.Regel, detail: str = "") -> None:
        fouten.append(f"{regel.code}: {regel.reden}{' ' + detail if detail else ''}")

    gestart = dienst.gestart_op is not None
    if dienst.status in protocol.NA_DE_START and not protocol.is_gestart_met_activiteit(dienst):
        fout(protocol.GESTART_MET_ACTIVITEIT)
    if dienst.status == protocol.D.WACHT_OP_START and gestart:
        fout(protocol.GESTART_MET_ACTIVITEIT, "(wacht op start maar heeft een startdatum)")
    if gestart and dienst.wachttijd_start != dienst.gestart_op - dienst.besluit_op:
        fout(protocol.GESTART_MET_ACTIVITEIT, "(de wachttijd klopt niet met de start)")
    if not gestart and any(
        (dienst.informanten.all(), dienst.conclusies.all(), dienst.voorwaarden.all())
    ):
        fout(protocol.GESTART_MET_ACTIVITEIT, "(werk vastgelegd in een dienst die niet is gestart)")
    for afwijking in dienst.afwijkingen.all():
        if not protocol.is_afwijkbaar(afwijking.eis):
            fout(protocol.AFWIJKING_ALLEEN_PERSOON, f"({afwijking.eis})")
    if dienst.afgerond_op is not None:
        for eis in onvervulde_eisen(dienst):
            fouten.append(f"{eis.code}: {eis.omschrijving}")
    if dienst.status in protocol.NA_AFRONDEN - {
        protocol.D.AFGEROND
    } and not protocol.heeft_vervolgtraject(dienst):
        fout(protocol.VV_VERVOLGTRAJECT)
    return fouten
