"""The written parts of the demo vervolgdiensten, and the ketenpartners of the Haaglanden region.

Placeholders: {partner} (the ketenpartner), {gemeente}, {pleger}, {slachtoffer}, {kind} (names of
directbetrokkenen, or a description when the melding has nobody in that role) and {ouders}.
No text contains a BSN or an address.
"""

from __future__ import annotations

from dataclasses import dataclass

from diensten.keuzes import ConclusieUitkomst

# Where a ketenpartner fits: "wijkteam" of the melding's gemeente, or a regional service.
WIJKTEAM, GGZ, JEUGD_GGZ, JEUGDHULP, VERSLAVING, OPVANG, PLEGERHULP, OUDEREN = (
    "wijkteam",
    "ggz",
    "jeugd_ggz",
    "jeugdhulp",
    "verslaving",
    "opvang",
    "plegerhulp",
    "ouderen",
)


@dataclass(frozen=True)
class KetenpartnerOpzet:
    naam: str
    soort: str
    gemeenten: tuple[str, ...]  # empty: the whole region
    heeft_wachtlijst: bool
    soort_code: str


# Den Haag's wijkteams and the specialised services have waiting lists (DOMAIN.md §6).
KETENPARTNERS = (
    KetenpartnerOpzet("Sociaal wijkteam Den Haag", "wijkteam", ("Den Haag",), True, WIJKTEAM),
    KetenpartnerOpzet("Wijkteam Delft", "wijkteam", ("Delft",), False, WIJKTEAM),
    KetenpartnerOpzet(
        "Wijkteam Westland en Midden-Delfland",
        "wijkteam",
        ("Westland", "Midden-Delfland"),
        False,
        WIJKTEAM,
    ),
    KetenpartnerOpzet("Sociaal team Rijswijk", "wijkteam", ("Rijswijk",), False, WIJKTEAM),
    KetenpartnerOpzet(
        "Sociaal team Pijnacker-Nootdorp", "wijkteam", ("Pijnacker-Nootdorp",), False, WIJKTEAM
    ),
    KetenpartnerOpzet("Wijkteam Zoetermeer", "wijkteam", ("Zoetermeer",), True, WIJKTEAM),
    KetenpartnerOpzet(
        "Wijkteam Leidschendam-Voorburg", "wijkteam", ("Leidschendam-Voorburg",), False, WIJKTEAM
    ),
    KetenpartnerOpzet("Sociaal team Wassenaar", "wijkteam", ("Wassenaar",), False, WIJKTEAM),
    KetenpartnerOpzet("GGZ Haaglanden, volwassenen", "GGZ", (), True, GGZ),
    KetenpartnerOpzet("Jeugd-GGZ Haaglanden", "GGZ jeugd", (), True, JEUGD_GGZ),
    KetenpartnerOpzet("Ambulante gezinsbegeleiding Haaglanden", "jeugdhulp", (), True, JEUGDHULP),
    KetenpartnerOpzet("Verslavingszorg Haaglanden", "verslavingszorg", (), False, VERSLAVING),
    KetenpartnerOpzet(
        "Vrouwenopvang en ambulante hulp Haaglanden", "vrouwenopvang", (), False, OPVANG
    ),
    KetenpartnerOpzet(
        "Plegerhulp huiselijk geweld Haaglanden", "hulp aan plegers", (), True, PLEGERHULP
    ),
    KetenpartnerOpzet("Casemanagement ouderen Haaglanden", "ouderenzorg", (), False, OUDEREN),
)

# (wat, wie, (from, to) days after the overdracht for "uiterlijk", hoe gecontroleerd)
AFSPRAKEN_ALGEMEEN = (
    (
        "Eerste gesprek van {partner} met het gezin, waarin de veiligheidsvoorwaarden samen worden "
        "doorgenomen.",
        "{partner}",
        (5, 21),
        "{partner} bevestigt het gesprek per e-mail aan de uitvoerder van Veilig Thuis.",
    ),
    (
        "Een hulpverleningsplan waarin de veiligheidsvoorwaarden en de signalen van terugval zijn "
        "opgenomen.",
        "{partner}",
        (21, 45),
        "Veilig Thuis ontvangt het plan en bespreekt het bij het eerste monitoringsmoment.",
    ),
    (
        "Bij nieuwe signalen van onveiligheid neemt {partner} dezelfde dag contact op met Veilig "
        "Thuis.",
        "{partner}",
        (3, 10),
        "Bij elk monitoringsmoment vraagt Veilig Thuis na of er incidenten waren en of die gemeld "
        "zijn.",
    ),
)
AFSPRAKEN_PARTNERGEWELD = (
    (
        "{pleger} meldt zich aan voor een training agressieregulatie en gaat naar de eerste "
        "bijeenkomst.",
        "{pleger}",
        (14, 42),
        "De trainer bevestigt aanmelding en aanwezigheid aan {partner}; {partner} geeft dit door "
        "aan Veilig Thuis.",
    ),
    (
        "Er is een veiligheidsplan voor {slachtoffer}, met een noodnummer en een adres waar zij of "
        "hij direct terecht kan.",
        "{slachtoffer}, samen met {partner}",
        (3, 14),
        "{partner} bespreekt het plan bij het eerste huisbezoek en stuurt Veilig Thuis een kopie.",
    ),
)
AFSPRAKEN_KIND = (
    (
        "{kind} gaat iedere schooldag naar school; bij verzuim belt school dezelfde dag de ouders "
        "en {partner}.",
        "School en {partner}",
        (7, 21),
        "{partner} vraagt maandelijks na bij de intern begeleider en legt dit vast in het plan.",
    ),
    (
        "{ouders} volgen een opvoedtraject gericht op opvoeden zonder geweld.",
        "{ouders}, begeleid door {partner}",
        (21, 60),
        "{partner} rapporteert na zes weken schriftelijk aan Veilig Thuis over deelname en "
        "voortgang.",
    ),
    (
        "De jeugdarts ziet {kind} voor een controle van groei en ontwikkeling.",
        "Jeugdgezondheidszorg {gemeente}",
        (14, 35),
        "De jeugdarts bevestigt het bezoek en de uitkomst aan {partner}.",
    ),
)
AFSPRAKEN_OUDEREN = (
    (
        "Voor de financiën van {slachtoffer} wordt bewindvoering aangevraagd bij de kantonrechter.",
        "{partner}",
        (30, 90),
        "Veilig Thuis vraagt bij het monitoringsmoment de beschikking van de kantonrechter op.",
    ),
    (
        "De mantelzorg wordt verlicht: {slachtoffer} gaat twee dagen per week naar dagbesteding.",
        "{partner}",
        (14, 45),
        "De dagbesteding bevestigt de start aan {partner}; {partner} informeert Veilig Thuis.",
    ),
)

# (voorwaarde, voor wie, hoe gecontroleerd)
VOORWAARDEN_PARTNERGEWELD = (
    (
        "Er wordt geen fysiek geweld gebruikt. Bij oplopende spanning verlaat {pleger} de woning "
        "en gaat naar familie.",
        "{pleger}",
        "Navraag bij {slachtoffer} bij ieder contact; de politie informeert Veilig Thuis bij een "
        "incident.",
    ),
    (
        "Ruzies worden niet in het bijzijn van de kinderen uitgevochten.",
        "{ouders}",
        "Gesprekken met de kinderen en navraag bij school.",
    ),
    (
        "Er is geen contact tussen {pleger} en {slachtoffer} buiten de afspraken via de advocaat.",
        "{pleger}",
        "Navraag bij {slachtoffer}; de wijkagent let op naleving van het contactverbod.",
    ),
)
VOORWAARDEN_KIND = (
    (
        "{kind} wordt niet fysiek gestraft.",
        "{ouders}",
        "Onaangekondigd huisbezoek en contact met school en huisarts.",
    ),
    (
        "{kind} krijgt elke dag een warme maaltijd en gaat verzorgd naar school.",
        "{ouders}",
        "Maandelijks contact met de leerkracht; school meldt zorgen direct.",
    ),
    (
        "Er is altijd een nuchtere volwassene die voor {kind} zorgt.",
        "{ouders}",
        "Navraag bij het netwerk (grootouders) en onaangekondigd huisbezoek.",
    ),
)
VOORWAARDEN_OUDEREN = (
    (
        "De pinpas en het geld van {slachtoffer} blijven bij {slachtoffer} zelf.",
        "{pleger}",
        "Maandelijks inzage in de bankafschriften samen met de casemanager.",
    ),
    (
        "Bij de verzorging van {slachtoffer} is de thuiszorg aanwezig; {pleger} verzorgt niet "
        "alleen.",
        "{pleger}",
        "De wijkverpleegkundige rapporteert wekelijks aan de casemanager.",
    ),
)
VOORWAARDEN_ALGEMEEN = (
    (
        "Er wordt niet gedreigd, gescholden of geslagen in huis.",
        "Alle volwassenen in het gezin",
        "Navraag bij alle gezinsleden bij ieder contact.",
    ),
    (
        "{pleger} houdt zich aan de afspraken met de hulpverlening en komt op de afspraken.",
        "{pleger}",
        "De hulpverlener bevestigt aanwezigheid maandelijks aan Veilig Thuis.",
    ),
)

GESPREK_KIND_GEZIEN = (
    "Gezien tijdens het huisbezoek; {naam} oogt verzorgd en speelt ontspannen.",
    "Gezien op het kinderdagverblijf; geen zichtbaar letsel, contact met de leidster is warm.",
    "Gezien bij de ouders thuis; {naam} reageert alert en zoekt troost bij moeder.",
)
GESPREK_KIND = (
    "Gesprek op school, alleen met {naam}; vertelt over de ruzies thuis en wie helpt.",
    "Gesprek met {naam} aan de hand van de drie huizen: zorgen, wat goed gaat, dromen.",
    "Gesprek tijdens het huisbezoek buiten aanwezigheid van de ouders; {naam} voelt zich veilig.",
)
GESPREK_VOLWASSENE = (
    "Gesprek over de zorgen uit de melding en over wat nodig is om het thuis veilig te houden.",
    "Huisbezoek; de situatie in huis en de afspraken over veiligheid besproken.",
    "Telefonisch contact; de voorgestelde veiligheidsvoorwaarden doorgenomen.",
    "Gesprek op kantoor; {naam} herkent een deel van de zorgen en wil meewerken.",
)

# (organisatie en functie, only when there are children)
INFORMANTEN = (
    ("Huisartsenpraktijk in {gemeente}, huisarts", False),
    ("Wijkteam {gemeente}, gezinscoach", False),
    ("Politie eenheid Den Haag, wijkagent", False),
    ("Basisschool in {gemeente}, intern begeleider", True),
    ("Basisschool in {gemeente}, groepsleerkracht", True),
    ("Kinderdagverblijf, pedagogisch medewerker", True),
    ("Jeugdgezondheidszorg {gemeente}, jeugdverpleegkundige", True),
    ("GGZ Haaglanden, behandelaar", False),
    ("Thuiszorg, wijkverpleegkundige", False),
)
INFORMATIE = (
    "Herkent de zorgen; ziet de laatste maanden meer spanning en terugtrekgedrag.",
    "Geen zorgen over de verzorging; afspraken worden nagekomen.",
    "Bekend met spanningen in het gezin; er is eerder hulp geweest die voortijdig stopte.",
    "Heeft twee keer blauwe plekken gezien; de uitleg van de ouders paste er niet bij.",
    "Het gezin is bekend met schulden en huisvestingsproblemen; er is geen zicht op geweld.",
    "Contact met de ouders verloopt moeizaam; afspraken worden vaak afgezegd.",
)
AFWEGING_ZONDER_TOESTEMMING = (
    "Vader weigert toestemming. Afweging: de veiligheid van de kinderen weegt zwaarder; alleen "
    "gevraagd naar wat nodig is voor de beoordeling van de veiligheid.",
    "Betrokkenen zijn niet bereikbaar voor toestemming. Afweging: zonder deze informatie is de "
    "veiligheid niet te beoordelen; de informant is beperkt bevraagd.",
)

HOOR_EN_WEDERHOOR = (
    "De bevindingen zijn met de ouders besproken. {pleger} herkent zich niet in het beeld dat "
    "school van {kind} schetst; die reactie is in het verslag opgenomen.",
    "De informatie van de informanten is voorgelegd aan {slachtoffer} en {pleger}; beiden hebben "
    "gereageerd en hun reacties zijn vastgelegd.",
    "Het conceptverslag is aan de betrokkenen voorgelegd; hun correcties op feiten zijn verwerkt "
    "en hun mening is apart opgenomen.",
)
ERKENNING = (
    "{ouders} erkennen dat de ruzies onveilig zijn voor de kinderen en willen hulp bij het "
    "oplossen van conflicten zonder geweld.",
    "{slachtoffer} en {pleger} erkennen dat het geweld moet stoppen; {pleger} heeft zich "
    "aangemeld voor hulp.",
    "{ouders} erkennen de zorgen over de verzorging en werken mee aan de voorwaarden.",
    "De betrokkenen erkennen de zorgen uit de melding en werken mee aan de afgesproken "
    "voorwaarden.",
)
CONCLUSIE = {
    ConclusieUitkomst.BEVESTIGD: (
        "Meerdere bronnen (gezinsleden, school, huisarts) bevestigen het geweld; de betrokkenen "
        "erkennen incidenten.",
        "Letsel is door de vertrouwensarts geduid als toegebracht; de verklaringen sluiten daarop "
        "aan.",
    ),
    ConclusieUitkomst.NIET_BEVESTIGD: (
        "Er zijn zorgen, maar onvoldoende feiten om het vermoeden te bevestigen of te weerleggen.",
    ),
    ConclusieUitkomst.WEERLEGD: (
        "Het letsel is medisch verklaard; informanten zien een veilige opvoedsituatie.",
        "De melding berustte op een misverstand tussen buren; er zijn geen signalen van geweld.",
    ),
    ConclusieUitkomst.VOORTIJDIG: ("Het onderzoek kon niet worden afgerond; zie de reden.",),
}

STOPREDEN_VROEG = (
    "Het gezin is verhuisd naar een andere regio; de melding is overgedragen aan Veilig Thuis "
    "daar.",
    "De Raad voor de Kinderbescherming is een beschermingsonderzoek gestart; de dienst gaat daarin "
    "op.",
    "Betrokkenen zijn vertrokken met onbekende bestemming; de politie is geïnformeerd.",
)
STOPREDEN_LAAT = (
    "Er is een ondertoezichtstelling uitgesproken; de gecertificeerde instelling neemt de regie "
    "over en bewaakt de veiligheid.",
    "Het gezin is verhuisd naar een andere regio; de monitoring is overgedragen aan Veilig Thuis "
    "daar.",
)

MONITORING = (
    "Telefonisch contact met de betrokkenen en school: de afspraken worden nagekomen, geen nieuwe "
    "incidenten.",
    "Huisbezoek: de situatie is stabiel; de hulpverlening loopt volgens plan.",
    "Contact met de ketenpartner: de hulp loopt, er zijn geen signalen van onveiligheid.",
    "Gesprek met de betrokkenen: de voorwaarden worden nageleefd en het gaat beter thuis.",
)
CONTRA_INDICATIE = (
    "Betrokkenen hebben aangegeven geen contact meer te willen met Veilig Thuis.",
    "Lopende strafzaak; een uitnodiging kan de veiligheid van het slachtoffer in gevaar brengen.",
)

AFWIJKING_KIND = (
    "{naam} ({leeftijd} jaar) wilde niet praten en is alleen gezien tijdens het huisbezoek; de "
    "leerkracht en de jeugdverpleegkundige zijn als informant gesproken.",
)
AFWIJKING_VOLWASSENE = (
    "{naam} reageert niet op brieven en telefoontjes en is bij twee huisbezoeken niet thuis "
    "getroffen; de veiligheid is beoordeeld met de andere gezinsleden en de informanten.",
    "{naam} verblijft in detentie; een gesprek was binnen de looptijd niet mogelijk.",
)

TERUGKOPPELING_BEOORDELING = (
    "Melder geïnformeerd over het besluit: {besluit}.",
    "Melder bedankt voor de melding en geïnformeerd over het besluit: {besluit}.",
)
TERUGKOPPELING_DIENST = (
    "Melder geïnformeerd dat de dienst is afgerond en dat {vervolg}.",
    "Melder geïnformeerd over de uitkomst: {vervolg}.",
)
TERUGKOPPELING_ANONIEM = "De melder is anoniem gebleven; er zijn geen contactgegevens."
