"""Rendered parts of busy pages, kept while nothing they show can have changed.

A `Fragmentcache` keeps the HTML of parts of a page (the triagelijst's filters and table) in the
default cache under a key made of:

- the **change counter** of the tables the part reads (`veiligthuis.configuratie.teller`): every
  committed write to any of them makes a new key, whatever wrote it — a page, the admin, a Celery
  task, `psql`;
- a **code stamp**: a hash of the source files that render it and of the settings it reads, so a
  deploy or a changed setting never shows HTML an older version made;
- what the caller says the part depends on besides the data: scope, filters, page, what the user
  may do from it.

Time is the one input no counter sees ("overschreden" once a termijn passes, werkdagen at
midnight), so the maker says until when its HTML holds (`geldig_tot`) and a later request makes it
again. Only a GET reads or fills the cache (a GET writes none of the counted tables): a request
that wrote may still roll back, and its counter value would then come round again for another
change.

The default cache is shared by every process (Redis in production). Nothing in it may hold a
client's personal data: the triagelijst caches only case numbers, dates, states and staff names.
A part that does show a name, an address or case content (the dossier) goes into a cache of each
process's own memory (`cache_alias`, settings.DOSSIERCACHE), under stands its caller reads itself
(no `teller_sleutel`). A memory cache starts empty with every new process: it needs no code stamp.

A cached part with forms carries `CSRF_PLAATSHOUDER` instead of the token (`met_plaatshouder`);
`token_invullen` puts this request's token in its place.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils import timezone

from veiligthuis.configuratie import teller

T = TypeVar("T")

# An entry that nobody asks for again leaves the cache by itself.
BEWAARTIJD = 15 * 60
# Random per process: no text in a case can contain it by accident or on purpose.
CSRF_PLAATSHOUDER = f"vt-csrf-{secrets.token_hex(16)}"


def met_plaatshouder(context: dict) -> dict:
    """`context` for a part that will be cached: its forms get the placeholder, not the token."""
    return {**context, "csrf_token": CSRF_PLAATSHOUDER}


def token_invullen(html: str, request: HttpRequest) -> str:
    """A cached part with this request's CSRF token (and its cookie set, as `{% csrf_token %}`)."""
    return html.replace(CSRF_PLAATSHOUDER, get_token(request))


class Fragmentcache:
    def __init__(
        self,
        naam: str,
        *,
        teller_sleutel: str | None,
        bronbestanden: Iterable[str] = (),
        instellingen: Iterable[str] = (),
        cache_alias: str = "default",
    ) -> None:
        self.naam = naam
        self.teller_sleutel = teller_sleutel
        self.cache_alias = cache_alias
        inhoud = hashlib.sha256()
        for pad in sorted(bronbestanden):
            inhoud.update((Path(settings.BASE_DIR) / pad).read_bytes())
        # Settings the rendering reads: a restart with another value must not find the old HTML.
        for instelling in sorted(instellingen):
            inhoud.update(repr((instelling, getattr(settings, instelling, None))).encode())
        self.codestempel = inhoud.hexdigest()[:16]
        self.treffers = 0
        self.gemaakt = 0

    def sleutel(self, stand: int, onderdelen: tuple) -> str:
        kenmerk = hashlib.sha256(repr(onderdelen).encode()).hexdigest()[:24]
        return f"vt:{self.naam}:{self.codestempel}:{stand}:{kenmerk}"

    def ophalen(
        self,
        request: HttpRequest,
        onderdelen: tuple,
        maken: Callable[[datetime], tuple[T, datetime]],
    ) -> T:
        """The part from the cache, or `maken(nu)` → (part, geldig_tot), kept until then."""
        nu = timezone.now()
        if request.method != "GET" or connection.needs_rollback:
            return maken(nu)[0]
        # Read before the part's own queries: rows newer than the counter are kept under the
        # older value, which the next change replaces; never older rows under a newer value.
        stand = teller(self.teller_sleutel) if self.teller_sleutel else 0
        sleutel = self.sleutel(stand, onderdelen)
        cache = caches[self.cache_alias]
        gevonden = cache.get(sleutel)
        if gevonden is not None and nu < gevonden[0]:
            self.treffers += 1
            return gevonden[1]
        waarde, geldig_tot = maken(nu)
        self.gemaakt += 1
        over = (geldig_tot - nu).total_seconds()
        if over > 0:
            cache.set(sleutel, (geldig_tot, waarde), timeout=min(BEWAARTIJD, over))
        return waarde
