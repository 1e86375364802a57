"""API rate limits with a Dutch answer. Rates come from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].

DRF's throttles copy the rates once at import; these read them on every request, so a changed
setting (an override in a test, or a settings reload) takes effect at once. The counters live in
the default cache: configure a shared cache (Redis) when several web processes serve the API.
"""

from __future__ import annotations

from math import ceil

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle, UserRateThrottle


class TeVeelVerzoeken(exceptions.Throttled):
    """429 with a Dutch detail (DRF's own Dutch text is half English); Retry-After is set by DRF."""

    def __init__(self, wait: float | None = None) -> None:
        if wait is None:
            detail = _("Te veel verzoeken; probeer het later opnieuw.")
        else:
            detail = _("Te veel verzoeken; probeer het over %(seconden)d seconden opnieuw.") % {
                "seconden": max(1, ceil(wait))
            }
        super().__init__(wait=wait, detail=detail)


class _ActueleRates:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def weiger(self):
        raise TeVeelVerzoeken(self.wait())


class GebruikerThrottle(_ActueleRates, UserRateThrottle):
    """Every authenticated caller (person or koppeling): a general ceiling per account."""

    scope = "gebruiker"

    def __init__(self) -> None:
        # The rate is read per request (allow_request), not frozen here.
        pass

    def allow_request(self, request, view):
        self.rate = self.get_rate()
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view) or self.weiger()


class ScopeThrottle(_ActueleRates, ScopedRateThrottle):
    """Per-endpoint ceiling for views that name a `throttle_scope` (e.g. "politie_intake")."""

    def allow_request(self, request, view):
        # ScopedRateThrottle takes the scope from the view, then counts like any SimpleRateThrottle.
        return super().allow_request(request, view) or self.weiger()
