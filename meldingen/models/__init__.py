"""Models of the meldingen app, split by subject: the case itself (kern) and the dossier around it."""

from meldingen.models.bijlagen import Bijlage
from meldingen.models.dossier import (
    Activiteit,
    Afwegingsregel,
    Consult,
    Dossierstand,
    Verrijkingstaak,
)
from meldingen.models.identiteit import (
    BetrokkeneWijziging,
    HuishoudenSamenvoeging,
    Koppelvoorstel,
    VoorstelStatus,
    WijzigingSoort,
)
from meldingen.models.informeren import Informering, InformeringWijze, NietInformerenGrond
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
from meldingen.models.politie import Politieregistratie
from meldingen.models.privacy import (
    OverigeZorgSignaal,
    Vernietigingsaanbod,
    Vernietigingsverzoek,
    VerzoekStatus,
)

__all__ = [
    "Activiteit",
    "Advies",
    "Afwegingsregel",
    "Bijlage",
    "Besluit",
    "BetrokkeneWijziging",
    "Consult",
    "Dossierstand",
    "Directbetrokkene",
    "Huishouden",
    "HuishoudenSamenvoeging",
    "Informering",
    "InformeringWijze",
    "Koppelvoorstel",
    "Journaalregel",
    "Melder",
    "Melding",
    "MeldingAanleiding",
    "MeldingAard",
    "NietInformerenGrond",
    "Nummerreeks",
    "OverigeZorgSignaal",
    "Persoon",
    "Politieregistratie",
    "Statuswijziging",
    "VeiligheidsbeoordelingA",
    "VeiligheidsbeoordelingB",
    "Vernietigingsaanbod",
    "Vernietigingsverzoek",
    "Verrijkingstaak",
    "VerzoekStatus",
    "VoorstelStatus",
    "WijzigingSoort",
]
