"""% binnen termijn per team or per gemeente for any period, with the counts behind each
percentage (wachtlijst/cijfers.py defines what counts). Used by both reports."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veiligthuis.models import Team
from wachtlijst import cijfers
from wachtlijst.rapportages.periode import Rapportperiode
from wachtlijst.rapportages.tabel import Kolom, Tabel, percentage

KOPPEN = {
    "screening": gettext_lazy("Screening A binnen 24 uur"),
    "beoordeling": gettext_lazy("Veiligheidsbeoordeling B binnen 5 werkdagen"),
    "dienst": gettext_lazy("Vervolgdienst binnen 10 weken"),
}


def binnen_termijn_tabel(periode: Rapportperiode, team: Team | None, groep: str) -> Tabel:
    """One row per team (or gemeente), a total row for all; per termijn: afgerond, binnen, %."""
    cijfers_per_soort = cijfers.binnen_termijn(
        periode.begin, periode.eind, groep=groep, team_id=team.pk if team else None
    )
    namen = sorted(
        {naam for per_groep in cijfers_per_soort.values() for naam in per_groep},
        key=lambda naam: (naam is None, naam or ""),
    )

    def cellen(waarden: list[cijfers.BinnenTermijn]) -> list[object]:
        afgerond = sum(w.afgerond for w in waarden)
        binnen = sum(w.binnen for w in waarden)
        return [afgerond, binnen, percentage(binnen, afgerond)]

    regels = []
    for naam in namen:
        regel: list[object] = [naam if naam is not None else _("Onbekend")]
        for soort in cijfers.TERMIJNSOORTEN:
            regel += cellen([cijfers_per_soort[soort].get(naam, cijfers.BinnenTermijn())])
        regels.append(regel)
    totaal: list[object] = [_("Totaal")]
    for soort in cijfers.TERMIJNSOORTEN:
        totaal += cellen(list(cijfers_per_soort[soort].values()))
    kolommen = [Kolom(_("Team") if groep == "team" else _("Gemeente"), getal=False)]
    for soort in cijfers.TERMIJNSOORTEN:
        kolommen += [
            Kolom(_("%(soort)s: afgerond") % {"soort": KOPPEN[soort]}),
            Kolom(_("binnen termijn")),
            Kolom(_("% binnen termijn")),
        ]
    return Tabel(
        sleutel=f"binnen-termijn-{groep}",
        titel=_("Binnen de termijn per %(groep)s")
        % {"groep": _("team") if groep == "team" else _("gemeente")},
        toelichting=_(
            "Afgerond in de periode: screenings A (binnen 24 uur na ontvangst, met de "
            "weekendregel), besluiten na de veiligheidsbeoordeling (binnen 5 werkdagen na "
            "ontvangst) en afgeronde vervolgdiensten (binnen 10 weken na het besluit), met "
            "hoeveel daarvan binnen de termijn."
        ),
        kolommen=kolommen,
        rijen=regels,
        totaal=totaal,
        leeg_bericht=_("Niets afgerond in deze periode."),
    )
