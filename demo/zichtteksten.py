"""The written parts of the demo zicht-op-veiligheid contacts with waiting households.

Who was spoken and what it yielded, for a case on the triagelijst, one waiting for the start of
its vervolgdienst, and one waiting for a ketenpartner; plus the reasons of a herprioritering.
Placeholder {partner} is the ketenpartner (or "de hulpverlening" when there is none yet).
No text names a person, and none contains a BSN or an address.
"""

from __future__ import annotations

# Contacts possible in every household.
CONTACT_ALGEMEEN = (
    "moeder (telefonisch)",
    "vader (telefonisch)",
    "moeder (huisbezoek)",
    "beide ouders (telefonisch)",
    "slachtoffer (telefonisch)",
    "slachtoffer (beeldbellen)",
    "huisarts",
    "wijkagent",
    "melder (telefonisch)",
)
# Only when there are children in the household.
CONTACT_KIND = (
    "school, intern begeleider",
    "school, mentor",
    "kinderopvang, pedagogisch medewerker",
    "jeugdverpleegkundige consultatiebureau",
    "moeder en kind (huisbezoek)",
)
# Only while waiting for a ketenpartner.
CONTACT_KETENPARTNER = (
    "{partner}, aanmeldfunctionaris",
    "{partner}, casusregisseur",
)

UITKOMST_RUSTIG = (
    "Geen nieuwe incidenten sinds het vorige contact. De afspraken worden nagekomen.",
    "Het is thuis rustiger; moeder geeft aan dat de spanningen zijn afgenomen.",
    "Volgens school gaat het redelijk met het kind: het is op tijd, verzorgd en niet "
    "opvallend stil.",
    "Er zijn geen signalen van nieuw geweld. Het gezin wacht nog op de hulp en houdt zich aan "
    "het contactverbod.",
    "De huisarts ziet geen nieuwe letsels en geen verslechtering; afgesproken dat hij belt bij "
    "nieuwe zorgen.",
    "Gesprek verliep open. Er is sinds het vorige contact niets voorgevallen dat op onveiligheid "
    "wijst.",
)
UITKOMST_ZORGELIJK = (
    "Er is opnieuw een ruzie geweest waarbij de politie kwam; niemand raakte gewond.",
    "School meldt dat het kind weer vaker zonder eten komt en in zichzelf gekeerd is.",
    "Moeder klinkt uitgeput en zegt de opvoeding niet meer aan te kunnen; de ex-partner "
    "staat weer regelmatig voor de deur.",
    "De veiligheidsafspraken worden maar deels nagekomen: vader is toch weer thuis komen wonen.",
)
UITKOMST_NIET_BEREIKT = (
    "Twee keer gebeld zonder gehoor; via de wijkagent bevestigd dat de situatie rustig is.",
    "Telefonisch niet bereikt. Een brief gestuurd met het verzoek contact op te nemen; de "
    "school ziet het kind dagelijks en heeft geen zorgen.",
)
UITKOMST_KETENPARTNER = (
    "{partner} bevestigt de aanmelding; de verwachte starttermijn is nog enkele weken.",
    "{partner} heeft een intakegesprek gepland. Tot die tijd blijft Veilig Thuis het contact "
    "houden.",
    "{partner} geeft aan dat de wachtlijst is opgelopen; afgesproken dat het gezin voorrang "
    "krijgt bij nieuwe incidenten.",
)

REDEN_HOGER = (
    "Nieuw incident sinds het vorige contact; de situatie is minder stabiel dan bij de triage "
    "werd aangenomen.",
    "Het netwerk dat de veiligheid bewaakte valt weg: de grootmoeder is verhuisd.",
    "Signalen van school dat het kind thuis weer klappen krijgt.",
    "De pleger is vrijgelaten en woont weer in de buurt van het gezin.",
)
REDEN_LAGER = (
    "De ouders hebben zelf hulp gezocht en die is gestart; de acute zorgen zijn afgenomen.",
    "Pleger is uit huis en het contactverbod wordt nageleefd; de situatie is stabiel.",
    "Meerdere contacten zonder nieuwe zorgen; school en huisarts zien verbetering.",
)
REDEN_NA_ACUUT = (
    "De acute onveiligheid is opgeheven: er zijn veiligheidsafspraken gemaakt en die worden "
    "nagekomen.",
    "Na de crisisinterventie is de situatie stabiel; het kind verblijft voorlopig bij de "
    "grootouders.",
)
