"""The kwartaalrapportage: a quarter compared with the quarter before and the same quarter a year
earlier. Every figure is one conditional count in SQL; nothing here names a case or a person."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet, TextChoices
from django.utils.translation import gettext as _

from diensten.models import Vervolgdienst
from meldingen.keuzes import BesluitRoute, Hoedanigheid, SoortMelding
from meldingen.models import Advies, Besluit, Melding
from veiligthuis.models import Team
from wachtlijst.rapportages.periode import Rapportperiode, kwartaal, vorig_kwartaal
from wachtlijst.rapportages.tabel import Kolom, Tabel, percentage, verschil_procent
from wachtlijst.rapportages.termijnen import binnen_termijn_tabel

# The three periods in the order of the columns.
NU, VORIG, JAAR = "nu", "vorig", "jaar"


@dataclass(frozen=True)
class Kwartalen:
    nu: Rapportperiode
    vorig: Rapportperiode
    jaar: Rapportperiode

    @classmethod
    def voor(cls, jaar: int, nummer: int) -> Kwartalen:
        return cls(
            kwartaal(jaar, nummer),
            kwartaal(*vorig_kwartaal(jaar, nummer)),
            kwartaal(jaar - 1, nummer),
        )

    def items(self) -> list[tuple[str, Rapportperiode]]:
        return [(NU, self.nu), (VORIG, self.vorig), (JAAR, self.jaar)]


def _binnen(veld: str, periode: Rapportperiode) -> Q:
    return Q(**{f"{veld}__gte": periode.begin, f"{veld}__lt": periode.eind})


def _tellingen(
    queryset: QuerySet, veld: str, kwartalen: Kwartalen, **extra: Q
) -> tuple[QuerySet, dict[str, Count]]:
    """Only rows in one of the three quarters; per quarter a count, plus `extra` filtered counts."""
    ergens = Q()
    aggregaten = {}
    for code, periode in kwartalen.items():
        ergens |= _binnen(veld, periode)
        aggregaten[code] = Count("pk", filter=_binnen(veld, periode))
        for naam, voorwaarde in extra.items():
            aggregaten[f"{code}_{naam}"] = Count("pk", filter=_binnen(veld, periode) & voorwaarde)
    return queryset.filter(ergens), aggregaten


def _vergelijkingskolommen(eerste: str, kwartalen: Kwartalen) -> list[Kolom]:
    return [
        Kolom(eerste, getal=False),
        Kolom(kwartalen.nu.label),
        Kolom(kwartalen.vorig.label),
        Kolom(_("Verschil met %(k)s") % {"k": kwartalen.vorig.label}, teken=True),
        Kolom(_("%% verschil met %(k)s") % {"k": kwartalen.vorig.label}, teken=True),
        Kolom(kwartalen.jaar.label),
        Kolom(_("Verschil met %(k)s") % {"k": kwartalen.jaar.label}, teken=True),
        Kolom(_("%% verschil met %(k)s") % {"k": kwartalen.jaar.label}, teken=True),
    ]


def _vergelijking(label: str, nu: int, vorig: int, jaar: int) -> list[object]:
    return [
        label,
        nu,
        vorig,
        nu - vorig,
        verschil_procent(nu, vorig),
        jaar,
        nu - jaar,
        verschil_procent(nu, jaar),
    ]


def _gemeentetabel(
    queryset: QuerySet, kwartalen: Kwartalen, *, sleutel: str, titel: str
) -> tuple[Tabel, tuple[int, int, int]]:
    gefilterd, aggregaten = _tellingen(queryset, "ontvangen_op", kwartalen)
    rijen = list(
        gefilterd.values("gemeente__naam")
        .annotate(**aggregaten)
        .order_by(F("gemeente__naam").asc(nulls_last=True))
    )
    regels = [
        _vergelijking(r["gemeente__naam"] or _("Onbekend"), r[NU], r[VORIG], r[JAAR]) for r in rijen
    ]
    totalen = tuple(sum(r[code] for r in rijen) for code in (NU, VORIG, JAAR))
    tabel = Tabel(
        sleutel=sleutel,
        titel=titel,
        kolommen=_vergelijkingskolommen(_("Gemeente"), kwartalen),
        rijen=regels,
        totaal=_vergelijking(_("Totaal"), *totalen),
        leeg_bericht=_("Niets ontvangen in deze kwartalen."),
    )
    return tabel, totalen


def _keuzetabel(
    queryset: QuerySet,
    veld: str,
    kwartalen: Kwartalen,
    *,
    keuzes: type[TextChoices] = Hoedanigheid,
    sleutel: str,
    titel: str,
    eerste: str,
    toelichting: str = "",
) -> Tabel:
    """Received per value of a choice field (in the order of `keuzes`), three quarters compared."""
    gefilterd, aggregaten = _tellingen(queryset, "ontvangen_op", kwartalen)
    rijen = {r[veld]: r for r in gefilterd.values(veld).annotate(**aggregaten).order_by()}
    volgorde = list(keuzes.values)
    sleutels = sorted(rijen, key=lambda k: volgorde.index(k) if k in volgorde else len(volgorde))
    labels = dict(keuzes.choices)
    regels = [
        _vergelijking(
            str(labels.get(k, k or _("Onbekend"))), rijen[k][NU], rijen[k][VORIG], rijen[k][JAAR]
        )
        for k in sleutels
    ]
    totalen = (sum(rijen[k][code] for k in sleutels) for code in (NU, VORIG, JAAR))
    return Tabel(
        sleutel=sleutel,
        titel=titel,
        kolommen=_vergelijkingskolommen(eerste, kwartalen),
        rijen=regels,
        totaal=_vergelijking(_("Totaal"), *totalen),
        leeg_bericht=_("Niets ontvangen in deze kwartalen."),
        toelichting=toelichting,
    )


def _besluiten(team: Team | None, kwartalen: Kwartalen) -> Tabel:
    besluiten = Besluit.objects.filter(melding__team=team) if team else Besluit.objects.all()
    gefilterd, aggregaten = _tellingen(besluiten, "genomen_op", kwartalen)
    rijen = {r["route"]: r for r in gefilterd.values("route").annotate(**aggregaten).order_by()}
    totalen = {code: sum(r[code] for r in rijen.values()) for code in (NU, VORIG, JAAR)}
    regels = []
    for route in BesluitRoute:
        r = rijen.get(route.value, {})
        regel: list[object] = [str(route.label)]
        for code in (NU, VORIG, JAAR):
            regel += [r.get(code, 0), percentage(r.get(code, 0), totalen[code])]
        regels.append(regel)
    kolommen = [Kolom(_("Besluit"), getal=False)]
    for _code, periode in kwartalen.items():
        kolommen += [Kolom(periode.label), Kolom(_("%% in %(k)s") % {"k": periode.label})]
    totaal: list[object] = [_("Totaal")]
    for code in (NU, VORIG, JAAR):
        totaal += [totalen[code], 100.0 if totalen[code] else None]
    return Tabel(
        sleutel="besluiten",
        titel=_("Besluiten na de veiligheidsbeoordeling"),
        toelichting=_(
            "Besluiten genomen in het kwartaal, per uitkomst, met het aandeel in het totaal."
        ),
        kolommen=kolommen,
        rijen=regels,
        totaal=totaal,
    )


def _binnen_termijn(team: Team | None, kwartalen: Kwartalen) -> Tabel:
    besluiten = Besluit.objects.filter(melding__team=team) if team else Besluit.objects.all()
    gefilterd, aggregaten = _tellingen(
        besluiten,
        "genomen_op",
        kwartalen,
        op_tijd=Q(genomen_op__lte=F("melding__termijn_veiligheidsbeoordeling")),
    )
    b = gefilterd.aggregate(**aggregaten)
    diensten = Vervolgdienst.objects.filter(afgerond_op__isnull=False)
    if team:
        diensten = diensten.filter(melding__team=team)
    gefilterd, aggregaten = _tellingen(
        diensten, "afgerond_op", kwartalen, op_tijd=Q(afgerond_op__lte=F("termijn"))
    )
    d = gefilterd.aggregate(**aggregaten)

    def regel(label: str, w: dict) -> list[object]:
        return [
            label,
            w[NU],
            w[f"{NU}_op_tijd"],
            percentage(w[f"{NU}_op_tijd"], w[NU]),
            percentage(w[f"{VORIG}_op_tijd"], w[VORIG]),
            percentage(w[f"{JAAR}_op_tijd"], w[JAAR]),
        ]

    nu, vorig, jaar = (p.label for _c, p in kwartalen.items())
    return Tabel(
        sleutel="binnen-termijn",
        titel=_("Binnen de termijn"),
        toelichting=_(
            "Veiligheidsbeoordelingen: besluiten genomen in het kwartaal, binnen 5 werkdagen na "
            "ontvangst. Vervolgdiensten: afgerond in het kwartaal, binnen 10 weken na het besluit."
        ),
        kolommen=[
            Kolom(_("Onderdeel"), getal=False),
            Kolom(_("Afgerond in %(k)s") % {"k": nu}),
            Kolom(_("Binnen termijn in %(k)s") % {"k": nu}),
            Kolom(_("%% binnen termijn %(k)s") % {"k": nu}),
            Kolom(_("%% binnen termijn %(k)s") % {"k": vorig}),
            Kolom(_("%% binnen termijn %(k)s") % {"k": jaar}),
        ],
        rijen=[
            regel(_("Veiligheidsbeoordelingen binnen 5 werkdagen"), b),
            regel(_("Vervolgdiensten binnen 10 weken"), d),
        ],
    )


def kwartaalrapport(*, jaar: int, nummer: int, team: Team | None = None) -> list[Tabel]:
    """Every table of the kwartaalrapportage of quarter `nummer` of `jaar`."""
    kwartalen = Kwartalen.voor(jaar, nummer)
    meldingen = Melding.objects.filter(team=team) if team else Melding.objects.all()
    adviezen = Advies.objects.filter(team=team) if team else Advies.objects.all()
    melding_gemeenten, m = _gemeentetabel(
        meldingen, kwartalen, sleutel="meldingen-gemeente", titel=_("Meldingen per gemeente")
    )
    advies_gemeenten, a = _gemeentetabel(
        adviezen, kwartalen, sleutel="adviezen-gemeente", titel=_("Adviezen per gemeente")
    )
    overzicht = Tabel(
        sleutel="ontvangen",
        titel=_("Meldingen en adviezen ontvangen"),
        toelichting=_(
            "Ontvangen in het kwartaal, vergeleken met het vorige kwartaal en met hetzelfde "
            "kwartaal een jaar eerder (absoluut en in procenten)."
        ),
        kolommen=_vergelijkingskolommen(_("Soort"), kwartalen),
        rijen=[_vergelijking(_("Meldingen"), *m), _vergelijking(_("Adviezen"), *a)],
        # The figure quarterly reports lead with: all contacts, meldingen and adviezen together.
        totaal=_vergelijking(
            _("Meldingen en adviezen samen"), *(x + y for x, y in zip(m, a, strict=True))
        ),
    )
    return [
        overzicht,
        melding_gemeenten,
        advies_gemeenten,
        _keuzetabel(
            meldingen,
            "soort",
            kwartalen,
            keuzes=SoortMelding,
            sleutel="meldingen-soort",
            titel=_("Meldingen per soort"),
            eerste=_("Soort melding"),
            toelichting=_(
                "Bepaald uit de eerdere meldingen over dezelfde personen en hetzelfde adres "
                "(gecorrigeerd waar een medewerker dat met een reden deed). Eerste melding: de "
                "eerste over deze personen; hermelding: na een afgeronde betrokkenheid; "
                "vervolgmelding: terwijl Veilig Thuis nog betrokken is."
            ),
        ),
        _keuzetabel(
            meldingen,
            "melder__hoedanigheid",
            kwartalen,
            sleutel="meldingen-hoedanigheid",
            titel=_("Meldingen per hoedanigheid van de melder"),
            eerste=_("Hoedanigheid melder"),
        ),
        _keuzetabel(
            adviezen,
            "hoedanigheid",
            kwartalen,
            sleutel="adviezen-hoedanigheid",
            titel=_("Adviezen per hoedanigheid van de adviesvrager"),
            eerste=_("Hoedanigheid adviesvrager"),
        ),
        _besluiten(team, kwartalen),
        _binnen_termijn(team, kwartalen),
        binnen_termijn_tabel(kwartalen.nu, team, "team"),
        binnen_termijn_tabel(kwartalen.nu, team, "gemeente"),
    ]
