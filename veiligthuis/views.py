from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render


@login_not_required
def geen_toegang(request, exception=None):
    """403 page in Dutch; shows the refusal reason when the view gave one."""
    melding = str(exception) if exception and str(exception) else None
    return render(request, "403.html", {"melding": melding}, status=403)
