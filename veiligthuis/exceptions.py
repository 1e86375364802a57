"""Errors a service raises when a rule forbids what was asked. Messages are Dutch and user-facing."""

from __future__ import annotations


class DomainError(Exception):
    """A request that the rules of the process refuse. Nothing has been changed when it is raised.

    `velden` maps form/API field names to messages, for errors that belong to one input.
    """

    def __init__(self, message: str, *, velden: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.velden = velden or {}


class GeenToegang(DomainError):
    """The medewerker may not do this (role or team). Views answer 403."""
