from django.shortcuts import render

from meldingen import selectors


def home(request):
    """Start page per role: the user's own cases and the team's numbers."""
    context = {"overzicht": selectors.startoverzicht(gebruiker=request.user)}
    return render(request, "veiligthuis/home.html", context)
