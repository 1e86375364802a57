"""Reads of the vervolgdiensten, scoped to the requesting medewerker, in a fixed number of queries."""

from diensten.selectors.activiteit import laatste_activiteit, met_laatste_activiteit
from diensten.selectors.lijst import (
    DienstenPagina,
    DienstFilters,
    DienstRij,
    diensten_lijst,
    diensten_pagina,
)
from diensten.selectors.pagina import (
    BetrokkeneRij,
    DienstActies,
    DienstOverzicht,
    EisRij,
    betrokkenen_met_leeftijd,
    conclusie_typen,
    dienst_acties,
    dienst_overzicht,
    is_uitvoerder_of_werkbegeleider,
)
from diensten.selectors.scope import (
    dienst_voor,
    diensten_voor,
    ketenpartners,
    melding_voor_overdracht,
    melding_voor_terugkoppeling,
    uitvoerder_kandidaten,
)
from diensten.selectors.termijn import DienstTermijn, Wachttijd, dienst_termijn, wachttijd_van

__all__ = [
    "BetrokkeneRij",
    "DienstActies",
    "DienstFilters",
    "DienstOverzicht",
    "DienstRij",
    "DienstTermijn",
    "DienstenPagina",
    "EisRij",
    "Wachttijd",
    "betrokkenen_met_leeftijd",
    "conclusie_typen",
    "dienst_acties",
    "dienst_overzicht",
    "dienst_termijn",
    "dienst_voor",
    "diensten_lijst",
    "diensten_pagina",
    "diensten_voor",
    "is_uitvoerder_of_werkbegeleider",
    "laatste_activiteit",
    "met_laatste_activiteit",
    "ketenpartners",
    "melding_voor_overdracht",
    "melding_voor_terugkoppeling",
    "uitvoerder_kandidaten",
    "wachttijd_van",
]
