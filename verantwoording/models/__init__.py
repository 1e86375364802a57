"""The records of verantwoording: one module per subject, imported here for Django."""

from verantwoording.models.cbs import AanleveringStatus, CbsAanlevering

__all__ = ["AanleveringStatus", "CbsAanlevering"]
