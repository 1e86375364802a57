"""Value lists of the meldingen domain. Codes follow the Informatieprotocol Veilig Thuis where it has one."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kanaal(models.TextChoices):
    TELEFOON = "telefoon", _("Telefoon")
    SCHRIFTELIJK = "schriftelijk", _("Schriftelijk (brief)")
    EMAIL = "email", _("E-mail")
    ONLINE_FORMULIER = "online_formulier", _("Online formulier")
    POLITIE_DIGITAAL = "politie_digitaal", _("Digitale politiemelding")
    CHAT = "chat", _("Chat")
    OP_LOCATIE = "op_locatie", _("Op locatie")
    MONITORING = "monitoring", _("Uit monitoring")


class Hoedanigheid(models.TextChoices):
    """Hoedanigheid of melder and adviesvrager (Informatieprotocol)."""

    HUISARTS = "gz_huisarts", _("Gezondheidszorg — huisarts")
    KINDERARTS = "gz_kinderarts", _("Gezondheidszorg — kinderarts")
    GERIATER = "gz_geriater", _("Gezondheidszorg — geriater")
    GGZ = "gz_ggz", _("Gezondheidszorg — GGZ")
    GEZONDHEIDSZORG_ANDERS = "gz_anders", _("Gezondheidszorg — anders")
    ONDERWIJS_BASIS = "onderwijs_basis", _("Onderwijs — basisonderwijs")
    ONDERWIJS_VOORTGEZET = "onderwijs_voortgezet", _("Onderwijs — voortgezet onderwijs")
    ONDERWIJS_ANDERS = "onderwijs_anders", _("Onderwijs — anders")
    LOKAAL_VELD = "lokaal_veld", _("Lokaal veld / wijkteam")
    JEUGDZORG_GI = "jeugdzorg_gi", _("Jeugdzorg — gecertificeerde instelling")
    JEUGDZORG_ANDERS = "jeugdzorg_anders", _("Jeugdzorg — anders")
    KINDEROPVANG = "kinderopvang", _("Kinderopvang")
    POLITIE = "politie", _("Politie")
    JUSTITIE = "justitie", _("Justitie")
    BEROEPSMATIG_ANDERS = "beroepsmatig_anders", _("Beroepsmatig — anders")
    DIRECTBETROKKENE_JEUGDIGE = "db_jeugdige", _("Directbetrokkene — jeugdige")
    DIRECTBETROKKENE_VOLWASSENE = "db_volwassene", _("Directbetrokkene — volwassene")
    FAMILIELID = "familielid", _("Familielid")
    SOCIAAL_NETWERK = "sociaal_netwerk", _("Sociaal netwerk")
    BUURTBEWONER = "buurtbewoner", _("Buurtbewoner")
    VRIJWILLIGER = "vrijwilliger", _("Vrijwilliger")
    NIET_BEROEPSMATIG_ANDERS = "niet_beroepsmatig_anders", _("Niet-beroepsmatig — anders")

    @classmethod
    def beroepsmatig(cls) -> frozenset[str]:
        return frozenset(
            {
                cls.HUISARTS,
                cls.KINDERARTS,
                cls.GERIATER,
                cls.GGZ,
                cls.GEZONDHEIDSZORG_ANDERS,
                cls.ONDERWIJS_BASIS,
                cls.ONDERWIJS_VOORTGEZET,
                cls.ONDERWIJS_ANDERS,
                cls.LOKAAL_VELD,
                cls.JEUGDZORG_GI,
                cls.JEUGDZORG_ANDERS,
                cls.KINDEROPVANG,
                cls.POLITIE,
                cls.JUSTITIE,
                cls.BEROEPSMATIG_ANDERS,
            }
        )


class Aanleiding(models.TextChoices):
    PARTNERGEWELD = "partnergeweld", _("(Ex-)partnergeweld")
    EERGERELATEERD = "eergerelateerd", _("Eergerelateerd geweld")
    OUDERENMISHANDELING = "ouderenmishandeling", _("Ouderenmishandeling en ontspoorde zorg")
    GEWELD_TEGEN_OUDERS = "geweld_tegen_ouders", _("Geweld tegen ouders door hun kinderen")
    HUWELIJKSDWANG = "huwelijksdwang", _("Huwelijksdwang en achterlating")
    KM_KINDCHECK = "km_kindcheck", _("Kindermishandeling — kindcheck")
    KM_VECHTSCHEIDING = "km_vechtscheiding", _("Kindermishandeling — vechtscheiding")
    KM_ANDERS = "km_anders", _("Kindermishandeling — anders")
    HG_ANDERS = "hg_anders", _("Huiselijk geweld — anders")
    ANDERE_PROBLEMATIEK = "andere_problematiek", _("Andere problematiek")


class Aard(models.TextChoices):
    LICHAMELIJKE_MISHANDELING = "lichamelijke_mishandeling", _("Lichamelijke mishandeling")
    LICHAMELIJKE_VERWAARLOZING = "lichamelijke_verwaarlozing", _("Lichamelijke verwaarlozing")
    PSYCHISCH_GEWELD = "psychisch_geweld", _("Psychisch geweld")
    AFFECTIEVE_VERWAARLOZING = "affectieve_verwaarlozing", _("Affectieve verwaarlozing")
    PEDAGOGISCHE_VERWAARLOZING = "pedagogische_verwaarlozing", _("Pedagogische verwaarlozing")
    SEKSUEEL_MISBRUIK = "seksueel_misbruik", _("Seksueel misbruik")
    FINANCIELE_UITBUITING = "financiele_uitbuiting", _("Financiële uitbuiting")
    GETUIGE = "getuige", _("Getuige van geweld in het gezin")
    MUNCHHAUSEN = "munchhausen", _("Münchhausen-by-proxy")
    VGV = "vgv", _("Vrouwelijke genitale verminking")
    ANDERS_ONVEILIG = "anders_onveilig", _("Anders onveilig")
    ANDERS_NIET_ONVEILIG = "anders_niet_onveilig", _("Anders (niet onveilig)")


class SoortMelding(models.TextChoices):
    EERSTE = "eerste", _("Eerste melding")
    HERMELDING = "hermelding", _("Hermelding")
    VERVOLGMELDING = "vervolgmelding", _("Vervolgmelding")


class BFase(models.TextChoices):
    """Where a melding of the B queue stands: a melding picked up is not yet a melding started
    (the gap seed 003 found: a triagelijst that looked started while the dossier showed nothing).
    The query is `meldingen.selectors.triage.b_fase`."""

    NIET_OPGEPAKT = "niet_opgepakt", _("Niet opgepakt")
    NIET_GESTART = "niet_gestart", _("Opgepakt, niet gestart")
    GESTART = "gestart", _("Gestart")


class Urgentie(models.TextChoices):
    ACUUT = "acuut", _("Acuut")
    HOOG = "hoog", _("Hoog")
    MIDDEN = "midden", _("Midden")
    LAAG = "laag", _("Laag")


class ScreeningUitkomst(models.TextChoices):
    ACUUT = "acuut", _("Acuut onveilig")
    NIET_ACUUT = "niet_acuut", _("Niet acuut: naar de triagelijst")
    OVERIGE_ZORG = "overige_zorg", _("Overige zorg (geen huiselijk geweld of kindermishandeling)")


class Antwoord(models.TextChoices):
    JA = "ja", _("Ja")
    NEE = "nee", _("Nee")
    ONBEKEND = "onbekend", _("Onvoldoende bekend")


class BesluitRoute(models.TextChoices):
    AFSLUITEN = "afsluiten", _("Afsluiten: geen vervolgstappen nodig")
    LOKAAL_VELD = "overdracht_lokaal_veld", _("Overdracht aan lokaal veld of andere hulp")
    CLIENTSYSTEEM = "overdracht_clientsysteem", _("Overdracht aan het cliëntsysteem")
    MELDER = "overdracht_melder", _("Overdracht aan de melder (professional gaat door)")
    VOORWAARDEN_EN_VERVOLG = "vervolg_vv", _("Vervolg bij Veilig Thuis: Voorwaarden & Vervolg")
    ONDERZOEK = "vervolg_onderzoek", _("Vervolg bij Veilig Thuis: Onderzoek")
    REGIONAAL_MAATWERK = "regionaal_maatwerk", _("Inzet regionaal maatwerk")

    @classmethod
    def vervolg_bij_vt(cls) -> frozenset[str]:
        return frozenset({cls.VOORWAARDEN_EN_VERVOLG, cls.ONDERZOEK})

    @classmethod
    def overdrachten(cls) -> frozenset[str]:
        return frozenset({cls.LOKAAL_VELD, cls.CLIENTSYSTEEM, cls.MELDER})


class RolInMelding(models.TextChoices):
    SLACHTOFFER = "slachtoffer", _("(Vermoedelijk) slachtoffer")
    PLEGER = "pleger", _("Vermoedelijke pleger")
    KIND = "kind", _("Kind in het gezin")
    GEZINSLID = "gezinslid", _("Ander gezinslid")


class Geslacht(models.TextChoices):
    MAN = "man", _("Man")
    VROUW = "vrouw", _("Vrouw")
    ANDERS = "anders", _("Anders")
    ONBEKEND = "onbekend", _("Onbekend")


class JournaalSoort(models.TextChoices):
    FEIT = "feit", _("Feit")
    MENING = "mening", _("Mening")
    INDRUK = "indruk", _("Indruk")


class MeldingStatus(models.TextChoices):
    ONTVANGEN = "ontvangen", _("Ontvangen")
    ACUUT = "acuut", _("Acuut")
    OP_TRIAGELIJST = "op_triagelijst", _("Op triagelijst")
    OVERIGE_ZORG = "overige_zorg", _("Overige zorg")
    DOORGESTUURD = "doorgestuurd", _("Doorgestuurd naar lokaal veld")
    IN_BEOORDELING = "in_beoordeling", _("In beoordeling")
    BESLOTEN = "besloten", _("Besloten")
    AFGESLOTEN = "afgesloten", _("Afgesloten")
    NAAR_VERVOLGDIENST = "naar_vervolgdienst", _("Naar vervolgdienst")

    @classmethod
    def wachtend_op_b(cls) -> frozenset[str]:
        """States in which the veiligheidsbeoordeling is still open."""
        return frozenset({cls.ONTVANGEN, cls.ACUUT, cls.OP_TRIAGELIJST, cls.IN_BEOORDELING})


class AdviesStatus(models.TextChoices):
    OPEN = "open", _("Open")
    AFGEROND = "afgerond", _("Afgerond")
    OMGEZET = "omgezet_in_melding", _("Omgezet in melding")


class Signaal(models.TextChoices):
    """Signals recorded with the triage-instrument; the afwegingskader can require expertise on them."""

    LETSEL = "letsel", _("Letsel (gezien of gemeld)")
    PSYCHIATRIE = "psychiatrische_problematiek", _("Ernstige psychiatrische problematiek")
    VERSLAVING = "verslaving", _("Verslavingsproblematiek")
    VERWURGING = "verwurging", _("Verwurging of verstikking")
    WAPENS = "wapens", _("Dreiging met of bezit van wapens")
    STALKING = "stalking", _("Stalking of belaging")
    ZWANGERSCHAP = "zwangerschap", _("Zwangerschap of baby in het gezin")


class ActiviteitSoort(models.TextChoices):
    """Dated activities; the first one marks a melding as really started (IGJ 2026)."""

    CONTACTPOGING = "contactpoging", _("Contactpoging")
    GESPREK = "gesprek", _("Gesprek")
    HUISBEZOEK = "huisbezoek", _("Huisbezoek")


class VerrijkingBron(models.TextChoices):
    EIGEN_DOSSIERS = "eigen_dossiers", _("Eerdere dossiers in het eigen systeem")
    VT_REGISTER = "vt_register", _("Veilig Thuis-register")
    BRP = "brp", _("Basisregistratie Personen (BRP)")
    RAAD = "raad_kinderbescherming", _("Raad voor de Kinderbescherming")
    LOKAAL_VELD = "lokaal_veld", _("Lokaal veld van de gemeente")


class VerrijkingStatus(models.TextChoices):
    OPEN = "open", _("Open")
    AFGEROND = "afgerond", _("Afgerond")
    NIET_MOGELIJK = "niet_mogelijk", _("Niet mogelijk")


class ConsultVorm(models.TextChoices):
    CONSULT = "consult", _("Consult")
    MDO = "mdo", _("Multidisciplinair overleg (MDO)")


class TriggerSoort(models.TextChoices):
    """What in a melding makes an afwegingsregel apply."""

    AARD = "aard", _("Aard van het geweld")
    AANLEIDING = "aanleiding", _("Aanleiding")
    SIGNAAL = "signaal", _("Signaal uit het triage-instrument")
    URGENTIE = "urgentie", _("Urgentie")


class BijlageSoort(models.TextChoices):
    ZORGMELDING_POLITIE = "zorgmelding_politie", _("Zorgmelding politie")
    RAPPORT_SCHOOL = "rapport_school", _("Rapport school")
    MEDISCH = "medisch", _("Medisch")
    BRIEF = "brief", _("Brief")
    VERSLAG = "verslag", _("Verslag")
    ANDERS = "anders", _("Anders")


class BijlageOnderdeel(models.TextChoices):
    """Where in the case a document was added: the melding (and its veiligheidsbeoordeling) or
    its vervolgdienst (one per melding)."""

    MELDING = "melding", _("Melding")
    DIENST = "dienst", _("Vervolgdienst")


class Brief(models.TextChoices):
    """The letters the system writes and archives as a bijlage (diensten/brieven.py)."""

    OVERDRACHT = "overdracht", _("Overdrachtsbrief")
    AFSLUITING = "afsluiting", _("Afsluitbrief")
    INFORMEREN = "informeren", _("Brief informeren directbetrokkenen")
    TERUGKOPPELING = "terugkoppeling", _("Terugkoppeling aan de melder")
