"""Beheer page: who cannot be given cases, and why (VOG, diploma, SKJ/BIG registratie)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from veiligthuis.audit import audit_verzoek
from veiligthuis.inzetbaarheid import niet_inzetbare_medewerkers
from veiligthuis.models import Rol


@require_GET
def niet_inzetbaar(request: HttpRequest) -> HttpResponse:
    """The list for beheer (whole organisation) or a werkbegeleider (own team)."""
    vandaag = timezone.localdate()
    rijen = niet_inzetbare_medewerkers(gebruiker=request.user, op=vandaag)
    audit_verzoek(request, "personeel.niet_inzetbaar_bekijken", aantal=len(rijen))
    context = {
        "rijen": rijen,
        "vandaag": vandaag,
        "organisatiebreed": request.user.heeft_rol(Rol.BEHEER),
    }
    return render(request, "veiligthuis/beheer_inzetbaarheid.html", context)
