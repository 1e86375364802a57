"""REST endpoints of the vervolgdiensten. Each action parses its input and calls one service.

Visibility is the browser's (`diensten.selectors.diensten_voor`, rules in `veiligthuis.rechten`):
without a case role every endpoint answers 403 before any lookup (directie, beheer); a dienst
outside the caller's scope is a 404. What a user may *do* is decided by the services (GeenToegang →
403, DomainError → 400 with field errors; see veiligthuis.api). List and detail calls are audited.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from diensten import services
from diensten.api import serializers as s
from diensten.models import Afwijking, Gesprek, Monitoringsmoment, Vervolgdienst
from diensten.selectors import diensten_voor, met_laatste_activiteit
from meldingen.api.views import CASUS_RECHTEN, NUMMER_IN_PAD
from meldingen.models import Directbetrokkene
from meldingen.selectors import meldingen_voor
from veiligthuis.api import invoer_valideren
from veiligthuis.audit import audit_lijst, audit_verzoek
from veiligthuis.models import Medewerker
from veiligthuis.paginering import OpTermijn

TAG = "diensten"


def zichtbare_diensten(gebruiker: Medewerker) -> QuerySet[Vervolgdienst]:
    """Exactly the diensten the browser pages show this user."""
    return diensten_voor(gebruiker=gebruiker)


def diensten_voor_lijst(gebruiker: Medewerker) -> QuerySet[Vervolgdienst]:
    return met_laatste_activiteit(
        zichtbare_diensten(gebruiker)
        .select_related("melding__team", "uitvoerder")
        .order_by("termijn", "pk")
    )


def diensten_voor_detail(gebruiker: Medewerker) -> QuerySet[Vervolgdienst]:
    """Everything the detail shows, in a number of queries that does not grow with the records."""
    return (
        zichtbare_diensten(gebruiker)
        .select_related(
            "melding__team",
            "uitvoerder",
            "overdracht__ketenpartner",
            "overdracht__door",
        )
        .prefetch_related(
            "melding__aanleidingen",
            Prefetch(
                "melding__directbetrokkenen",
                queryset=Directbetrokkene.objects.select_related("persoon").order_by("pk"),
            ),
            "melding__terugkoppelingen__door",
            Prefetch(
                "gesprekken",
                queryset=Gesprek.objects.select_related("directbetrokkene__persoon", "door"),
            ),
            "informanten__door",
            "conclusies__door",
            "voorwaarden__door",
            Prefetch(
                "afwijkingen",
                queryset=Afwijking.objects.select_related("aangevraagd_door", "goedgekeurd_door"),
            ),
            "overdracht__afspraken",
            Prefetch(
                "monitoringsmomenten",
                queryset=Monitoringsmoment.objects.select_related("door", "nieuwe_melding"),
            ),
            "statuswijzigingen__door",
        )
    )


AFWIJKING_ID = OpenApiParameter(
    "afwijking_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id van de afwijking."
)
MOMENT_ID = OpenApiParameter(
    "moment_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id van het moment."
)
DIENST_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id van de vervolgdienst."
)


@extend_schema_view(
    list=extend_schema(tags=[TAG], summary="Vervolgdiensten (van het eigen team)"),
    retrieve=extend_schema(
        tags=[TAG],
        summary="Een vervolgdienst met checklist, gesprekken, overdracht en monitoring",
        parameters=[DIENST_ID],
    ),
)
class DienstViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    # Any segment reaches the view: "abc" is then DRF's JSON 404, not the URL resolver's HTML.
    lookup_value_regex = NUMMER_IN_PAD
    filterset_fields = ["status", "type"]
    queryset = Vervolgdienst.objects.none()  # for the schema; requests use get_queryset
    permission_classes = CASUS_RECHTEN
    pagination_class = OpTermijn

    def get_queryset(self):
        if self.action == "retrieve":
            return diensten_voor_detail(self.request.user)
        return diensten_voor_lijst(self.request.user)

    def get_serializer_class(self):
        return s.DienstLijstSerializer if self.action == "list" else s.DienstDetailSerializer

    def retrieve(self, request, *args, **kwargs):
        dienst = self.get_object()
        audit_verzoek(request, "dienst.api_inzien", dienst.melding, dienst=dienst.pk)
        return Response(s.DienstDetailSerializer(dienst).data)

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        pagina = self.paginate_queryset(queryset)
        rijen = pagina if pagina is not None else list(queryset)
        audit_lijst(
            request,
            "dienst.api_lijst",
            [d.melding.nummer for d in rijen],
            diensten=[d.pk for d in rijen],
        )
        data = self.get_serializer(rijen, many=True).data
        if pagina is not None:
            return self.get_paginated_response(data)
        return Response(data)

    # --- helpers ---------------------------------------------------------------------------------

    def _invoer(self, serializer_class) -> dict:
        invoer = serializer_class(data=self.request.data)
        invoer_valideren(invoer)
        return dict(invoer.validated_data)

    def _antwoord(self, dienst: Vervolgdienst, serializer_class=s.DienstDetailSerializer, **extra):
        """The dienst after an action, loaded again as the caller may see it."""
        detail = diensten_voor_detail(self.request.user).filter(pk=dienst.pk).first()
        if detail is None:
            return Response({"id": dienst.pk, "status": dienst.status})
        audit_verzoek(self.request, "dienst.api_inzien", detail.melding, dienst=detail.pk)
        for naam, waarde in extra.items():
            setattr(detail, naam, waarde)
        return Response(serializer_class(detail).data)

    def _onderdeel(self, dienst: Vervolgdienst, queryset: QuerySet, pk: str):
        """A record (afwijking, monitoringsmoment) of this dienst; another dienst's is a 404."""
        gevonden = (
            queryset.filter(dienst=dienst, pk=pk).first() if pk.isascii() and pk.isdigit() else None
        )
        if gevonden is None:
            raise Http404(_("Dit onderdeel hoort niet bij deze dienst."))
        return gevonden

    # --- from wacht_op_start to afronden ----------------------------------------------------------

    @extend_schema(
        tags=[TAG],
        summary="Uitvoerder toewijzen",
        description="Bij een Onderzoek waarschuwt `waarschuwing` als de uitvoerder ook beoordelaar was.",
        request=s.UitvoerderInvoerSerializer,
        responses=s.UitvoerderAntwoordSerializer,
        parameters=[DIENST_ID],
    )
    @action(detail=True, methods=["post"])
    def uitvoerder(self, request, pk=None):
        dienst = self.get_object()
        data = self._invoer(s.UitvoerderInvoerSerializer)
        dienst, waarschuwing = services.dienst_uitvoerder_toewijzen(
            dienst_id=dienst.pk, door=request.user, uitvoerder_id=data["uitvoerder"]
        )
        return self._antwoord(dienst, s.UitvoerderAntwoordSerializer, waarschuwing=waarschuwing)

    @extend_schema(
        tags=[TAG],
        summary="Dienst starten vanuit het eerste gesprek of huisbezoek",
        description=(
            "Een dienst start met het eerste gesprek of huisbezoek van de uitvoerder; het "
            "vastleggen van dat gesprek (`gesprekken`) start de dienst al, met de datum van het "
            "gesprek als `gestart_op`. Zonder zo'n gesprek wordt starten geweigerd (400): "
            "toegewezen zijn of op een knop drukken is niet starten."
        ),
        request=None,
        responses=s.DienstDetailSerializer,
        parameters=[DIENST_ID],
    )
    @action(detail=True, methods=["post"])
    def starten(self, request, pk=None):
        dienst = services.dienst_starten(dienst_id=self.get_object().pk, door=request.user)
        return self._antwoord(dienst)

    @extend_schema(
        tags=[TAG],
        summary="Gesprek vastleggen",
        request=s.GesprekInvoerSerializer,
        responses={201: s.GesprekSerializer},
        parameters=[DIENST_ID],
    )
    @action(detail=True, methods=["post"])
    def gesprekken(self, request, pk=None):
        dienst = self.get_object()
        data = self._invoer(s.GesprekInvoerSerializer)
        gesprek = services.gesprek_vastleggen(
            dienst_id=dienst.pk,
            door=request.user,
            directbetrokkene_id=data.pop("directbetrokkene"),
            **data,
        )
        return Response(s.GesprekSerializer(gesprek).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=[TAG],
        summary="Informant vastleggen (Onderzoek)",
        request=s.InformantInvoerSerializer,
        responses={201: s.InformantSerializer},
        parameters=[DIENST_ID],
    )
    @action(detail=True, methods=["post"])
    def informanten(self, request, pk=None):
        informant = services.informant_vastleggen(
            dienst_id=self.get_object().pk,
            door=request.user,
            **self._invoer(s.InformantInvoerSerializer),
        )
        return Response(s.InformantSerializer(informant).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=[TAG],
        summary="Conclusie per type geweld vastleggen of vervangen (Onderzoek)",
        request=s.ConclusieInvoerSerializer,
        responses=s.ConclusieSerializer,
        parameters=[DIENST_ID],
    )
    @action(detail=True, methods=["post"])
    def conclusies(self, request, pk=None):
        conclusie = services.conclusie_vastleggen(
            dienst_id=self.get_object().pk,
            door=request.user,
            **self._invoer(s.ConclusieInvoerSerializer),
        )
        return Response(s.ConclusieSerializer(conclusie).data)

    @extend_schema(
        tags=[TAG],
        summary="Veiligheidsvoorwaarde vastleggen",
        request=s.VoorwaardeInvoerSerializer,
        responses={201: s.VoorwaardeSerializer},
        parameters=[DIENST_ID],
    )
    @action(detail=True, methods=["post"])
    def voorwaarden(self, request, pk=None):
        voorwaarde = services.voorwaarde_vastleggen(
            dienst_id=self.get_object().pk,
            door=request.user,
            **self._invoer(s.VoorwaardeInvoerSerializer),
        )
        return Response(s.VoorwaardeSerializer(voorwaarde).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=[TAG],
        summary="Bevindingen vastleggen (erkenning; hoor en wederhoor en uitkomsten)",
        request=s.BevindingenInvoerSerializer,
        responses=s.DienstDetailSerializer,
        parameters=[DIENST_ID],
    )
    @action(detail=True, methods=["post"])
    def bevindingen(self, request, pk=None):
        dienst = services.dienst_bevindingen_vastleggen(
            dienst_id=self.get_object().pk,
            door=request.user,
            **self._invoer(s.BevindingenInvoerSerializer),
        )
        return self._antwoord(dienst)

    @extend_schema(
        tags=[TAG],
        summary="Afwijking van een eis aanvragen",
        request=s.AfwijkingInvoerSerializer,
        responses={201: s.AfwijkingSerializer},
        parameters=[DIENST_ID],
    )
    @action(detail=True, methods=["post"])
    def afwijkingen(self, request, pk=None):
        afwijking = services.afwijking_aanvragen(
            dienst_id=self.get_object().pk,
            door=request.user,
            **self._invoer(s.AfwijkingInvoerSerializer),
        )
        return Response(s.AfwijkingSerializer(afwijking).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=[TAG],
        summary="Afwijking goedkeuren (werkbegeleider)",
        parameters=[DIENST_ID, AFWIJKING_ID],
        request=None,
        responses=s.AfwijkingSerializer,
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"afwijkingen/(?P<afwijking_id>[^/]+)/goedkeuren",
        url_name="afwijking-goedkeuren",
    )
    def afwijking_goedkeuren(self, request, pk=None, afwijking_id=None):
        afwijking = self._onderdeel(self.get_object(), Afwijking.objects, afwijking_id)
        afwijking = services.afwijking_goedkeuren(afwijking_id=afwijking.pk, door=request.user)
        return Response(s.AfwijkingSerializer(afwijking).data)

    @extend_schema(
        tags=[TAG],
        summary="Dienst afronden",
        request=None,
        responses=s.DienstDetailSerializer,
        parameters=[DIENST_ID],
    )
    @action(detail=True, methods=["post"])
    def afronden(self, request, pk=None):
        dienst = services.dienst_afronden(dienst_id=self.get_object().pk, door=request.user)
        return self._antwoord(dienst)

    # --- after afronden ---------------------------------------------------------------------------

    @extend_schema(
        tags=[TAG],
        summary="Overdragen aan een ketenpartner met veiligheidsafspraken",
        request=s.OverdrachtInvoerSerializer,
        responses=s.DienstDetailSerializer,
        parameters=[DIENST_ID],
    )
    @action(detail=True, methods=["post"])
    def overdracht(self, request, pk=None):
        dienst = self.get_object()
        invoer = s.OverdrachtInvoerSerializer(data=request.data)
        invoer_valideren(invoer)
        dienst = services.overdracht_vastleggen(
            dienst_id=dienst.pk, door=request.user, **invoer.service_argumenten()
        )
        return self._antwoord(dienst)

    @extend_schema(
        tags=[TAG],
        summary="De ketenpartner is gestart (einde wachtlijst)",
        request=None,
        responses=s.DienstDetailSerializer,
        parameters=[DIENST_ID],
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="ketenpartner-gestart",
        url_name="ketenpartner-gestart",
    )
    def ketenpartner_gestart(self, request, pk=None):
        dienst = services.ketenpartner_gestart(dienst_id=self.get_object().pk, door=request.user)
        return self._antwoord(dienst)

    @extend_schema(
        tags=[TAG],
        summary="Monitoring starten (plant de monitoringsmomenten)",
        request=s.MonitoringStartenInvoerSerializer,
        responses=s.DienstDetailSerializer,
        parameters=[DIENST_ID],
    )
    @action(
        detail=True, methods=["post"], url_path="monitoring-starten", url_name="monitoring-starten"
    )
    def monitoring_starten(self, request, pk=None):
        dienst = self.get_object()
        data = self._invoer(s.MonitoringStartenInvoerSerializer)
        dienst = services.monitoring_starten(
            dienst_id=dienst.pk, door=request.user, vanaf=data.get("vanaf")
        )
        return self._antwoord(dienst)

    @extend_schema(
        tags=[TAG],
        summary="Uitkomst van een monitoringsmoment vastleggen",
        description=(
            "Zijn de voorwaarden niet nagekomen of is het niet veilig, dan ontstaat een nieuwe "
            "melding (kanaal monitoring) die in de screening komt; zie `nieuwe_melding`."
        ),
        parameters=[DIENST_ID, MOMENT_ID],
        request=s.MonitoringsmomentInvoerSerializer,
        responses=s.MonitoringsmomentSerializer,
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"monitoringsmomenten/(?P<moment_id>[^/]+)",
        url_name="monitoringsmoment",
    )
    def monitoringsmoment(self, request, pk=None, moment_id=None):
        moment = self._onderdeel(self.get_object(), Monitoringsmoment.objects, moment_id)
        moment = services.monitoringsmoment_vastleggen(
            moment_id=moment.pk,
            door=request.user,
            **self._invoer(s.MonitoringsmomentInvoerSerializer),
        )
        return Response(s.MonitoringsmomentSerializer(moment).data)

    @extend_schema(
        tags=[TAG],
        summary="Dienst afsluiten na de monitoring",
        request=s.AfsluitenInvoerSerializer,
        responses=s.DienstDetailSerializer,
        parameters=[DIENST_ID],
    )
    @action(detail=True, methods=["post"])
    def afsluiten(self, request, pk=None):
        dienst = services.dienst_afsluiten(
            dienst_id=self.get_object().pk,
            door=request.user,
            **self._invoer(s.AfsluitenInvoerSerializer),
        )
        return self._antwoord(dienst)

    @extend_schema(
        tags=[TAG],
        summary="Dienst stoppen (met reden)",
        request=s.StoppenInvoerSerializer,
        responses=s.DienstDetailSerializer,
        parameters=[DIENST_ID],
    )
    @action(detail=True, methods=["post"])
    def stoppen(self, request, pk=None):
        dienst = services.dienst_stoppen(
            dienst_id=self.get_object().pk,
            door=request.user,
            **self._invoer(s.StoppenInvoerSerializer),
        )
        return self._antwoord(dienst)

    # --- terugkoppeling aan de melder (per melding) -----------------------------------------------

    @extend_schema(
        tags=[TAG],
        summary="Terugkoppeling aan de melder vastleggen",
        request=s.TerugkoppelingInvoerSerializer,
        responses={201: s.TerugkoppelingSerializer},
    )
    @action(detail=False, methods=["post"])
    def terugkoppelingen(self, request):
        data = self._invoer(s.TerugkoppelingInvoerSerializer)
        melding = meldingen_voor(gebruiker=request.user).filter(nummer=data.pop("melding")).first()
        if melding is None:
            raise ValidationError(
                {"melding": [_("Deze melding bestaat niet of u heeft er geen toegang toe.")]}
            )
        terugkoppeling = services.terugkoppeling_vastleggen(
            melding_id=melding.pk, door=request.user, **data
        )
        return Response(
            s.TerugkoppelingSerializer(terugkoppeling).data, status=status.HTTP_201_CREATED
        )
