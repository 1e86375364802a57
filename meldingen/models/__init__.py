"""Models of the meldingen app, split by subject: the case itself (kern) and the dossier around it."""

from meldingen.models.dossier import (
    Activiteit,
    Afwegingsregel,
    Consult,
    Verrijkingstaak,
)
from meldingen.models.kern import (
    Advies,
    Besluit,
    Directbetrokkene,
    Huishouden,
    Journaalregel,
    Melder,
    Melding,
    MeldingAanleiding,
    MeldingAard,
    Nummerreeks,
    Persoon,
    Statuswijziging,
    VeiligheidsbeoordelingA,
    VeiligheidsbeoordelingB,
)

__all__ = [
    "Activiteit",
    "Advies",
    "Afwegingsregel",
    "Besluit",
    "Consult",
    "Directbetrokkene",
    "Huishouden",
    "Journaalregel",
    "Melder",
    "Melding",
    "MeldingAanleiding",
    "MeldingAard",
    "Nummerreeks",
    "Persoon",
    "Statuswijziging",
    "VeiligheidsbeoordelingA",
    "VeiligheidsbeoordelingB",
    "Verrijkingstaak",
]
