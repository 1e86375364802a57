from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


@login_not_required
def geen_toegang(request, exception=None):
    """403 page in Dutch; shows the refusal reason when the view gave one.

    htmx does not swap error responses into the page, so for an htmx request the reason goes into
    the messages and the page reloads (HX-Refresh), showing the current state with the reason.
    """
    melding = str(exception) if exception and str(exception) else None
    if getattr(request, "htmx", False):
        messages.error(request, melding or _("U heeft geen toegang tot deze actie."))
        return HttpResponse(status=403, headers={"HX-Refresh": "true"})
    return render(request, "403.html", {"melding": melding}, status=403)
