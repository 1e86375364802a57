"""API rate limits with a Dutch answer. Rates come from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].

DRF's throttles copy the rates once at import; these read them on every request, so a changed
setting (an override in a test, or a settings reload) takes effect at once. The counters live in
the default cache: configure a shared cache (Redis) when several web processes serve the API.

Counting is atomic (issue 13, item 6): DRF keeps a list of timestamps that it reads, appends to
and writes back, so concurrent requests overwrite each other's entries and more than the limit
gets through (667 in 43 s against 600/min was measured). Here each caller has one counter per
fixed window, created with `cache.add` and raised with `cache.incr`, both atomic in Redis and in
the local-memory cache; exactly the limit passes per window. A fixed window allows a burst of up
to twice the rate around a window boundary, which is acceptable for a ceiling against abuse.
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
        # DRF appends an English "Expected available in n seconds."; the Dutch text says it.
        self.detail = exceptions.ErrorDetail(detail, code=self.default_code)


class _ActueleRates:
    """Rates read per request, and an atomic fixed-window counter instead of DRF's history list."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def weiger(self):
        raise TeVeelVerzoeken(self.wait())

    def tel(self, request, view) -> bool:
        """Count this request in the caller's current window; True while within the limit."""
        sleutel = self.get_cache_key(request, view)
        if sleutel is None:
            return True
        self.now = self.timer()
        venster = int(self.now // self.duration)
        self.venster_einde = (venster + 1) * self.duration
        self.key = f"{sleutel}:{venster}"
        aantal = self._verhoog(self.key)
        return aantal is None or aantal <= self.num_requests

    def _verhoog(self, sleutel: str) -> int | None:
        # Twice: the counter may expire between add and incr. None: a cache that stores nothing
        # (the dummy cache) cannot count, so it does not throttle either.
        for _poging in range(2):
            self.cache.add(sleutel, 0, timeout=self.duration + 1)
            try:
                return self.cache.incr(sleutel)
            except ValueError:
                continue
        return None

    def wait(self):
        return max(0.0, self.venster_einde - self.now)


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
        return self.tel(request, view) or self.weiger()


class ScopeThrottle(_ActueleRates, ScopedRateThrottle):
    """Per-endpoint ceiling for views that name a `throttle_scope` (e.g. "politie_intake")."""

    def allow_request(self, request, view):
        # As ScopedRateThrottle: the scope comes from the view; no scope, no limit.
        self.scope = getattr(view, self.scope_attr, None)
        self.rate = self.get_rate() if self.scope else None
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return self.tel(request, view) or self.weiger()
