"""Audit log: who did or saw what, when. Rows are only ever added by `audit_log`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from veiligthuis.models import Medewerker


class AuditLog(models.Model):
    tijdstip = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    medewerker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    rollen = models.CharField(_("rollen"), max_length=300, blank=True)
    actie = models.CharField(_("actie"), max_length=100)
    object_type = models.CharField(_("soort object"), max_length=50, blank=True)
    object_id = models.CharField(_("object-id"), max_length=50, blank=True)
    ip = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        app_label = "veiligthuis"
        ordering = ["-tijdstip"]
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.tijdstip:%Y-%m-%d %H:%M} {self.medewerker_id} {self.actie}"


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
    """
    return AuditLog.objects.create(
        medewerker=medewerker,
        rollen=",".join(sorted(medewerker.rollen)) if medewerker else "",
        actie=actie,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(getattr(obj, "nummer", None) or (obj.pk if obj is not None else "")),
        ip=ip,
        details=details,
    )


def audit_verzoek(request, actie: str, obj: models.Model | None = None, **details: Any) -> AuditLog:
    """Record what the user of this request saw or did, with the client's address."""
    return audit_log(request.user, actie, obj, ip=request.META.get("REMOTE_ADDR"), **details)
