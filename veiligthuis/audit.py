"""Audit log (in the spirit of NEN 7513): who did or saw what, when, from where.

Rows are only ever added, by `audit_log`: the application has no path that changes or deletes
one (the admin is read-only) and on PostgreSQL a trigger refuses UPDATE and DELETE on the table
(migration 0003). Details hold ids, case numbers and codes only — never a name, BSN or address —
so retention and anonymisation of dossiers never need to touch this table.

Services get `door` but no request; the client's address reaches them through a context variable
that `VerzoekContextMiddleware` sets for the duration of each request, so every entry a service
writes carries the ip without the services changing their signatures. Outside a request (Celery,
management commands) the ip is empty.
"""

from __future__ import annotations

from contextvars import ContextVar
from datetime import timedelta
from typing import Any

from django.db import connection, models
from django.utils import timezone
from django.utils.crypto import salted_hmac

# AuditLog stays importable from here: callers read the log through this module.
from veiligthuis.database import json_lijst_bevat
from veiligthuis.models import AuditLog, Medewerker


def audit_log(
    medewerker: Medewerker | None,
    actie: str,
    obj: models.Model | None = None,
    *,
    ip: str | None = None,
    **details: Any,
) -> AuditLog:
    """Record one action. Called inside the caller's transaction so it commits or rolls back with it.

    Details must never hold BSN, names or addresses: only ids, case numbers and codes.
    Without `ip` the address of the current request is used (`VerzoekContextMiddleware`).
    """
    if medewerker is not None and not getattr(medewerker, "is_authenticated", False):
        medewerker = None
    return AuditLog.objects.create(
        medewerker=medewerker,
        rollen=",".join(sorted(medewerker.rollen)) if medewerker else "",
        actie=actie,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(getattr(obj, "nummer", None) or (obj.pk if obj is not None else "")),
        ip=ip if ip is not None else _verzoek_ip.get(),
        details=details,
    )


def client_ip(request) -> str | None:
    """The client's address as the server saw it.

    Behind a reverse proxy the proxy must pass the client address as REMOTE_ADDR (e.g. gunicorn
    with --forwarded-allow-ips and a proxy-protocol setup); X-Forwarded-For is not trusted here
    because any client can send it.
    """
    return request.META.get("REMOTE_ADDR") or None


def audit_verzoek(request, actie: str, obj: models.Model | None = None, **details: Any) -> AuditLog:
    """Record what the user of this request saw or did, with the client's address."""
    return audit_log(request.user, actie, obj, ip=client_ip(request), **details)


def audit_lijst(request, actie: str, nummers: list[str], **details: Any) -> AuditLog:
    """One entry for a list that showed case data: which cases (by number) were in it."""
    return audit_verzoek(request, actie, nummers=list(nummers), aantal=len(nummers), **details)


def gesleutelde_hash(waarde: str, *, doel: str) -> str:
    """HMAC-SHA256 (hex) of `waarde`, keyed with a key derived from SECRET_KEY for this `doel`.

    For an identifier an entry must be matchable on later without holding it (the BSN a search
    was made with): beheer can compute the same hash for a BSN it is asked about, nobody can read
    the BSN back. Rotating SECRET_KEY makes older hashes unmatchable, not readable.
    """
    return salted_hmac(f"veiligthuis.audit.{doel}", waarde, algorithm="sha256").hexdigest()


_verzoek_ip: ContextVar[str | None] = ContextVar("audit_verzoek_ip", default=None)


class VerzoekContextMiddleware:
    """Makes the client's address available to `audit_log` for the duration of a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _verzoek_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            _verzoek_ip.reset(token)


# --- Reading the log (beheer) ---------------------------------------------------------------------


def _nummer_filter(nummers: list[str]) -> models.Q:
    """Entries about these cases: as the object, or in the numbers a list call returned.

    A list entry stores its numbers as a JSON array; on PostgreSQL its containment is answered by
    the GIN index of migration 0011 on every monthly partition, so "who saw this case" does not
    read the whole log (veiligthuis/database.py has the SQLite form).
    """
    filter_ = models.Q(object_id__in=nummers)
    for nummer in nummers:
        filter_ |= json_lijst_bevat("details__nummers", nummer)
    return filter_


def auditregels(
    *,
    medewerker_id: int | None = None,
    nummer: str = "",
    van=None,
    tot=None,
) -> models.QuerySet[AuditLog]:
    """Entries by medewerker, case number and period (dates inclusive, Europe/Amsterdam), newest first.

    The caller checks the right to read the log (`veiligthuis.rechten.ziet_auditlog`).
    """
    regels = AuditLog.objects.select_related("medewerker")
    if medewerker_id is not None:
        regels = regels.filter(medewerker_id=medewerker_id)
    if nummer:
        regels = regels.filter(_nummer_filter([nummer]))
    if van is not None:
        regels = regels.filter(tijdstip__date__gte=van)
    if tot is not None:
        regels = regels.filter(tijdstip__date__lte=tot)
    return regels.order_by("-tijdstip", "-pk")


def inzage_van(nummers: list[str]) -> models.QuerySet[AuditLog]:
    """Every entry of a medewerker about these cases: who saw or changed them, when, from where.

    Entries without a medewerker (system jobs) are left out: the question is who looked. So are
    beheer's own searches of the log: they show case numbers, not the dossier.
    """
    if not nummers:
        return AuditLog.objects.none()
    return (
        AuditLog.objects.filter(_nummer_filter(nummers), medewerker__isnull=False)
        .exclude(actie__startswith="auditlog.")
        .select_related("medewerker")
        .order_by("-tijdstip", "-pk")
    )


# Months of partitions the daily task keeps ready ahead of today (migration 0010).
PARTITIES_VOORUIT_DAGEN = 92


def auditlog_partities_bijwerken(*, tot=None) -> int:
    """Create the audit log's missing monthly partitions up to `tot` (default: 3 months ahead);
    returns how many were made. PostgreSQL only (on SQLite there are no partitions: 0)."""
    if connection.vendor != "postgresql":
        return 0
    vandaag = timezone.now().date()
    tot = tot or vandaag + timedelta(days=PARTITIES_VOORUIT_DAGEN)
    with connection.cursor() as cursor:
        cursor.execute("SELECT veiligthuis_auditlog_partities(%s, %s)", [vandaag, tot])
        return cursor.fetchone()[0]
