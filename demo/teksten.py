"""The written parts of the demo dossiers: concerns, screening notes, onderbouwingen, advice.

Short, plausible Dutch texts per kind of case. Adviezen never name people (DOMAIN.md §2), and no
text here contains a BSN or an address.
"""

from __future__ import annotations

from demo.basis import Context
from meldingen.keuzes import Aanleiding, BesluitRoute, Hoedanigheid, Urgentie

A = Aanleiding
H = Hoedanigheid

ZORGEN: dict[str, tuple[str, ...]] = {
    A.PARTNERGEWELD: (
        "Buren hoorden 's nachts geschreeuw en gestommel. {Slachtoffer} had een rode plek in het "
        "gezicht en vertelde dat {pleger} {obj} tegen de muur had geduwd.{kinderen}",
        "{Slachtoffer} belde zelf de politie na een ruzie waarin {pleger} met een mes dreigde. "
        "{Pleger} is aangehouden en weer heengezonden.{kinderen}",
        "Na de scheiding blijft {pleger} berichten sturen en staat regelmatig voor de deur. "
        "{Slachtoffer} durft niet meer alleen naar buiten.{kinderen}",
        "Tijdens een afspraak vertelde {slachtoffer} dat de ruzies thuis steeds heftiger worden en "
        "dat {pleger} {bez} geld afneemt.{kinderen}",
    ),
    A.KM_ANDERS: (
        "{kind} komt vaak zonder ontbijt en in vuile kleren naar school en heeft regelmatig blauwe "
        "plekken op de armen die niet goed verklaard worden.",
        "{kind} vertelde op school thuis geslagen te worden bij ongehoorzaamheid. De leerkracht zag een "
        "striemende plek op de rug.",
        "Bij een huisbezoek van de wijkverpleging trof men een vervuilde woning aan; {kind} lag in "
        "een natte luier en leek ondervoed.",
        "{kind} is angstig, slaapt slecht en wil na school niet naar huis. Moeder lijkt de zorg "
        "niet aan te kunnen en is vaak onder invloed.",
    ),
    A.KM_VECHTSCHEIDING: (
        "De ouders zijn in een heftige scheiding verwikkeld. {kind} wordt gebruikt als boodschapper "
        "en is bij de overdracht getuige van schreeuwpartijen.",
        "Bij de wisseling van de kinderen liep een ruzie tussen de ouders uit de hand; de politie "
        "moest komen. {kind} stond huilend ernaast.",
    ),
    A.KM_KINDCHECK: (
        "Kindcheck: een ouder is opgenomen na een suïcidepoging. Er wonen minderjarige kinderen in "
        "het gezin; onduidelijk is wie nu voor {kind} zorgt.",
        "Kindcheck vanuit de spoedeisende hulp: vader kwam binnen met een ernstige intoxicatie. "
        "{kind} was thuis alleen.",
    ),
    A.OUDERENMISHANDELING: (
        "Een oudere dame wordt volgens de thuiszorg verwaarloosd door haar zoon, die bij haar "
        "inwoont. Haar pinpas is zoek en er staan rekeningen open.",
        "Meneer heeft beginnende dementie. De mantelzorger is overbelast en is volgens de buren "
        "hardhandig bij het wassen en aankleden.",
    ),
    A.GEWELD_TEGEN_OUDERS: (
        "Een moeder meldt dat haar zoon haar bij ruzies duwt en slaat en geld eist. Ze is bang voor "
        "hem en durft geen aangifte te doen.",
        "Politie is ter plaatse geweest: de dochter heeft in een woedeaanval meubels vernield en "
        "haar vader geslagen.",
    ),
    A.EERGERELATEERD: (
        "Een meisje vertelt op school dat haar familie haar wil terugsturen naar het land van "
        "herkomst omdat ze een vriendje heeft. Ze wordt thuis in de gaten gehouden.",
        "De broer van het slachtoffer bedreigt haar omdat ze de familie-eer zou hebben geschonden. "
        "Ze verblijft tijdelijk bij een vriendin.",
    ),
    A.HUWELIJKSDWANG: (
        "Een jonge vrouw vreest dat zij in de zomervakantie wordt uitgehuwelijkt. Haar paspoort is "
        "door haar vader ingenomen.",
    ),
    A.HG_ANDERS: (
        "Twee volwassen broers die samenwonen hebben regelmatig hoogoplopende ruzies; bij de laatste "
        "ruzie raakte een van hen gewond.",
        "Een vrouw wordt door haar huisgenoot gekleineerd, bedreigd en financieel uitgebuit.",
    ),
    A.ANDERE_PROBLEMATIEK: (
        "Politie trof een man in verwarde toestand aan op straat. Hij woont met zijn kind; er zijn "
        "geen signalen van geweld binnen het gezin.",
        "Burenruzie over geluidsoverlast; politie kwam ter plaatse. Er wonen kinderen, maar er is "
        "geen sprake van geweld in het gezin.",
        "Een jongere is aangehouden voor winkeldiefstal. Ouders zijn betrokken en bereikbaar; er "
        "zijn zorgen over schoolverzuim.",
    ),
}

SCREENING: dict[str, tuple[str, ...]] = {
    "acuut": (
        "Acute onveiligheid: er is een wapen gebruikt en de pleger is nog in beeld. Direct contact "
        "gehad met de politie; veiligheidsplan met het slachtoffer gemaakt.",
        "Acuut: een jong kind met onverklaard letsel. Vertrouwensarts ingeschakeld en huisbezoek "
        "vandaag met de politie.",
        "Acute onveiligheid door een escalerende situatie; CIT ingezet en MDO gepland.",
    ),
    "niet_acuut": (
        "Geen acute onveiligheid: de pleger verblijft elders en het slachtoffer heeft een netwerk. "
        "Wel zorgen over structurele onveiligheid.",
        "Niet acuut: de kinderen zijn veilig bij grootouders. Verdere beoordeling nodig.",
        "Geen aanwijzingen voor acuut gevaar; wel een patroon van geweld. Op de triagelijst.",
        "Niet acuut. De melder blijft betrokken; het gezin is bekend bij het wijkteam.",
    ),
    "overige_zorg": (
        "Geen signalen van huiselijk geweld of kindermishandeling binnen een afhankelijkheidsrelatie. "
        "Wel zorgen over de opvoedsituatie: overige zorg.",
        "De melding gaat over overlast en schulden, niet over geweld in het gezin. Overige zorg.",
    ),
}

TWEEDE_OORDEEL_AKKOORD = (
    "Eens met de screening: geen huiselijk geweld of kindermishandeling. Doorsturen naar het lokaal "
    "veld voor hulp.",
    "Dossier en politiemutatie nagelezen; geen afhankelijkheidsrelatie met geweld. Akkoord met "
    "doorsturen.",
)
TWEEDE_OORDEEL_HERZIEN = (
    "Niet eens: het kind was getuige van het geweld tussen de ouders. Wel een melding van huiselijk "
    "geweld; naar de triagelijst.",
    "Uit eerdere politiemutaties blijkt een patroon van geweld in het gezin. Wel zorgen; "
    "veiligheidsbeoordeling nodig.",
)

DOORSTUREN_AAN = (
    "Wijkteam {g}",
    "Centrum Jeugd en Gezin {g} (overige zorg jeugd)",
    "Sociaal team {g}",
)

OVERDRACHT_LOKAAL_VELD = (
    "Wijkteam {g}",
    "Jeugdteam {g}",
    "Centrum Jeugd en Gezin {g}",
    "Sociaal team {g}",
    "Ambulante GGZ-behandelaar",
    "Schuldhulpverlening {g}",
)

ONDERBOUWING: dict[str, tuple[str, ...]] = {
    BesluitRoute.AFSLUITEN: (
        "Na gesprekken met beide ouders en de melder is geen onveiligheid vastgesteld. Het incident "
        "was eenmalig en er is voldoende steun in het netwerk. Geen vervolgstappen nodig.",
        "De zorgen zijn bij nader onderzoek weerlegd: de blauwe plekken zijn medisch verklaard. "
        "Melding afgesloten.",
    ),
    BesluitRoute.LOKAAL_VELD: (
        "Er is structurele onveiligheid maar de ouders erkennen de zorgen en willen hulp. Overdracht "
        "aan {aan} met concrete veiligheidsafspraken; Veilig Thuis monitort na drie maanden.",
        "Het gezin heeft hulp nodig bij opvoeding en schulden. Overdracht aan {aan}; "
        "veiligheidsafspraken zijn met het gezin besproken en vastgelegd.",
        "Slachtoffer staat open voor hulp. Overdracht aan {aan}, die het gezin al kent. "
        "Veiligheidsvoorwaarden: geen contact tussen de ex-partners zonder begeleiding.",
    ),
    BesluitRoute.CLIENTSYSTEEM: (
        "Het gezin heeft zelf voldoende zicht op veiligheid en een sterk netwerk. Afspraken met "
        "ouders en grootouders vastgelegd; overdracht aan het cliëntsysteem.",
    ),
    BesluitRoute.MELDER: (
        "De melder ({aan}) heeft een goede relatie met het gezin en zet de hulp voort. Afspraken "
        "over veiligheid en terugkoppeling aan Veilig Thuis zijn gemaakt.",
    ),
    BesluitRoute.VOORWAARDEN_EN_VERVOLG: (
        "Structurele onveiligheid; ouders erkennen de zorgen. Dienst Voorwaarden & Vervolg: "
        "veiligheidsvoorwaarden opstellen en een passend vervolgtraject starten.",
        "Herhaald partnergeweld met kinderen als getuige. Beide ouders willen meewerken; "
        "Voorwaarden & Vervolg om voorwaarden vast te leggen en hulp in te zetten.",
    ),
    BesluitRoute.ONDERZOEK: (
        "De ouders ontkennen de zorgen terwijl er letsel is gezien. Onderzoek nodig om het vermoeden "
        "te bevestigen of te weerleggen, met informanten en hoor en wederhoor.",
        "Tegenstrijdige informatie van school en ouders; zicht op veiligheid ontbreekt. Dienst "
        "Onderzoek ingezet.",
    ),
    BesluitRoute.REGIONAAL_MAATWERK: (
        "Een tijdelijk huisverbod is opgelegd. Inzet van regionaal maatwerk: casusregie volgens de "
        "regionale afspraken huisverbod.",
    ),
}

SIGNALEN = (
    "Eerdere politiemeldingen op dit adres.",
    "Het kind vertelt zelf over het geweld.",
    "Moeder heeft een beperkt netwerk.",
    "Vader heeft een alcoholprobleem.",
    "Schoolverzuim van de oudste.",
    "Schulden en dreigende huisuitzetting.",
)

JOURNAAL: dict[str, tuple[tuple[str, str], ...]] = {
    "feit": (
        (
            "Politiemutatie",
            "Op dit adres zijn in het afgelopen jaar twee eerdere incidenten geregistreerd.",
        ),
        (
            "Huisarts (telefonisch)",
            "De huisarts bevestigt dat moeder vorige maand met letsel op het spreekuur kwam.",
        ),
        (
            "Intern begeleider school",
            "Het kind heeft dit schooljaar 14 dagen ongeoorloofd verzuimd.",
        ),
        ("BRP", "Het gezin staat sinds twee jaar op dit adres ingeschreven."),
        ("Melder (telefonisch)", "De melder heeft de afgelopen week twee keer geschreeuw gehoord."),
    ),
    "mening": (
        (
            "Melder",
            "De melder denkt dat de situatie thuis verslechtert sinds vader zijn werk verloor.",
        ),
        ("Leerkracht", "De leerkracht vindt het kind de laatste weken teruggetrokken en somber."),
        (
            "Wijkagent",
            "De wijkagent schat in dat de ex-partner zich niet aan afspraken zal houden.",
        ),
    ),
    "indruk": (
        (
            "Onderzoeker (huisbezoek)",
            "Het huis maakt een opgeruimde indruk; het kind is open en zoekt contact.",
        ),
        ("Onderzoeker (gesprek)", "Moeder lijkt de ernst van de situatie te bagatelliseren."),
        (
            "Onderzoeker (huisbezoek)",
            "Vader was gespannen en onderbrak moeder vaak tijdens het gesprek.",
        ),
    ),
}

ACTIVITEIT_MET_WIE = (
    "Moeder",
    "Vader",
    "Slachtoffer",
    "Beide ouders",
    "Melder",
    "Intern begeleider school",
    "Gezin (huisbezoek)",
    "Wijkagent",
)

ADVIES: dict[str, tuple[tuple[str, str], ...]] = {
    A.KM_ANDERS: (
        (
            "Blauwe plekken bij een leerling",
            "Besproken welke signalen de school ziet, hoe het gesprek met ouders aan te gaan en wanneer te melden. Afspraak: school gebruikt de meldcode en belt terug na het gesprek.",
        ),
        (
            "Zorgen over verwaarlozing van een peuter",
            "Uitleg over de stappen van de meldcode; de adviesvrager bespreekt de zorgen eerst met ouders.",
        ),
        (
            "Kind vertelt over slaan thuis",
            "Geadviseerd het kind serieus te nemen, niet door te vragen en dezelfde dag opnieuw contact op te nemen als het kind niet veilig naar huis kan.",
        ),
    ),
    A.KM_VECHTSCHEIDING: (
        (
            "Kinderen klem in een scheiding",
            "Informatie gegeven over ondersteuning bij scheiding en over wanneer een melding nodig is.",
        ),
    ),
    A.KM_KINDCHECK: (
        (
            "Kindcheck na opname van een ouder",
            "Besproken hoe de zorg voor de kinderen geregeld is; geadviseerd te melden als dat niet zo is.",
        ),
    ),
    A.PARTNERGEWELD: (
        (
            "Cliënt vertelt over geweld door partner",
            "Veiligheidsrisico's doorgenomen, informatie gegeven over het steunpunt en de mogelijkheid van een tijdelijk huisverbod.",
        ),
        (
            "Buurvrouw hoort regelmatig ruzie",
            "Uitgelegd wat de adviesvrager kan doen en wanneer de politie te bellen. Anonieme melding besproken.",
        ),
    ),
    A.OUDERENMISHANDELING: (
        (
            "Zorgen over een oudere buurvrouw",
            "Besproken welke signalen er zijn van financiële uitbuiting en welke hulp de gemeente biedt.",
        ),
        (
            "Overbelaste mantelzorger",
            "Adviesvrager verwezen naar mantelzorgondersteuning; afgesproken opnieuw te bellen bij nieuwe signalen.",
        ),
    ),
    A.GEWELD_TEGEN_OUDERS: (
        (
            "Zoon is agressief tegen ouders",
            "Besproken hoe ouders zich kunnen beschermen en welke jeugdhulp mogelijk is.",
        ),
    ),
    A.EERGERELATEERD: (
        (
            "Leerling vreest voor eerwraak",
            "Direct contact met de aandachtfunctionaris eergerelateerd geweld; veiligheid van de leerling besproken.",
        ),
    ),
    A.HUWELIJKSDWANG: (
        (
            "Zorgen over achterlating in de zomervakantie",
            "Informatie gegeven over het Landelijk Knooppunt Huwelijksdwang en Achterlating.",
        ),
    ),
    A.HG_ANDERS: (
        (
            "Geweld tussen volwassen broers",
            "Besproken welke hulp de adviesvrager kan inschakelen en wanneer te melden.",
        ),
    ),
    A.ANDERE_PROBLEMATIEK: (
        (
            "Vraag over opvoedondersteuning",
            "Geen signalen van geweld; verwezen naar het Centrum Jeugd en Gezin.",
        ),
    ),
}

SCHOOLNAMEN = (
    "De Regenboog",
    "De Klimop",
    "Het Kompas",
    "De Springplank",
    "De Vlinder",
    "Het Palet",
)


def organisatie_melder(ctx: Context, hoedanigheid: str, gemeente: str, woonplaats: str) -> str:
    """A plausible (generic) organisation name for a professional melder."""
    namen = {
        H.HUISARTS: f"Huisartsenpraktijk {ctx.faker.last_name()}",
        H.KINDERARTS: "Ziekenhuis, afdeling kindergeneeskunde",
        H.GERIATER: "Ziekenhuis, afdeling geriatrie",
        H.GGZ: f"GGZ ambulant team {woonplaats}",
        H.GEZONDHEIDSZORG_ANDERS: f"Thuiszorg {woonplaats}",
        H.ONDERWIJS_BASIS: f"Basisschool {ctx.kies(SCHOOLNAMEN)}, {woonplaats}",
        H.ONDERWIJS_VOORTGEZET: f"Scholengemeenschap {woonplaats}",
        H.ONDERWIJS_ANDERS: f"MBO-college {woonplaats}",
        H.LOKAAL_VELD: f"Wijkteam {gemeente}",
        H.JEUGDZORG_GI: "Gecertificeerde instelling jeugdbescherming",
        H.JEUGDZORG_ANDERS: f"Jeugdhulpaanbieder {woonplaats}",
        H.KINDEROPVANG: f"Kinderdagverblijf {ctx.kies(SCHOOLNAMEN)}",
        H.POLITIE: f"Politie eenheid Den Haag, basisteam {gemeente}",
        H.JUSTITIE: ctx.kies(("Reclassering", "Openbaar Ministerie")),
        H.BEROEPSMATIG_ANDERS: f"Woningcorporatie {woonplaats}",
    }
    return namen.get(hoedanigheid, "")


def zorgen(ctx: Context, aanleiding: str, beschrijving: dict[str, str], politie: bool) -> str:
    tekst = ctx.kies(ZORGEN.get(aanleiding, ZORGEN[A.HG_ANDERS])).format(**beschrijving)
    if politie:
        tekst = f"Zorgmelding politie. {tekst}"
    return tekst


def urgentie_voor_wachttijd(ctx: Context, wachtdagen: float) -> str:
    """Long waits on the triagelijst are mostly the lower urgencies (high ones are picked first)."""
    if wachtdagen > 21:
        return ctx.gewogen({Urgentie.HOOG: 5, Urgentie.MIDDEN: 45, Urgentie.LAAG: 50})
    return ctx.gewogen({Urgentie.HOOG: 25, Urgentie.MIDDEN: 50, Urgentie.LAAG: 25})
