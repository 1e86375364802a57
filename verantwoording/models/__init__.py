"""The records of verantwoording: one module per subject, imported here for Django."""

from verantwoording.models.cbs import AanleveringStatus, CbsAanlevering
from verantwoording.models.klachten import (
    Calamiteit,
    CalamiteitSoort,
    CalamiteitStap,
    CalamiteitStatus,
    IndienerRelatie,
    Klacht,
    KlachtOordeel,
    KlachtStap,
    KlachtStatus,
)

__all__ = [
    "AanleveringStatus",
    "Calamiteit",
    "CalamiteitSoort",
    "CalamiteitStap",
    "CalamiteitStatus",
    "CbsAanlevering",
    "IndienerRelatie",
    "Klacht",
    "KlachtOordeel",
    "KlachtStap",
    "KlachtStatus",
]
