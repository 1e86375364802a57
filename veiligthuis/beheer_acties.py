"""What each audit action code means, in words a directbetrokkene can read.

The audit log stores short codes ("melding.inzien"); the beheer pages and the answer to an
inzageverzoek show these descriptions instead. One mapping for every page: a new `audit_log(...)`
code gets its line here (a test lists the codes in the source that have none). A code without a
description is shown as the code itself.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

AUDITACTIES = {
    # Accounts (functioneel beheer, in /admin/)
    "medewerker.aanmaken": _("Account aangemaakt"),
    "medewerker.wijzigen": _("Team of status van een account gewijzigd"),
    "medewerker.rollen": _("Rollen van een account gewijzigd"),
    "medewerker.wachtwoord": _("Wachtwoord van een account ingesteld door beheer"),
    # Adviezen
    "advies.registreren": _("Advies geregistreerd"),
    "advies.inzien": _("Advies bekeken"),
    "advies.api_inzien": _("Advies opgevraagd via de API"),
    "advies.api_lijst": _("Advies stond in een lijst die via de API is opgevraagd"),
    "advies.afronden": _("Advies afgerond"),
    "advies.omzetten": _("Advies omgezet in een melding"),
    # Meldingen: intake en screening
    "melding.registreren": _("Melding geregistreerd"),
    "melding.politie_ontvangen": _("Melding van de politie digitaal ontvangen"),
    "melding.inzien": _("Dossier van de melding bekeken"),
    "melding.api_inzien": _("Melding opgevraagd via de API"),
    "melding.api_lijst": _("Melding stond in een lijst die via de API is opgevraagd"),
    "melding.screening_inzien": _("Screening op acute onveiligheid bekeken"),
    "melding.screenen": _("Screening op acute onveiligheid vastgelegd"),
    "melding.overige_zorg_inzien": _("Beoordeling als overige zorg bekeken"),
    "melding.overige_zorg_herzien": _("Tweede beoordeling van overige zorg vastgelegd"),
    "melding.overige_zorg_doorsturen": _("Melding als overige zorg doorgestuurd"),
    "melding.anonimiseren": _("Persoonsgegevens verwijderd na het doorsturen als overige zorg"),
    # Identiteit: mogelijk dezelfde persoon
    "persoon.voorstellen_inzien": _("Lijst 'mogelijk dezelfde persoon' bekeken"),
    "persoon.samenvoegen": _("Nieuwe persoon samengevoegd met een bekende persoon"),
    "persoon.bsn_herversleutelen": _(
        "Alle BSN's opnieuw versleuteld met de nieuwste sleutel (sleutelrotatie)"
    ),
    "persoon.niet_dezelfde": _("Vastgelegd: niet dezelfde persoon als een bekende persoon"),
    "persoon.splitsen": _("Samenvoeging van twee personen teruggedraaid"),
    "huishouden.samenvoegen": _("Twee huishoudens samengevoegd (één adres)"),
    "huishouden.splitsen": _("Samenvoeging van twee huishoudens teruggedraaid"),
    "huishouden.inzien": _("Huishouden van een melding en mogelijke dubbele huishoudens bekeken"),
    # Meldingen: veiligheidsbeoordeling
    "melding.oppakken": _("Melding opgepakt voor de veiligheidsbeoordeling"),
    "melding.teruggeven": _("Melding teruggezet op de triagelijst"),
    "melding.herverdelen": _("Beoordelaar van de melding vervangen"),
    "melding.triage_instrument": _("Triage-instrument van de veiligheidsbeoordeling ingevuld"),
    "melding.activiteit": _("Contactpoging, gesprek of huisbezoek vastgelegd"),
    "melding.journaal": _("Aantekening in het dossier gemaakt"),
    "bijlage.toevoegen": _("Document aan het dossier toegevoegd"),
    "bijlage.brief": _("Brief als PDF opgesteld en in het dossier bewaard"),
    "bijlage.downloaden": _("Document uit het dossier geopend (gedownload)"),
    "bijlage.api_lijst": _("Lijst van documenten opgevraagd via de API"),
    "melding.consult": _("Consult of multidisciplinair overleg vastgelegd"),
    "melding.radar_reden": _("Vastgelegd waarom een herhaalde melding geen overleg nodig heeft"),
    "melding.verrijking": _("Uitkomst van een controle in een ander register vastgelegd"),
    "melding.betrokkene_toevoegen": _("Directbetrokkene aan de melding toegevoegd"),
    "melding.betrokkene_rol": _("Rol van een directbetrokkene gecorrigeerd"),
    "melding.betrokkene_hoort_niet_bij": _(
        "Persoon van de melding gehaald: hoort niet bij deze melding"
    ),
    "melding.brp_bewoners": _("In de BRP gevraagd wie er op het adres van de melding wonen"),
    "melding.soort_corrigeren": _("Soort melding gecorrigeerd"),
    "melding.aard_wijzigen": _("Aard van het geweld aangevuld of gecorrigeerd"),
    "melding.signaal_verwijderd": _("Signaal uit het triage-instrument gehaald, met reden"),
    "melding.herprioritering": _("Urgentie gewijzigd (herprioritering), met reden"),
    "melding.acuut_verklaren": _(
        "Melding acuut verklaard: van de triagelijst naar de acute wachtrij"
    ),
    "melding.betrokkene_informeren": _(
        "Vastgelegd dat een directbetrokkene is geïnformeerd, of waarom niet"
    ),
    "melding.ander_team": _(
        "Melding naar een ander team verplaatst (teamoverstijgend prioriteren)"
    ),
    "melding.personen_herzoeken": _("Opnieuw gezocht of de personen van de melding bekend zijn"),
    "melding.besluit": _("Besluit na de veiligheidsbeoordeling vastgelegd"),
    "melding.naar_vervolgdienst": _("Melding doorgezet naar een vervolgdienst van Veilig Thuis"),
    "melding.afsluiten": _("Melding afgesloten"),
    "melding.betrokkenen_geinformeerd": _(
        "Vastgelegd dat de betrokkenen over de registratie zijn geïnformeerd"
    ),
    "melding.informeren_verlengen": _("Termijn om de betrokkenen te informeren verlengd"),
    # Meldingen: wachten, terugkoppeling, privacy
    "melding.zicht_inzien": _("Contacten tijdens het wachten bekeken"),
    "melding.zicht_op_veiligheid": _("Contact tijdens het wachten vastgelegd"),
    "melding.terugkoppeling": _("Terugkoppeling aan de melder vastgelegd"),
    "melding.overdracht": _("Overdracht na de veiligheidsbeoordeling vastgelegd"),
    "melding.overdracht_inzien": _("Overdracht na de veiligheidsbeoordeling bekeken"),
    "melding.overdrachtsbrief": _("Overdrachtsbrief na de veiligheidsbeoordeling bekeken"),
    "afspraak.controle": _("Controle van een veiligheidsafspraak vastgelegd"),
    "melding.terugkoppeling_inzien": _("Terugkoppeling aan de melder bekeken"),
    "melding.vernietiging_inzien": _("Gegevens over vernietiging van het dossier bekeken"),
    "melding.vernietiging_aanbieden": _("Vernietiging van het dossier aangeboden"),
    "melding.vernietigingsverzoek_vastleggen": _(
        "Verzoek om vernietiging van het dossier vastgelegd"
    ),
    "melding.vernietigingsverzoek_beslissen": _("Besluit genomen over een verzoek om vernietiging"),
    "melding.vernietigen": _("Dossier vernietigd"),
    "melding.bewaartermijn_anonimiseren": _(
        "Dossier geanonimiseerd na afloop van de bewaartermijn"
    ),
    # Vervolgdiensten
    "dienst.aanmaken": _("Vervolgdienst aangemaakt"),
    "dienst.inzien": _("Dossier van de vervolgdienst bekeken"),
    "dienst.api_inzien": _("Vervolgdienst opgevraagd via de API"),
    "dienst.api_lijst": _("Vervolgdienst stond in een lijst die via de API is opgevraagd"),
    "dienst.uitvoerder": _("Uitvoerder van de vervolgdienst toegewezen"),
    "dienst.starten": _("Vervolgdienst gestart"),
    "dienst.gesprek": _("Gesprek met een betrokkene vastgelegd"),
    "dienst.informant": _("Informatie van een professional vastgelegd"),
    "dienst.conclusie": _("Conclusie van het onderzoek vastgelegd"),
    "dienst.voorwaarde": _("Veiligheidsvoorwaarde vastgelegd"),
    "dienst.bevindingen": _("Bevindingen van de vervolgdienst vastgelegd"),
    "dienst.afwijking_aanvragen": _("Afwijking van een vereiste aangevraagd"),
    "dienst.afwijking_goedkeuren": _("Afwijking van een vereiste goedgekeurd"),
    "dienst.afronden": _("Vervolgdienst afgerond"),
    "dienst.stoppen": _("Vervolgdienst voortijdig gestopt"),
    "dienst.overdracht": _("Overdracht aan een andere organisatie vastgelegd"),
    "dienst.ander_team": _("Dienst naar een ander team verplaatst"),
    "dienst.ketenpartner_gestart": _("Vastgelegd dat de andere organisatie is begonnen"),
    "dienst.overdrachtsbrief": _("Overdrachtsbrief bekeken"),
    "dienst.afsluitbrief": _("Afsluitbrief bekeken"),
    "dienst.monitoring_starten": _("Controlemomenten (monitoring) gepland"),
    "dienst.monitoring": _("Controlemoment (monitoring) vastgelegd"),
    "dienst.afsluiten": _("Vervolgdienst afgesloten"),
    # Beheer en inloggen
    "auditlog.zoeken": _("Auditlog doorzocht"),
    "auditlog.inzage": _("Opgezocht wie een dossier heeft ingezien"),
    "auditlog.inzage_export": _("Overzicht van wie een dossier heeft ingezien gedownload"),
    "auditlog.inzage_pdf": _("Antwoordbrief op een inzageverzoek als PDF gemaakt"),
    "rapportage.download": _("Rapportage bekeken of gedownload"),
    # Verantwoording: de halfjaarlijkse CBS-aanlevering
    "cbs.aanvragen": _("CBS-aanlevering (halfjaar) aangevraagd"),
    "cbs.maken": _("CBS-aanlevering gemaakt of geweigerd door de controle op fouten"),
    "cbs.inzien": _("Kwaliteitsrapport van de CBS-aanlevering bekeken (met meldingnummers)"),
    "cbs.download": _("Bestand van de CBS-aanlevering gedownload"),
    # Verantwoording: klachten, calamiteiten, inspectiedossier
    "klacht.registreren": _("Klacht geregistreerd"),
    "klacht.inzien": _("Klacht bekeken"),
    "klacht.lijst": _("Klacht stond in de lijst van klachten"),
    "klacht.bevestigen": _("Ontvangst van een klacht bevestigd"),
    "klacht.vertrouwenspersoon": _(
        "Vastgelegd dat de indiener is gewezen op een vertrouwenspersoon"
    ),
    "klacht.gesprek": _("Gesprek over een klacht vastgelegd"),
    "klacht.beoordelen": _("Oordeel over een klacht gegeven"),
    "klacht.afhandelen": _("Klacht afgehandeld"),
    "klacht.verlengen": _("Termijn van een klacht verlengd"),
    "calamiteit.registreren": _("Calamiteit of verplichte melding aan de inspectie geregistreerd"),
    "calamiteit.inzien": _("Calamiteit bekeken"),
    "calamiteit.lijst": _("Calamiteit stond in de lijst van calamiteiten"),
    "calamiteit.melden": _("Calamiteit gemeld aan de inspectie"),
    "calamiteit.analyse": _("Analyse van een calamiteit gestart"),
    "calamiteit.rapport": _("Rapport van een calamiteit verstuurd aan de inspectie"),
    "calamiteit.afronden": _("Calamiteit afgerond"),
    "inspectie.bekijken": _("Inspectiedossier bekeken"),
    "personeel.niet_inzetbaar_bekijken": _("Lijst van niet-inzetbare medewerkers bekeken"),
    "personeelsgegevens.toevoegen": _("Personeelsgegevens (VOG, diploma) toegevoegd"),
    "personeelsgegevens.wijzigen": _("Personeelsgegevens (VOG, diploma) gewijzigd"),
    "personeelsgegevens.verwijderen": _("Personeelsgegevens (VOG, diploma) verwijderd"),
    "registratie.toevoegen": _("Beroepsregistratie (SKJ, BIG) toegevoegd"),
    "registratie.wijzigen": _("Beroepsregistratie (SKJ, BIG) gewijzigd"),
    "registratie.verwijderen": _("Beroepsregistratie (SKJ, BIG) verwijderd"),
    "koppeling.aanmaken": _("Koppeling met een ander systeem aangemaakt"),
    "koppeling.token_vernieuwen": _("Token van een koppeling vernieuwd"),
    "koppeling.token_ingetrokken": _("Token ingetrokken omdat het account is gedeactiveerd"),
    "tweestaps.ingesteld": _("Tweestapsverificatie ingesteld"),
    "tweestaps.geverifieerd": _("Ingelogd met een code uit de authenticator-app"),
    "tweestaps.herstelcode_gebruikt": _("Ingelogd met een herstelcode"),
    "tweestaps.reset": _("Tweestapsverificatie van een medewerker gereset"),
    "tweestaps.activeringscode_uitgegeven": _(
        "Activeringscode voor tweestapsverificatie uitgegeven"
    ),
    "tweestaps.activeringscode_gebruikt": _(
        "Activeringscode gebruikt om tweestapsverificatie in te stellen"
    ),
    "tweestaps.activeringscode_verlopen": _("Verlopen of al gebruikte activeringscode geprobeerd"),
    "inloggen.blokkade_opgeheven": _("Inlogblokkade opgeheven"),
    "wachtwoord.gewijzigd": _("Wachtwoord gewijzigd"),
    "demo_data.aanmaken": _("Demogegevens aangemaakt"),
}


def actie_omschrijving(actie: str) -> str:
    """The description of an audit action code; the code itself when it has none."""
    omschrijving = AUDITACTIES.get(actie)
    return str(omschrijving) if omschrijving is not None else actie
