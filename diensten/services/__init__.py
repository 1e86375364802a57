"""Every write of the diensten domain goes through one of these services."""

from diensten.services.nazorg import (
    AfspraakGegevens,
    dienst_afsluiten,
    ketenpartner_gestart,
    monitoring_starten,
    monitoringsmoment_vastleggen,
    overdracht_vastleggen,
    terugkoppeling_vastleggen,
)
from diensten.services.overdracht_na_b import (
    afspraak_controle_vastleggen,
    overdracht_na_besluit_vastleggen,
)
from diensten.services.uitvoering import (
    afwijking_aanvragen,
    afwijking_goedkeuren,
    conclusie_vastleggen,
    dienst_afronden,
    dienst_bevindingen_vastleggen,
    dienst_na_besluit,
    dienst_starten,
    dienst_stoppen,
    dienst_uitvoerder_toewijzen,
    gesprek_vastleggen,
    informant_vastleggen,
    voorwaarde_vastleggen,
)

__all__ = [
    "AfspraakGegevens",
    "afspraak_controle_vastleggen",
    "afwijking_aanvragen",
    "afwijking_goedkeuren",
    "conclusie_vastleggen",
    "dienst_afronden",
    "dienst_afsluiten",
    "dienst_bevindingen_vastleggen",
    "dienst_na_besluit",
    "dienst_starten",
    "dienst_stoppen",
    "dienst_uitvoerder_toewijzen",
    "gesprek_vastleggen",
    "informant_vastleggen",
    "ketenpartner_gestart",
    "monitoring_starten",
    "monitoringsmoment_vastleggen",
    "overdracht_na_besluit_vastleggen",
    "overdracht_vastleggen",
    "terugkoppeling_vastleggen",
    "voorwaarde_vastleggen",
]
