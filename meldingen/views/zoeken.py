"""Browser page: search from the header (`/zoeken/?q=…`), for medewerkers with a case role.

Every search is audited with the kind of identifier and the case numbers it showed. The details
hold no name, address or BSN: a BSN search keeps a keyed hash of the BSN (`gesleutelde_hash`), so
"who searched for this person?" can still be answered from the log.
"""

from __future__ import annotations

from django.shortcuts import render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from meldingen.selectors.zoeken import BSN, zoeken, zoekvraag_lezen
from veiligthuis.audit import audit_lijst, gesleutelde_hash
from veiligthuis.rechten import eis_casusrol

AUDIT_ACTIE = "zoeken"
BSN_HASH_DOEL = "zoeken.bsn"


@never_cache
@require_GET
def zoeken_view(request):
    """Results in the page itself; never cached, as the page can show persons' names."""
    eis_casusrol(request.user)
    zoektekst = request.GET.get("q", "").strip()
    vraag = zoekvraag_lezen(zoektekst)
    resultaat = zoeken(gebruiker=request.user, vraag=vraag)
    if zoektekst:
        details = {
            "soort": vraag.soort or "onbekend",
            "geldig": not vraag.fout,
            "elders": resultaat.elders.aantal,
        }
        if vraag.soort == BSN and vraag.zoekbaar:
            details["bsn_hmac"] = gesleutelde_hash(vraag.waarde, doel=BSN_HASH_DOEL)
        if resultaat.elders_team_ids:
            details["teams_genoemd"] = resultaat.elders_team_ids
        audit_lijst(request, AUDIT_ACTIE, resultaat.nummers, **details)
    context = {"zoektekst": zoektekst, "vraag": vraag, "resultaat": resultaat}
    return render(request, "meldingen/zoeken.html", context)


urlpatterns = [
    path("zoeken/", zoeken_view, name="zoeken"),
]
