"""Celery tasks of verantwoording. Each subject defines its tasks next to its service; they are
imported here because the worker discovers tasks through this module."""

from verantwoording.cbs.taken import cbs_aanlevering_maken_taak  # noqa: F401
