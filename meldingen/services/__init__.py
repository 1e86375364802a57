"""Every write in the meldingen domain goes through one of these services."""

from meldingen.services.beoordeling import (
    aarden_wijzigen,
    beoordeling_b_vastleggen,
    besluit_record,
    melding_afsluiten,
    melding_pick_up,
    melding_teruggeven,
)
from meldingen.services.dossier import (
    activiteit_vastleggen,
    consult_vastleggen,
    informeren_verlengen,
    journaal_toevoegen,
    radar_reden_vastleggen,
)
from meldingen.services.herverdeling import (
    melding_herprioriteren,
    melding_herverdelen,
    urgentie_wijzigen,
)
from meldingen.services.intake import (
    AdresGegevens,
    BetrokkeneGegevens,
    MelderGegevens,
    MeldingGegevens,
    advies_afronden,
    advies_omzetten_in_melding,
    advies_register,
    melding_register,
)
from meldingen.services.kalender import termijnen_herberekenen
from meldingen.services.screening import melding_screen, overige_zorg_beoordelen
from meldingen.services.verrijking import (
    verrijking_overslaan,
    verrijking_resultaat_vastleggen,
    verrijking_uitvoeren,
)

__all__ = [
    "aarden_wijzigen",
    "melding_herprioriteren",
    "melding_herverdelen",
    "urgentie_wijzigen",
    "activiteit_vastleggen",
    "consult_vastleggen",
    "radar_reden_vastleggen",
    "verrijking_overslaan",
    "verrijking_resultaat_vastleggen",
    "verrijking_uitvoeren",
    "AdresGegevens",
    "BetrokkeneGegevens",
    "MelderGegevens",
    "MeldingGegevens",
    "advies_afronden",
    "advies_omzetten_in_melding",
    "advies_register",
    "beoordeling_b_vastleggen",
    "besluit_record",
    "informeren_verlengen",
    "journaal_toevoegen",
    "melding_afsluiten",
    "melding_pick_up",
    "melding_register",
    "melding_screen",
    "melding_teruggeven",
    "overige_zorg_beoordelen",
    "termijnen_herberekenen",
]
