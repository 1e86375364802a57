"""Reports for the ambtelijk overleg and the quarter: aggregate selectors, no case data."""

from wachtlijst.rapportages.kwartaal import kwartaalrapport
from wachtlijst.rapportages.periode import (
    Rapportperiode,
    kwartaal,
    kwartaalperiode,
    standaard_kwartaal,
    standaard_wachtlijstperiode,
    wachtlijstperiode,
)
from wachtlijst.rapportages.tabel import Tabel, schrijf_csv
from wachtlijst.rapportages.wachtlijst import wachtlijstrapport

__all__ = [
    "Rapportperiode",
    "Tabel",
    "kwartaal",
    "kwartaalperiode",
    "kwartaalrapport",
    "schrijf_csv",
    "standaard_kwartaal",
    "standaard_wachtlijstperiode",
    "wachtlijstperiode",
    "wachtlijstrapport",
]
