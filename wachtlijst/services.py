"""Termijnbewaking: raising and resolving signaleringen, and notifying the people concerned.

`termijnen_markeer` is set-based: per soort one INSERT … SELECT and one UPDATE, so its number of
queries does not depend on the number of cases, and running it twice creates nothing new. The
e-mail about new notifications is sent by `wachtlijst.mail`, queued here after the commit.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import (
    Case,
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from diensten.keuzes import DienstStatus, TerugkoppelingMoment
from diensten.models import Monitoringsmoment, Terugkoppeling, Veiligheidsafspraak, Vervolgdienst
from meldingen.keuzes import MeldingStatus, Urgentie
from meldingen.models import Melding
from meldingen.models.dossier import UrgentieKanaal
from meldingen.services._basis import journaal_systeem, vergrendel_melding, verplichte_tekst
from meldingen.services.herverdeling import HERPRIORITEERBAAR, urgentie_wijzigen
from veiligthuis import termijnen
from veiligthuis.audit import audit_log
from veiligthuis.exceptions import DomainError
from veiligthuis.models import Roltoewijzing
from veiligthuis.rechten import CASUSROLLEN, eis_rol, eis_team
from veiligthuis.uitgaand import na_commit
from wachtlijst.models import Notificatie, Signalering, SignaleringSoort, ZichtOpVeiligheid

S = SignaleringSoort
DIENST_LOOPT = (DienstStatus.WACHT_OP_START, DienstStatus.LOPEND)
# A typed NULL: an untyped one would reach PostgreSQL as text inside the INSERT … SELECT.
ZONDER_TERMIJN = Cast(Value(None), output_field=DateTimeField())


ZICHT_MELDINGSTATUSSEN = (MeldingStatus.ACUUT, MeldingStatus.OP_TRIAGELIJST)
ZICHT_DIENSTSTATUSSEN = (DienstStatus.WACHT_OP_START, DienstStatus.OP_KETENPARTNER)


def wacht_op_zicht() -> Q:
    """Cases that wait (for B, for the start of a dienst, for a ketenpartner): they need sight."""
    return Q(status__in=ZICHT_MELDINGSTATUSSEN) | Q(vervolgdienst__status__in=ZICHT_DIENSTSTATUSSEN)


def _zicht_interval() -> Case:
    """The interval of `termijnen.zicht_intervallen` per urgentie, as a SQL expression."""
    per_urgentie, zonder_urgentie = termijnen.zicht_intervallen()
    return Case(
        *(
            When(urgentie=urgentie, then=Value(interval))
            for urgentie, interval in per_urgentie.items()
        ),
        default=Value(zonder_urgentie),
        output_field=DurationField(),
    )


def _zicht_volgende() -> ExpressionWrapper:
    """Due moment of the next contact: the last contact in this wait (or the start of the wait)
    plus the interval of the urgentie."""
    wacht_sinds_dienst = Vervolgdienst.objects.filter(melding=OuterRef("pk")).annotate(
        sinds=Case(
            When(
                status=DienstStatus.OP_KETENPARTNER,
                then=Coalesce(F("afgerond_op"), F("besluit_op")),
            ),
            default=F("besluit_op"),
        )
    )
    sinds = Case(
        When(status__in=ZICHT_MELDINGSTATUSSEN, then=F("ontvangen_op")),
        default=Subquery(wacht_sinds_dienst.values("sinds")[:1]),
        output_field=DateTimeField(),
    )
    laatste = Subquery(
        ZichtOpVeiligheid.objects.filter(melding=OuterRef("pk")).order_by("-op").values("op")[:1],
        output_field=DateTimeField(),
    )
    return ExpressionWrapper(
        Greatest(Coalesce(laatste, sinds), sinds) + _zicht_interval(),
        output_field=DateTimeField(),
    )


@transaction.atomic
def zicht_plannen(*, melding_id: int | None = None) -> dict[str, int]:
    """Plan the next zicht-op-veiligheid contact of every waiting case (or of one melding).

    Two UPDATE statements whatever the number of cases: waiting cases get
    `zicht_volgende_op` = last contact (or start of the wait) + interval by urgentie, cases that
    no longer wait lose it. `termijnen_markeer` raises "zicht achterstallig" once it has passed.
    """
    meldingen = Melding.objects.all()
    if melding_id is not None:
        meldingen = meldingen.filter(pk=melding_id)
    vervallen = (
        meldingen.filter(zicht_volgende_op__isnull=False)
        .exclude(wacht_op_zicht())
        .update(zicht_volgende_op=None)
    )
    gepland = meldingen.filter(wacht_op_zicht()).update(zicht_volgende_op=_zicht_volgende())
    return {"gepland": gepland, "vervallen": vervallen}


def oorzaken(nu: datetime) -> dict[str, tuple[QuerySet[Melding], object]]:
    """Per soort: the meldingen for which it should be open now, and the termijn to store with it."""
    vandaag = termijnen.lokale_datum(nu)
    kalender = termijnen.Kalender.laad()
    b_dreigend_tot = termijnen.dreigend_b_tot(nu, kalender=kalender)
    start_grens = termijnen.einde_dag(
        termijnen.laatste_dag_verstreken(
            vandaag, settings.VT_DIENST_START_WERKDAGEN, kalender=kalender
        )
    )
    tweede_oordeel_grens = termijnen.einde_dag(
        termijnen.laatste_dag_verstreken(
            vandaag, settings.VT_TWEEDE_OORDEEL_WERKDAGEN, kalender=kalender
        )
    )
    afronden_grens = termijnen.einde_dag(
        termijnen.laatste_dag_verstreken(
            vandaag, settings.VT_AFRONDEN_NA_BESLUIT_WERKDAGEN, kalender=kalender
        )
    )
    wachtend_b = Q(status__in=MeldingStatus.wachtend_op_b())
    a_open = Q(status=MeldingStatus.ONTVANGEN)
    dienst_loopt = Q(vervolgdienst__status__in=DIENST_LOOPT)
    termijn_a = F("termijn_acute_screening")
    termijn_b = F("termijn_veiligheidsbeoordeling")
    termijn_dienst = F("vervolgdienst__termijn")
    achterstallig_moment = Monitoringsmoment.objects.filter(
        dienst__melding=OuterRef("pk"), uitgevoerd_op__isnull=True, gepland_op__lt=vandaag
    )
    # The two clocks after B (termijnen.termijn_terugkoppeling_na_b / _ketenpartner_na_b): a
    # besluit whose melder has not heard it, and an overdracht whose receiver has not started
    # (the melding is afgesloten once it has).
    terugkoppeling_grens = termijnen.einde_dag(
        termijnen.laatste_dag_verstreken(
            vandaag, settings.VT_TERUGKOPPELING_NA_B_WERKDAGEN, kalender=kalender
        )
    )
    ketenpartner_grens = termijnen.einde_dag(
        termijnen.laatste_dag_verstreken(
            vandaag, settings.VT_KETENPARTNER_NA_B_WERKDAGEN, kalender=kalender
        )
    )
    teruggekoppeld = Terugkoppeling.objects.filter(
        melding=OuterRef("pk"), moment=TerugkoppelingMoment.NA_BEOORDELING
    )
    # A veiligheidsafspraak (after B or after a dienst) past its uiterlijk without a check.
    open_afspraak = Veiligheidsafspraak.objects.filter(
        gecontroleerd_op__isnull=True, uiterlijk__lt=vandaag
    )
    m = Melding.objects
    return {
        S.A_OVERSCHREDEN: (m.filter(a_open, termijn_acute_screening__lt=nu), termijn_a),
        S.A_DREIGEND: (
            m.filter(
                a_open,
                termijn_acute_screening__gte=nu,
                termijn_acute_screening__lte=nu + timedelta(hours=settings.VT_DREIGEND_A_UREN),
            ),
            termijn_a,
        ),
        S.B_OVERSCHREDEN: (m.filter(wachtend_b, termijn_veiligheidsbeoordeling__lt=nu), termijn_b),
        S.B_DREIGEND: (
            m.filter(
                wachtend_b,
                termijn_veiligheidsbeoordeling__gte=nu,
                termijn_veiligheidsbeoordeling__lte=b_dreigend_tot,
            ),
            termijn_b,
        ),
        S.DIENST_NIET_GESTART: (
            m.filter(
                vervolgdienst__status=DienstStatus.WACHT_OP_START,
                vervolgdienst__besluit_op__lte=start_grens,
            ),
            termijn_dienst,
        ),
        S.DIENST_OVERSCHREDEN: (
            m.filter(dienst_loopt, vervolgdienst__termijn__lt=nu),
            termijn_dienst,
        ),
        S.DIENST_DREIGEND: (
            m.filter(
                dienst_loopt,
                vervolgdienst__termijn__gte=nu,
                vervolgdienst__termijn__lte=termijnen.dreigend_dienst_tot(nu),
            ),
            termijn_dienst,
        ),
        S.INFORMEREN_OVERSCHREDEN: (
            m.filter(
                betrokkenen_geinformeerd_op__isnull=True,
                geanonimiseerd_op__isnull=True,
                termijn_informeren_betrokkenen__lt=nu,
            ).exclude(status__in=[MeldingStatus.OVERIGE_ZORG, MeldingStatus.DOORGESTUURD]),
            F("termijn_informeren_betrokkenen"),
        ),
        S.ZICHT_ACHTERSTALLIG: (
            m.filter(wacht_op_zicht(), zicht_volgende_op__lt=nu),
            F("zicht_volgende_op"),
        ),
        # Every open state has a clock (DOMAIN.md §11): overige zorg still without its second
        # judgement, and a besloten melding that is neither closed nor handed to a dienst.
        S.TWEEDE_OORDEEL_TE_LAAT: (
            m.filter(
                status=MeldingStatus.OVERIGE_ZORG,
                beoordeling_a__tweede_oordeel_op__isnull=True,
                beoordeling_a__uitgevoerd_op__lte=tweede_oordeel_grens,
            ),
            ZONDER_TERMIJN,
        ),
        S.BESLOTEN_NIET_AFGEROND: (
            m.filter(status=MeldingStatus.BESLOTEN, besluit__genomen_op__lte=afronden_grens),
            ZONDER_TERMIJN,
        ),
        S.MONITORING_ACHTERSTALLIG: (
            m.filter(vervolgdienst__status=DienstStatus.MONITORING).filter(
                Exists(achterstallig_moment)
            ),
            ZONDER_TERMIJN,
        ),
        S.TERUGKOPPELING_TE_LAAT: (
            m.filter(
                Q(status=MeldingStatus.BESLOTEN)
                | Q(
                    status=MeldingStatus.NAAR_VERVOLGDIENST,
                    vervolgdienst__status__in=DienstStatus.open(),
                ),
                besluit__genomen_op__lte=terugkoppeling_grens,
            ).exclude(Exists(teruggekoppeld)),
            ZONDER_TERMIJN,
        ),
        S.KETENPARTNER_NA_B_WACHT: (
            m.filter(
                status=MeldingStatus.BESLOTEN,
                overdracht_na_b__vastgelegd_op__lte=ketenpartner_grens,
            ),
            ZONDER_TERMIJN,
        ),
        S.AFSPRAAK_NIET_GECONTROLEERD: (
            m.filter(geanonimiseerd_op__isnull=True).filter(
                Exists(open_afspraak.filter(overdracht__melding=OuterRef("pk")))
                | Exists(open_afspraak.filter(overdracht__dienst__melding=OuterRef("pk")))
            ),
            ZONDER_TERMIJN,
        ),
    }


def _sql(queryset: QuerySet) -> tuple[str, tuple]:
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params)


def _open_of_heropen(soort: str, oorzaak: QuerySet[Melding], termijn, nu: datetime) -> None:
    """INSERT … SELECT the signaleringen of one soort; a resolved one whose cause returned reopens."""
    bron = (
        oorzaak.annotate(
            s_melding=F("pk"),
            s_team=F("team_id"),
            s_termijn=ExpressionWrapper(termijn, output_field=DateTimeField()),
        )
        .values("s_melding", "s_team", "s_termijn")
        .order_by()
    )  # no sort of the model's ordering
    sql, params = _sql(bron)
    tabel = Signalering._meta.db_table
    # Causes whose signalering is already open are left out before the upsert: ON CONFLICT …
    # DO UPDATE locks (writes) every conflicting row even when its WHERE is false, which in the
    # steady state is every open signalering, every 15 minutes. The anti-join uses the unique
    # (melding, soort) index; only new and returning causes reach the conflict clause.
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {tabel} (melding_id, soort, team_id, termijn, ontstaan_op)
            SELECT DISTINCT bron.s_melding, %s, bron.s_team, bron.s_termijn, %s
            FROM ({sql}) AS bron
            WHERE NOT EXISTS (
                SELECT 1 FROM {tabel} al
                WHERE al.melding_id = bron.s_melding AND al.soort = %s AND al.opgelost_op IS NULL
            )
            ON CONFLICT (melding_id, soort) DO UPDATE
            SET opgelost_op = NULL, ontstaan_op = EXCLUDED.ontstaan_op, termijn = EXCLUDED.termijn
            WHERE {tabel}.opgelost_op IS NOT NULL
            """,
            (soort, nu, *params, soort),
        )


def _notificaties_maken(nu: datetime) -> int:
    """Notify, once, the team's werkbegeleiders and the case's beoordelaars and uitvoerder of every
    signalering (re)opened in this run.

    A reopened signalering (the cause came back after it was solved) notifies again: a recipient's
    earlier notification of it becomes new, unread and unmailed, instead of being skipped as a
    duplicate (which left a read notification dated before the signalering it announces). The
    count returned includes those."""
    tabel = Notificatie._meta.db_table
    signalering = Signalering._meta.db_table
    melding = Melding._meta.db_table
    rol = Roltoewijzing._meta.db_table
    medewerker = Roltoewijzing._meta.get_field("medewerker").related_model._meta.db_table
    dienst = Vervolgdienst._meta.db_table
    # The new signaleringen are found once per part through a partial index on ontstaan_op
    # (open ones only), so a steady-state run with few new ones reads only those. UNION ALL, not
    # UNION: ON CONFLICT DO NOTHING already skips a recipient named twice (a werkbegeleider who
    # is also beoordelaar), and de-duplicating 300 000 pairs first spilled to disk. The team's
    # werkbegeleiders are a small set joined by team, not a lookup per signalering and colleague.
    nieuw = "s.ontstaan_op = %s AND s.opgelost_op IS NULL"
    ontvangers = f"""
        SELECT w.medewerker_id, s.id AS signalering_id
        FROM {signalering} s
        JOIN (
            SELECT m.id AS medewerker_id, m.team_id
            FROM {medewerker} m JOIN {rol} r ON r.medewerker_id = m.id
            WHERE r.rol = 'werkbegeleider' AND m.is_active
        ) w ON w.team_id = s.team_id
        WHERE {nieuw}
        UNION ALL
        SELECT mel.beoordelaar_1_id, s.id
        FROM {signalering} s
        JOIN {melding} mel ON mel.id = s.melding_id
        WHERE {nieuw} AND mel.beoordelaar_1_id IS NOT NULL
        UNION ALL
        SELECT mel.beoordelaar_2_id, s.id
        FROM {signalering} s
        JOIN {melding} mel ON mel.id = s.melding_id
        WHERE {nieuw} AND mel.beoordelaar_2_id IS NOT NULL
        UNION ALL
        SELECT d.uitvoerder_id, s.id
        FROM {signalering} s
        JOIN {dienst} d ON d.melding_id = s.melding_id
        WHERE {nieuw} AND d.uitvoerder_id IS NOT NULL
    """
    with connection.cursor() as cursor:
        # Reopened ones first: their recipients' earlier notifications become new again. (Not
        # ON CONFLICT DO UPDATE below: the UNION ALL names a recipient twice, which DO UPDATE
        # refuses and DO NOTHING simply skips.)
        cursor.execute(
            f"""
            UPDATE {tabel} SET aangemaakt_op = %s, gemaild_op = NULL, gelezen_op = NULL
            WHERE aangemaakt_op < %s AND signalering_id IN (
                SELECT s.id FROM {signalering} s WHERE {nieuw}
            )
            """,
            (nu, nu, nu),
        )
        opnieuw = cursor.rowcount
        cursor.execute(
            f"""
            INSERT INTO {tabel} (medewerker_id, signalering_id, aangemaakt_op)
            SELECT o.medewerker_id, o.signalering_id, %s FROM ({ontvangers}) AS o
            WHERE true
            ON CONFLICT (medewerker_id, signalering_id) DO NOTHING
            """,
            (nu, nu, nu, nu, nu),
        )
        return opnieuw + cursor.rowcount


@transaction.atomic
def termijnen_markeer(*, nu: datetime | None = None, mailen: bool = True) -> dict[str, int]:
    """Raise, reopen and resolve every signalering for moment `nu`; notify the new ones.

    A fixed number of queries (two per soort, two for notifications, one closure-day read, one
    to move open signaleringen along with a melding that changed team);
    idempotent. Portable SQL (PostgreSQL and the SQLite demo).
    `mailen=False` leaves the new notifications for the next mail run instead of queueing one
    (demo_data: no mail, and no Celery broker needed).
    Returns per soort the number of open signaleringen afterwards, and "notificaties".
    """
    nu = nu or timezone.now()
    # A melding moved to another team (services.teams) takes its open signaleringen along.
    Signalering.objects.filter(opgelost_op__isnull=True).exclude(
        team_id=F("melding__team_id")
    ).update(team_id=Subquery(Melding.objects.filter(pk=OuterRef("melding_id")).values("team_id")))
    for soort, (oorzaak, termijn) in oorzaken(nu).items():
        # NOT EXISTS, not NOT IN: PostgreSQL can only anti-join the former. NOT IN (subquery)
        # is a hashed subplan while the causes fit in work_mem and otherwise re-reads them for
        # every open signalering (at 1 000 000 open cases: past the 10-minute statement timeout).
        Signalering.objects.filter(soort=soort, opgelost_op__isnull=True).exclude(
            Exists(oorzaak.filter(pk=OuterRef("melding_id")))
        ).update(opgelost_op=nu)
        _open_of_heropen(soort, oorzaak, termijn, nu)
    nieuw = _notificaties_maken(nu)
    if nieuw and mailen:
        na_commit("wachtlijst.mail.notificaties_mailen_taak")
    return {"notificaties": nieuw}


@transaction.atomic
def zicht_op_veiligheid_vastleggen(
    *,
    melding_id: int,
    door,
    op: datetime,
    contact_met: str,
    uitkomst: str,
    nieuwe_urgentie: str = "",
    reden: str = "",
) -> ZichtOpVeiligheid:
    """Record a contact with a waiting household; a changed urgentie needs a reason and is logged.

    The next contact is planned at once, one `termijnen.zicht_intervallen` interval later;
    `termijnen_markeer` raises "zicht achterstallig" when it is missed and resolves it when this
    is recorded.
    """
    eis_rol(door, *CASUSROLLEN, actie=_("een zicht-op-veiligheidscontact vastleggen"))
    melding = vergrendel_melding(melding_id)
    eis_team(door, melding.team_id, actie=_("een zicht-op-veiligheidscontact vastleggen"))
    if op is None or timezone.is_naive(op) or op > timezone.now() + timedelta(minutes=5):
        fout = _("Vul een moment in dat niet in de toekomst ligt.")
        raise DomainError(fout, velden={"op": fout})
    if op < melding.ontvangen_op:
        fout = _("Dit moment ligt vóór de ontvangst van de melding.")
        raise DomainError(fout, velden={"op": fout})
    voor = melding.urgentie
    nieuwe_urgentie = nieuwe_urgentie or voor
    if nieuwe_urgentie not in Urgentie.values:
        fout = _("Kies een geldige urgentie.")
        raise DomainError(fout, velden={"nieuwe_urgentie": fout})
    reden = reden.strip()
    if nieuwe_urgentie != voor and melding.status not in HERPRIORITEERBAAR:
        fout = _(
            "De urgentie van deze melding kan hier niet veranderen (status: %(status)s): een "
            "urgentie volgt uit de screening en geldt niet voor overige zorg of een afgesloten "
            "melding."
        ) % {"status": melding.get_status_display().lower()}
        raise DomainError(fout, velden={"nieuwe_urgentie": fout})
    # The protocol's one way to change an urgentie: reason, who may lower (acuut: werkbegeleider),
    # and a Herprioritering row. The journal line below names the change.
    urgentie_wijzigen(
        melding,
        naar=nieuwe_urgentie,
        door=door,
        reden=reden,
        kanaal=UrgentieKanaal.ZICHT,
        veld="nieuwe_urgentie",
        journaal=False,
    )
    contact = ZichtOpVeiligheid.objects.create(
        melding=melding,
        op=op,
        contact_met=verplichte_tekst(
            contact_met, veld="contact_met", melding=_("Met wie was er contact?")
        ),
        uitkomst=verplichte_tekst(
            uitkomst, veld="uitkomst", melding=_("Wat leverde het contact op?")
        ),
        urgentie_voor=voor,
        urgentie_na=nieuwe_urgentie,
        reden_herprioritering=reden if nieuwe_urgentie != voor else "",
        door=door,
    )
    tekst = _("Zicht op veiligheid: contact met %(wie)s.") % {"wie": contact.contact_met}
    if nieuwe_urgentie != voor:
        tekst += " " + _("Urgentie van '%(voor)s' naar '%(na)s'. Reden: %(reden)s") % {
            "voor": Urgentie(voor).label if voor else "—",
            "na": Urgentie(nieuwe_urgentie).label,
            "reden": reden,
        }
    journaal_systeem(melding, tekst, door=door)
    zicht_plannen(melding_id=melding.pk)
    audit_log(door, "melding.zicht_op_veiligheid", melding, herprioritering=nieuwe_urgentie != voor)
    return contact


@transaction.atomic
def notificatie_lezen(*, notificatie_id: int, door) -> Notificatie:
    """Mark one of the medewerker's own notifications read (reading it again changes nothing)."""
    notificatie = (
        Notificatie.objects.select_for_update()
        .select_related("signalering__melding")
        .filter(pk=notificatie_id, medewerker=door)
        .first()
    )
    if notificatie is None:
        # Someone else's notification is not revealed: the same answer as a missing one.
        raise DomainError(_("Deze notificatie bestaat niet of is niet voor u."))
    if notificatie.gelezen_op is None:
        notificatie.gelezen_op = timezone.now()
        notificatie.save(update_fields=["gelezen_op"])
    return notificatie


def notificaties_alle_lezen(*, door) -> int:
    """Mark every unread notification of the medewerker read; returns how many."""
    return Notificatie.objects.filter(medewerker=door, gelezen_op__isnull=True).update(
        gelezen_op=timezone.now()
    )
