"""The inspectiedossier: per IGJ norm the figures that evidence it for a period.

Each figure is one named function below, `f(periode, *, nu) -> Cijfer`, with its teller (what
went as the norm asks), its noemer (what was counted) and, where the figure is about cases, one
row per melding behind it (`Dossierregel`: nummer and whether that case met the norm). Which rows
a medewerker gets to see is decided by the view with `meldingen_voor` (need-to-know: directie and
beheer see none). Figures that wachtlijst already defines are read from there (`cijfers.
termijn_definitie` is the same queryset `binnen_termijn` counts), so a figure has one number
wherever it is shown. Periods are `Rapportperiode`s: whole Amsterdam days, half-open bounds.

docs/INSPECTIEDOSSIER.md explains each figure for the inspector.
"""

from __future__ import annotations

import random
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import BooleanField, Case, F, Prefetch, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from diensten import protocol as dienst_protocol
from diensten.models import Gesprek, Overdracht, Vervolgdienst
from meldingen import protocol as melding_protocol
from meldingen.models import Besluit, Directbetrokkene, Journaalregel, Melding
from meldingen.selectors import meldingen_voor
from veiligthuis import termijnen
from veiligthuis.exceptions import DomainError
from veiligthuis.inzetbaarheid import is_inzetbaar, met_personeel
from veiligthuis.models import Medewerker
from veiligthuis.rechten import CASUSROLLEN
from verantwoording.models import Calamiteit, Klacht
from wachtlijst import cijfers
from wachtlijst.rapportages.periode import Rapportperiode, eigen_periode, kwartaal

STEEKPROEF_MAX = 50


@dataclass(frozen=True)
class Dossierregel:
    melding_id: int
    nummer: str
    voldaan: bool


@dataclass
class Cijfer:
    """One figure: `teller` of `noemer` met the norm; `dossiers` the cases behind it (or None
    when the figure is not about cases, e.g. staff or klachten without a melding)."""

    code: str
    titel: str
    definitie: str
    teller: int
    noemer: int
    dossiers: list[Dossierregel] | None = None
    extra: list[tuple[str, str]] = field(default_factory=list)

    @property
    def percentage(self) -> float | None:
        return round(100 * self.teller / self.noemer, 1) if self.noemer else None

    @property
    def niet_voldaan(self) -> int:
        return self.noemer - self.teller


def _regels(paren) -> list[Dossierregel]:
    """One row per melding (id, nummer, voldaan); a melding counted twice meets the norm only
    when every one of its records did."""
    per_melding: dict[int, list] = {}
    for melding_id, nummer, voldaan in paren:
        rij = per_melding.setdefault(melding_id, [nummer, True])
        rij[1] = rij[1] and voldaan
    return sorted(
        (Dossierregel(pk, nummer, voldaan) for pk, (nummer, voldaan) in per_melding.items()),
        key=lambda r: r.nummer,
    )


def _als_bool(voorwaarde: Q) -> Case:
    return Case(
        When(voorwaarde, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def _uit_termijndefinitie(soort: str, periode: Rapportperiode) -> tuple[int, int, list]:
    """Teller, noemer and rows of one kind of `cijfers.binnen_termijn`, from its own definition."""
    queryset, veld, op_tijd, via = cijfers.termijn_definitie(soort)
    rijen = list(
        queryset.filter(**{f"{veld}__gte": periode.begin, f"{veld}__lt": periode.eind})
        .annotate(op_tijd=_als_bool(op_tijd))
        .values_list(f"{via}id", f"{via}nummer", "op_tijd")
    )
    return sum(1 for r in rijen if r[2]), len(rijen), rijen


# --- 1.1 Tijdig zicht op veiligheid ------------------------------------------------------------


def screening_a_binnen_24_uur(periode: Rapportperiode, *, nu: datetime) -> Cijfer:
    """Norm 1.1: screenings A carried out in the period, on time when no later than the
    melding's `termijn_acute_screening` (24 hours, with the weekend rule) — `cijfers`'s
    "screening". Extra: the median time from receipt to screening."""
    teller, noemer, rijen = _uit_termijndefinitie("screening", periode)
    queryset, veld, _op_tijd, _via = cijfers.termijn_definitie("screening")
    duren = [
        (uitgevoerd - ontvangen).total_seconds() / 3600
        for uitgevoerd, ontvangen in queryset.filter(
            **{f"{veld}__gte": periode.begin, f"{veld}__lt": periode.eind}
        ).values_list("uitgevoerd_op", "melding__ontvangen_op")
    ]
    mediaan = f"{statistics.median(duren):.1f}".replace(".", ",") + " uur" if duren else "—"
    return Cijfer(
        code="screening_a",
        titel=_("Screening op acute onveiligheid (A) binnen 24 uur"),
        definitie=_(
            "Screenings A uitgevoerd in de periode; binnen de termijn als ze uiterlijk 24 uur na "
            "ontvangst zijn gedaan (schriftelijke meldingen na vrijdag 17:00 of in het weekend: "
            "de eerstvolgende werkdag)."
        ),
        teller=teller,
        noemer=noemer,
        dossiers=_regels(rijen),
        extra=[(_("Mediane tijd van ontvangst tot screening"), mediaan)],
    )


def zicht_op_wachtenden(periode: Rapportperiode, *, nu: datetime) -> Cijfer:
    """2015 2.1.1 (actueel beeld van de veiligheid van wachtende gezinnen): the meldingen that wait
    for or are in their veiligheidsbeoordeling now (screened, `cijfers.wacht_op_b` minus
    `te_screenen`), with a zicht-op-veiligheid contact that is not overdue. A stand of today,
    not of the period: the system keeps the planned contact, not its history."""
    wachtend = Melding.objects.filter(cijfers.wacht_op_b()).exclude(cijfers.te_screenen())
    rijen = list(
        wachtend.annotate(
            op_tijd=_als_bool(Q(zicht_volgende_op__isnull=False, zicht_volgende_op__gte=nu))
        ).values_list("pk", "nummer", "op_tijd")
    )
    return Cijfer(
        code="zicht_wachtenden",
        titel=_("Wachtende meldingen met actueel zicht op veiligheid (stand van nu)"),
        definitie=_(
            "Gescreende meldingen die nu wachten op of in hun veiligheidsbeoordeling zijn; "
            "voldaan als het geplande zicht-op-veiligheidscontact niet over tijd is."
        ),
        teller=sum(1 for r in rijen if r[2]),
        noemer=len(rijen),
        dossiers=_regels(rijen),
    )


# --- 1.2 Systematisch beoordelen -----------------------------------------------------------------


def beoordeling_b_binnen_5_werkdagen(periode: Rapportperiode, *, nu: datetime) -> Cijfer:
    """Norm 1.2 and 2015 1.2.4: besluiten after the veiligheidsbeoordeling taken in the period, on
    time when taken no later than `termijn_veiligheidsbeoordeling` (5 werkdagen after receipt,
    feestdagen and closure days excluded) — `cijfers`'s "beoordeling"."""
    teller, noemer, rijen = _uit_termijndefinitie("beoordeling", periode)
    return Cijfer(
        code="beoordeling_b",
        titel=_("Veiligheidsbeoordeling (B) met besluit binnen 5 werkdagen"),
        definitie=_(
            "Besluiten na de veiligheidsbeoordeling genomen in de periode; binnen de termijn als "
            "het besluit uiterlijk op de vijfde werkdag na ontvangst is genomen (de dag van "
            "ontvangst telt niet; weekenden, feestdagen en sluitingsdagen ook niet)."
        ),
        teller=teller,
        noemer=noemer,
        dossiers=_regels(rijen),
    )


def vervolgdienst_binnen_10_weken(periode: Rapportperiode, *, nu: datetime) -> Cijfer:
    """2015 1.2.5: vervolgdiensten (onderzoek, V&V) afgerond in the period, on time when afgerond
    no later than their termijn (10 weeks after the besluit) — `cijfers`'s "dienst"."""
    teller, noemer, rijen = _uit_termijndefinitie("dienst", periode)
    return Cijfer(
        code="dienst_10_weken",
        titel=_("Vervolgdienst (onderzoek of voorwaarden en vervolg) binnen 10 weken"),
        definitie=_(
            "Vervolgdiensten afgerond in de periode; binnen de termijn als ze uiterlijk 10 weken "
            "na het besluit zijn afgerond."
        ),
        teller=teller,
        noemer=noemer,
        dossiers=_regels(rijen),
    )


# --- 1.3 Acute onveiligheid ----------------------------------------------------------------------


def acuut_met_mdo(periode: Rapportperiode, *, nu: datetime) -> Cijfer:
    """Norm 1.3: meldingen with a besluit in the period that were ever acuut
    (`meldingen.protocol.is_ooit_acuut`); voldaan when they had an MDO with a GW or VA before
    the besluit (`meldingen.protocol.acuut_heeft_mdo`, the rule the besluit itself checks)."""
    besluiten = (
        Besluit.objects.filter(genomen_op__gte=periode.begin, genomen_op__lt=periode.eind)
        .select_related("melding", "melding__beoordeling_a")
        .prefetch_related("melding__consulten__deelnemers__roltoewijzingen")
    )
    meldingen = Melding.objects.filter(pk__in=besluiten.values("melding_id")).annotate(
        **melding_protocol.ooit_acuut_annotatie()
    )
    acuut_geherprioriteerd = dict(meldingen.values_list("pk", "acuut_geherprioriteerd"))
    rijen = []
    for besluit in besluiten:
        melding = besluit.melding
        melding.acuut_geherprioriteerd = acuut_geherprioriteerd.get(melding.pk, False)
        if not melding_protocol.is_ooit_acuut(melding):
            continue
        voldaan = melding_protocol.acuut_heeft_mdo(melding=melding, nu=besluit.genomen_op)
        rijen.append((melding.pk, melding.nummer, voldaan))
    return Cijfer(
        code="acuut_mdo",
        titel=_("Acute meldingen met een MDO (gedragswetenschapper of vertrouwensarts)"),
        definitie=_(
            "Meldingen met een besluit in de periode die acuut zijn of ooit acuut waren; voldaan "
            "als er vóór het besluit een MDO was met een gedragswetenschapper of vertrouwensarts."
        ),
        teller=sum(1 for r in rijen if r[2]),
        noemer=len(rijen),
        dossiers=_regels(rijen),
    )


# --- 2.1 Zorgvuldig en respectvol contact --------------------------------------------------------


def kinderen_gesproken(periode: Rapportperiode, *, nu: datetime) -> Cijfer:
    """Norm 2.1: vervolgdiensten afgerond in the period with at least one child of 4 years or
    older (on the day of afronding); voldaan when every such child was spoken face to face
    (`diensten.protocol.telt_voor_persoon`: a telephone call does not count). An approved
    afwijking is not counted as spoken; it shows as an extra line."""
    diensten = (
        Vervolgdienst.objects.filter(afgerond_op__gte=periode.begin, afgerond_op__lt=periode.eind)
        .select_related("melding")
        .prefetch_related(
            Prefetch(
                "melding__directbetrokkenen",
                queryset=Directbetrokkene.objects.select_related("persoon"),
            ),
            Prefetch("gesprekken", queryset=Gesprek.objects.order_by("datum")),
            "afwijkingen",
        )
    )
    rijen = []
    afwijkingen = 0
    for dienst in diensten:
        dag = termijnen.lokale_datum(dienst.afgerond_op)
        kinderen = [
            b
            for b in dienst.melding.directbetrokkenen.all()
            if dienst_protocol.moet_face_to_face(b.persoon.leeftijd_op(dag), b.rol)
            and b.persoon.leeftijd_op(dag) is not None
        ]
        if not kinderen:
            continue
        gesprekken = defaultdict(list)
        for gesprek in dienst.gesprekken.all():
            gesprekken[gesprek.directbetrokkene_id].append(gesprek)
        voldaan = all(
            any(
                dienst_protocol.telt_voor_persoon(
                    g.vorm, kind.persoon.leeftijd_op(g.datum), kind.rol
                )
                for g in gesprekken[kind.pk]
            )
            for kind in kinderen
        )
        if not voldaan and any(a.goedgekeurd_door_id for a in dienst.afwijkingen.all()):
            afwijkingen += 1
        rijen.append((dienst.melding_id, dienst.melding.nummer, voldaan))
    return Cijfer(
        code="kinderen_gesproken",
        titel=_("Vervolgdiensten waarin elk kind vanaf 4 jaar is gesproken"),
        definitie=_(
            "Vervolgdiensten afgerond in de periode met een kind van 4 tot 18 jaar; voldaan als "
            "elk van die kinderen in een gesprek of huisbezoek is gesproken (telefonisch telt niet)."
        ),
        teller=sum(1 for r in rijen if r[2]),
        noemer=len(rijen),
        dossiers=_regels(rijen),
        extra=[(_("Niet voldaan, met goedgekeurde afwijking"), str(afwijkingen))],
    )


def betrokkenen_geinformeerd(periode: Rapportperiode, *, nu: datetime) -> Cijfer:
    """Norm 2.1 (Wmo 2015 art. 5.3.1): meldingen whose termijn to inform the directbetrokkenen
    (4 weeks after recording, possibly extended) ended in the period and by now; voldaan when
    every directbetrokkene was informed (or not, with the legal ground) by that termijn."""
    eind = min(periode.eind, nu)
    rijen = list(
        Melding.objects.filter(
            termijn_informeren_betrokkenen__gte=periode.begin,
            termijn_informeren_betrokkenen__lt=eind,
        )
        .annotate(
            op_tijd=_als_bool(
                Q(
                    betrokkenen_geinformeerd_op__isnull=False,
                    betrokkenen_geinformeerd_op__lte=F("termijn_informeren_betrokkenen"),
                )
            )
        )
        .values_list("pk", "nummer", "op_tijd")
    )
    return Cijfer(
        code="informeren",
        titel=_("Directbetrokkenen binnen 4 weken geïnformeerd"),
        definitie=_(
            "Meldingen waarvan de termijn om de directbetrokkenen te informeren in de periode "
            "afliep; voldaan als iedereen op tijd is geïnformeerd (of, met wettelijke grond, niet)."
        ),
        teller=sum(1 for r in rijen if r[2]),
        noemer=len(rijen),
        dossiers=_regels(rijen),
    )


# --- 3.2 Transparant dossier ---------------------------------------------------------------------


def journaal_met_bron(periode: Rapportperiode, *, nu: datetime) -> Cijfer:
    """Norm 3.2: journaalregels written in the period; voldaan when the regel names its bron.
    Per melding the row is voldaan when all its regels of the period do. Extra: how the regels
    split into feit, mening and indruk (facts and opinions kept apart)."""
    regels = list(
        Journaalregel.objects.filter(
            geschreven_op__gte=periode.begin, geschreven_op__lt=periode.eind
        ).values_list("melding_id", "melding__nummer", "bron", "soort")
    )
    soorten: dict[str, int] = defaultdict(int)
    for *_rest, soort in regels:
        soorten[soort] += 1
    rijen = [(m, n, bool((bron or "").strip())) for m, n, bron, _s in regels]
    return Cijfer(
        code="journaal_bron",
        titel=_("Journaalregels met bron"),
        definitie=_(
            "Journaalregels geschreven in de periode; voldaan als de regel de bron van de "
            "informatie noemt. Feiten, meningen en indrukken worden apart vastgelegd."
        ),
        teller=sum(1 for r in rijen if r[2]),
        noemer=len(rijen),
        dossiers=_regels(rijen),
        extra=[
            (
                _("Feit / mening / indruk"),
                f"{soorten['feit']} / {soorten['mening']} / {soorten['indruk']}",
            )
        ],
    )


# --- 3.3 Samenwerken -----------------------------------------------------------------------------


def overdracht_met_afspraken(periode: Rapportperiode, *, nu: datetime) -> Cijfer:
    """Norm 3.3: overdrachten (after a dienst or straight after B) recorded in the period;
    voldaan when they hold at least one concrete veiligheidsafspraak (what, who, by when, how
    checked: the model refuses an afspraak with one of those empty)."""
    overdrachten = (
        Overdracht.objects.filter(vastgelegd_op__gte=periode.begin, vastgelegd_op__lt=periode.eind)
        .select_related("melding", "dienst__melding")
        .prefetch_related("afspraken")
    )
    rijen = []
    for overdracht in overdrachten:
        melding = overdracht.melding or overdracht.dienst.melding
        rijen.append((melding.pk, melding.nummer, bool(overdracht.afspraken.all())))
    return Cijfer(
        code="overdracht_afspraken",
        titel=_("Overdrachten met concrete veiligheidsafspraken"),
        definitie=_(
            "Overdrachten vastgelegd in de periode; voldaan als er minstens één afspraak is met "
            "wat, wie, uiterlijk wanneer en hoe het gecontroleerd wordt."
        ),
        teller=sum(1 for r in rijen if r[2]),
        noemer=len(rijen),
        dossiers=_regels(rijen),
    )


# --- 4.2 Verantwoorde organisatie ----------------------------------------------------------------


def medewerkers_inzetbaar(periode: Rapportperiode, *, nu: datetime) -> Cijfer:
    """Norm 4.2: active medewerkers with a case role on the last day of the period; voldaan when
    inzetbaar that day (diploma, VOG, SKJ/BIG registratie where the role needs it:
    `veiligthuis.inzetbaarheid`). Staff, not cases: no case numbers."""
    dag = min(periode.tot, termijnen.lokale_datum(nu))
    medewerkers = met_personeel(
        Medewerker.objects.filter(
            is_active=True,
            koppeling__isnull=True,
            roltoewijzingen__rol__in=list(CASUSROLLEN),
        ).distinct()
    )
    uitkomst = [is_inzetbaar(m, op=dag) for m in medewerkers]
    return Cijfer(
        code="inzetbaar",
        titel=_("Medewerkers met een casusrol die inzetbaar zijn"),
        definitie=_(
            "Actieve medewerkers met een casusrol op de laatste dag van de periode; voldaan als "
            "diploma, VOG en (waar de rol het vraagt) SKJ- of BIG-registratie geldig zijn."
        ),
        teller=sum(uitkomst),
        noemer=len(uitkomst),
        extra=[(_("Peildatum"), f"{dag:%d-%m-%Y}")],
    )


# --- 4.3 Lerend werkklimaat: calamiteiten ---------------------------------------------------------


def _calamiteit_regels(calamiteiten, voldaan: Callable[[Calamiteit], bool]) -> list:
    return [(m.pk, m.nummer, voldaan(c)) for c in calamiteiten for m in c.meldingen.all()]


def calamiteiten_tijdig_gemeld(periode: Rapportperiode, *, nu: datetime) -> Cijfer:
    """Norm 4.3: calamiteiten whose termijn to report them to the inspectie (3 werkdagen after
    kennisname) ended in the period and by now; voldaan when reported by that termijn."""
    eind = min(periode.eind, nu)
    calamiteiten = list(
        Calamiteit.objects.filter(
            termijn_melding__gte=periode.begin, termijn_melding__lt=eind
        ).prefetch_related("meldingen")
    )

    def op_tijd(c: Calamiteit) -> bool:
        return c.gemeld_op is not None and c.gemeld_op <= c.termijn_melding

    rapporten = list(
        Calamiteit.objects.filter(termijn_rapport__gte=periode.begin, termijn_rapport__lt=eind)
    )
    rapport_op_tijd = sum(
        1
        for c in rapporten
        if c.rapport_verstuurd_op is not None and c.rapport_verstuurd_op <= c.termijn_rapport
    )
    return Cijfer(
        code="calamiteit_gemeld",
        titel=_("Calamiteiten tijdig gemeld aan de inspectie"),
        definitie=_(
            "Calamiteiten en verplichte meldingen waarvan de meldtermijn (werkdagen na "
            "kennisname) in de periode afliep; voldaan als ze op tijd bij de inspectie zijn gemeld."
        ),
        teller=sum(1 for c in calamiteiten if op_tijd(c)),
        noemer=len(calamiteiten),
        dossiers=_regels(_calamiteit_regels(calamiteiten, op_tijd)),
        extra=[
            (
                _("Analyserapport op tijd (termijn in de periode)"),
                f"{rapport_op_tijd} / {len(rapporten)}",
            )
        ],
    )


# --- 4.4 Klachten en vertrouwenspersoon ----------------------------------------------------------


def klachten_binnen_termijn(periode: Rapportperiode, *, nu: datetime) -> Cijfer:
    """Norm 4.4: klachten afgehandeld in the period, on time when afgehandeld no later than their
    termijn (6 weeks, or 10 with the one verlenging). Extra: klachten still open past their
    termijn at the end of the period, and how many were extended."""
    klachten = list(
        Klacht.objects.filter(
            afgehandeld_op__gte=periode.begin, afgehandeld_op__lt=periode.eind
        ).select_related("melding")
    )
    peil = min(periode.eind, nu)
    open_over_termijn = (
        Klacht.objects.filter(ontvangen_op__lt=peil, termijn__lt=peil)
        .filter(Q(afgehandeld_op__isnull=True) | Q(afgehandeld_op__gte=peil))
        .count()
    )
    rijen = [
        (k.melding_id, k.melding.nummer, k.afgehandeld_op <= k.termijn)
        for k in klachten
        if k.melding
    ]
    return Cijfer(
        code="klachten_termijn",
        titel=_("Klachten afgehandeld binnen de termijn"),
        definitie=_(
            "Klachten afgehandeld in de periode; binnen de termijn als ze uiterlijk 6 weken na "
            "ontvangst zijn afgehandeld (10 weken na één verlenging met reden)."
        ),
        teller=sum(1 for k in klachten if k.afgehandeld_op <= k.termijn),
        noemer=len(klachten),
        dossiers=_regels(rijen),
        extra=[
            (_("Waarvan verlengd"), str(sum(1 for k in klachten if k.is_verlengd))),
            (_("Open en over de termijn aan het eind van de periode"), str(open_over_termijn)),
        ],
    )


def klachten_vertrouwenspersoon(periode: Rapportperiode, *, nu: datetime) -> Cijfer:
    """Norm 4.4: klachten received in the period; voldaan when the indiener was told of a
    vertrouwenspersoon (recorded on the klacht)."""
    klachten = list(
        Klacht.objects.filter(
            ontvangen_op__gte=periode.begin, ontvangen_op__lt=periode.eind
        ).select_related("melding")
    )
    rijen = [
        (k.melding_id, k.melding.nummer, k.vertrouwenspersoon_geinformeerd_op is not None)
        for k in klachten
        if k.melding
    ]
    return Cijfer(
        code="klachten_vertrouwenspersoon",
        titel=_("Indieners van een klacht gewezen op een vertrouwenspersoon"),
        definitie=_(
            "Klachten ontvangen in de periode; voldaan als is vastgelegd dat de indiener is "
            "gewezen op de mogelijkheid van een (onafhankelijke) vertrouwenspersoon."
        ),
        teller=sum(1 for k in klachten if k.vertrouwenspersoon_geinformeerd_op is not None),
        noemer=len(klachten),
        dossiers=_regels(rijen),
    )


# --- The dossier ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Norm:
    code: str
    titel: str
    figuren: tuple[Callable[..., Cijfer], ...]


NORMEN: tuple[Norm, ...] = (
    Norm("1.1", gettext_lazy("Tijdig zicht op veiligheid"), (screening_a_binnen_24_uur,)),
    Norm(
        "1.2 · 2015 1.2.4",
        gettext_lazy("Systematisch beoordelen; triage en start binnen 5 werkdagen"),
        (beoordeling_b_binnen_5_werkdagen,),
    ),
    Norm("2015 1.2.5", gettext_lazy("Onderzoek binnen 10 weken"), (vervolgdienst_binnen_10_weken,)),
    Norm("1.3", gettext_lazy("Acute onveiligheid wordt opgeheven"), (acuut_met_mdo,)),
    Norm(
        "2015 2.1.1",
        gettext_lazy("Actueel beeld van de veiligheid van wachtende gezinnen"),
        (zicht_op_wachtenden,),
    ),
    Norm(
        "2.1",
        gettext_lazy("Zorgvuldig en respectvol contact"),
        (kinderen_gesproken, betrokkenen_geinformeerd),
    ),
    Norm("3.2", gettext_lazy("Transparant dossier"), (journaal_met_bron,)),
    Norm("3.3", gettext_lazy("Samenwerken in het netwerk"), (overdracht_met_afspraken,)),
    Norm("4.2", gettext_lazy("Verantwoorde organisatie"), (medewerkers_inzetbaar,)),
    Norm("4.3", gettext_lazy("Lerend werkklimaat: calamiteiten"), (calamiteiten_tijdig_gemeld,)),
    Norm(
        "4.4",
        gettext_lazy("Klachten en vertrouwenspersoon"),
        (klachten_binnen_termijn, klachten_vertrouwenspersoon),
    ),
)


def inspectiedossier(periode: Rapportperiode, *, nu: datetime | None = None) -> list:
    """Every norm with its figures for the period: `[(norm, [Cijfer, …]), …]`."""
    nu = nu or timezone.now()
    return [(norm, [figuur(periode, nu=nu) for figuur in norm.figuren]) for norm in NORMEN]


def zichtbare_dossiers(gebruiker: Medewerker, melding_ids: set[int]) -> set[int]:
    """The melding ids among `melding_ids` that `gebruiker` may see (`meldingen_voor`)."""
    if not melding_ids:
        return set()
    return set(
        meldingen_voor(gebruiker=gebruiker).filter(pk__in=melding_ids).values_list("pk", flat=True)
    )


# --- Periods and the steekproef ------------------------------------------------------------------


def maandperiode(jaar: int, maand: int) -> Rapportperiode:
    van = date(jaar, maand, 1)
    volgende = date(jaar + 1, 1, 1) if maand == 12 else date(jaar, maand + 1, 1)
    return Rapportperiode(van, volgende - timedelta(days=1), naam=f"{van:%m-%Y}")


def kies_periode(
    *,
    soort: str,
    vandaag: date,
    maand: str = "",
    jaar: int | None = None,
    kwartaalnummer: int | None = None,
    van: date | None = None,
    tot: date | None = None,
) -> Rapportperiode:
    """The period the page asks for: a month ("2026-04"), a quarter, or from–to (at most a year).
    A period may run up to today; it may not start in the future."""
    if soort == "maand":
        try:
            j, m = (int(deel) for deel in maand.split("-"))
            periode = maandperiode(j, m)
        except (ValueError, TypeError):
            raise DomainError(
                _("Kies een maand."), velden={"maand": _("Geef een maand als jjjj-mm.")}
            ) from None
    elif soort == "kwartaal":
        if jaar is None or kwartaalnummer not in (1, 2, 3, 4):
            raise DomainError(
                _("Kies een kwartaal."), velden={"kwartaal": _("Kies jaar en kwartaal.")}
            )
        periode = kwartaal(jaar, kwartaalnummer)
    elif soort == "anders":
        if van is None or tot is None:
            raise DomainError(
                _("Kies een begin- en einddatum."), velden={"van": _("Vul beide datums in.")}
            )
        periode = eigen_periode(van, tot)
    else:
        raise DomainError(_("Kies maand, kwartaal of een eigen periode."))
    if periode.van > vandaag:
        raise DomainError(
            _("De periode ligt in de toekomst."),
            velden={"soort": _("Kies een periode die al begonnen is.")},
        )
    return periode


def steekproef(
    *, gebruiker: Medewerker, periode: Rapportperiode, n: int, zaad: int
) -> list[Melding]:
    """`n` meldingen received in the period, drawn at random with `zaad` so the same seed gives
    the same dossiers again, from what `gebruiker` may see (directie: none).

    The population is ordered by nummer before drawing, so the draw does not depend on the
    database's order.
    """
    if not 1 <= n <= STEEKPROEF_MAX:
        raise DomainError(
            _("Kies een steekproef van 1 tot %(max)d dossiers.") % {"max": STEEKPROEF_MAX},
            velden={"n": _("Tussen 1 en %(max)d.") % {"max": STEEKPROEF_MAX}},
        )
    populatie = list(
        meldingen_voor(gebruiker=gebruiker)
        .filter(ontvangen_op__gte=periode.begin, ontvangen_op__lt=periode.eind)
        .order_by("nummer")
        .values_list("pk", flat=True)
    )
    gekozen = random.Random(zaad).sample(populatie, min(n, len(populatie)))
    return list(Melding.objects.filter(pk__in=gekozen).select_related("team").order_by("nummer"))


def standaard_zaad(periode: Rapportperiode) -> int:
    """A seed that follows from the period, so a page opened twice shows the same steekproef."""
    return int(f"{periode.van:%Y%m%d}")
