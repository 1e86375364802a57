"""The protocol's requirements of a vervolgdienst, evaluated against what was recorded.

One function, `eisen_van`, feeds both the checklist on the dienst page and the refusal of
`dienst_afronden`, so what the page shows as missing is exactly what the service refuses.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from diensten.keuzes import GesprekVorm
from diensten.models import Vervolgdienst
from meldingen.keuzes import Aanleiding

MIN_INFORMANTEN = 2
SPREKEN_VANAF = 4  # children from 4 years are spoken with, younger ones seen
VOLWASSEN = 18
# "Andere problematiek" is not a type geweld that an Onderzoek can confirm or refute.
GEEN_CONCLUSIE_NODIG = frozenset({Aanleiding.ANDERE_PROBLEMATIEK})


@dataclass(frozen=True)
class Eis:
    code: str
    omschrijving: str
    voldaan: bool
    afwijking_goedgekeurd: bool = False
    afwijking_aangevraagd: bool = False

    @property
    def in_orde(self) -> bool:
        return self.voldaan or self.afwijking_goedgekeurd


def _gesprek_eis(betrokkene, gesprekken) -> tuple[str, bool]:
    """Children ≥ 4 spoken, younger children seen, adults spoken — age on the gesprek date."""
    persoon = betrokkene.persoon
    voldaan = False
    for gesprek in gesprekken:
        leeftijd = persoon.leeftijd_op(gesprek.datum)
        if leeftijd is not None and leeftijd < SPREKEN_VANAF:
            voldaan |= gesprek.vorm in GesprekVorm.gezien()
        else:
            voldaan |= gesprek.vorm in GesprekVorm.gesproken()
    leeftijd_nu = persoon.leeftijd_op(gesprekken[-1].datum) if gesprekken else None
    if leeftijd_nu is not None and leeftijd_nu < SPREKEN_VANAF:
        tekst = _("%(naam)s (jonger dan 4) is gezien")
    else:
        tekst = _("%(naam)s is gesproken")
    return tekst % {"naam": persoon}, voldaan


def eisen_van(dienst: Vervolgdienst) -> list[Eis]:
    """Every requirement with its state. Reads what the dienst's page has usually prefetched."""
    melding = dienst.melding
    afwijkingen = {a.eis: a for a in dienst.afwijkingen.all()}
    gesprekken_per_betrokkene: dict[int, list] = {}
    for gesprek in sorted(dienst.gesprekken.all(), key=lambda g: g.datum):
        gesprekken_per_betrokkene.setdefault(gesprek.directbetrokkene_id, []).append(gesprek)

    ruw: list[tuple[str, str, bool]] = []
    for betrokkene in melding.directbetrokkenen.all():
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
                len(informanten) >= MIN_INFORMANTEN,
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
        for a in melding.aanleidingen.all():
            if a.aanleiding in GEEN_CONCLUSIE_NODIG:
                continue
            ruw.append(
                (
                    f"conclusie:{a.aanleiding}",
                    _("Conclusie over '%(type)s'") % {"type": a.get_aanleiding_display()},
                    a.aanleiding in conclusies,
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
    """Requirements neither met nor covered by an approved afwijking."""
    return [e for e in eisen_van(dienst) if not e.in_orde]
