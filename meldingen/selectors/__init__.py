"""Reads of the meldingen domain, always scoped to the requesting medewerker."""

from meldingen.selectors.lijsten import (
    adviezen_voor,
    melding_dossier,
    meldingen_voor,
    startoverzicht,
)

__all__ = ["adviezen_voor", "melding_dossier", "meldingen_voor", "startoverzicht"]
