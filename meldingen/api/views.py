"""REST endpoints for adviezen and meldingen. Transitions are actions that call one service each.

Scoped exactly like the browser pages (`veiligthuis.rechten`): without a case role every endpoint
answers 403 before anything is looked up (directie, beheer); a case outside the caller's scope is
a 404. Every list and detail call that returns case data is recorded in the audit log.
"""

from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from meldingen import selectors, services
from meldingen.api import serializers as s
from meldingen.selectors.bijlagen import GEEN_DOCUMENT, bijlagen_lijst
from meldingen.selectors.triage import LAATSTE_ACTIVITEIT, tweede_oordeel_melding
from meldingen.services import bijlagen as bijlage_service
from veiligthuis.api import invoer_valideren
from veiligthuis.audit import audit_lijst, audit_verzoek, client_ip
from veiligthuis.documenten import download_antwoord
from veiligthuis.paginering import NieuwsteEerst
from veiligthuis.rechten import heeft_casusrol


class HeeftCasusrol(BasePermission):
    """Case endpoints are for case roles only: directie and beheer get 403, whatever the case."""

    message = gettext_lazy(
        "Casusgegevens zijn alleen beschikbaar voor medewerkers met een casusrol; directie en "
        "functioneel beheer zien geen casusinhoud."
    )

    def has_permission(self, request, view) -> bool:
        return heeft_casusrol(request.user)


CASUS_RECHTEN = [IsAuthenticated, HeeftCasusrol]
# Any path segment reaches the view, so an unknown number is DRF's JSON 404, not Django's HTML
# page from the URL resolver (the router's default `[^/.]+` leaves out a number with a dot).
NUMMER_IN_PAD = "[^/]+"


class GelogdeLijstMixin:
    """A list call writes one audit entry naming the case numbers on the returned page."""

    lijst_actie = ""

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        pagina = self.paginate_queryset(queryset)
        rijen = pagina if pagina is not None else list(queryset)
        audit_lijst(request, self.lijst_actie, [str(r.nummer) for r in rijen])
        data = self.get_serializer(rijen, many=True).data
        if pagina is not None:
            return self.get_paginated_response(data)
        return Response(data)


def melding_antwoord(request, melding, code=status.HTTP_200_OK) -> Response:
    """The melding as the caller may see it; for another team's melding only number and status."""
    detail = selectors.melding_dossier(gebruiker=request.user).filter(pk=melding.pk).first()
    if detail is None:
        return Response({"nummer": melding.nummer, "status": melding.status}, status=code)
    audit_verzoek(request, "melding.api_inzien", detail)
    return Response(s.MeldingDetailSerializer(detail).data, status=code)


class AdviesViewSet(
    GelogdeLijstMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    lookup_field = "nummer"
    lookup_value_regex = NUMMER_IN_PAD
    serializer_class = s.AdviesSerializer
    filterset_fields = ["status", "team", "kanaal", "aanleiding"]
    permission_classes = CASUS_RECHTEN
    lijst_actie = "advies.api_lijst"
    pagination_class = NieuwsteEerst

    def get_queryset(self):
        return selectors.adviezen_voor(gebruiker=self.request.user)

    def retrieve(self, request, *args, **kwargs):
        advies = self.get_object()
        audit_verzoek(request, "advies.api_inzien", advies)
        return Response(s.AdviesSerializer(advies).data)

    @extend_schema(request=s.AdviesInvoerSerializer, responses={201: s.AdviesSerializer})
    def create(self, request, *args, **kwargs):
        invoer = s.AdviesInvoerSerializer(data=request.data)
        invoer_valideren(invoer)
        advies = services.advies_register(door=request.user, **invoer.service_argumenten())
        return Response(s.AdviesSerializer(advies).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.AdviesSerializer)
    @action(detail=True, methods=["post"])
    def afronden(self, request, nummer=None):
        advies = services.advies_afronden(advies_id=self.get_object().pk, door=request.user)
        return Response(s.AdviesSerializer(advies).data)

    @extend_schema(request=s.MeldingInvoerSerializer, responses={201: s.MeldingDetailSerializer})
    @action(detail=True, methods=["post"])
    def omzetten(self, request, nummer=None):
        """Convert this advies into a melding (the melding's data is the request body)."""
        advies = self.get_object()
        invoer = s.MeldingInvoerSerializer(data=request.data)
        invoer_valideren(invoer)
        melding = services.advies_omzetten_in_melding(
            advies_id=advies.pk, door=request.user, gegevens=invoer.gegevens()
        )
        return melding_antwoord(request, melding, status.HTTP_201_CREATED)


class MeldingViewSet(
    GelogdeLijstMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    lookup_field = "nummer"
    lookup_value_regex = NUMMER_IN_PAD
    filterset_fields = ["status", "team", "gemeente", "urgentie", "kanaal"]
    permission_classes = CASUS_RECHTEN
    lijst_actie = "melding.api_lijst"
    pagination_class = NieuwsteEerst

    def get_queryset(self):
        if self.action == "list":
            return selectors.meldingen_voor(gebruiker=self.request.user).annotate(
                laatste_activiteit=LAATSTE_ACTIVITEIT
            )
        if self.action == "overige_zorg":
            # As the browser page: GW/aandachtfunctionaris open the team's overige zorg to judge it.
            return tweede_oordeel_melding(gebruiker=self.request.user)
        return selectors.melding_dossier(gebruiker=self.request.user)

    def get_serializer_class(self):
        return s.MeldingLijstSerializer if self.action == "list" else s.MeldingDetailSerializer

    def retrieve(self, request, *args, **kwargs):
        melding = self.get_object()
        audit_verzoek(request, "melding.api_inzien", melding)
        return Response(s.MeldingDetailSerializer(melding).data)

    @extend_schema(request=s.MeldingInvoerSerializer, responses={201: s.MeldingDetailSerializer})
    def create(self, request, *args, **kwargs):
        invoer = s.MeldingInvoerSerializer(data=request.data)
        invoer_valideren(invoer)
        melding = services.melding_register(door=request.user, gegevens=invoer.gegevens())
        return self._antwoord(melding, status.HTTP_201_CREATED)

    def _antwoord(self, melding, code=status.HTTP_200_OK):
        return melding_antwoord(self.request, melding, code)

    def _invoer(self, serializer_class):
        invoer = serializer_class(data=self.request.data)
        invoer_valideren(invoer)
        return invoer.validated_data

    @extend_schema(request=s.ScreenSerializer, responses=s.MeldingDetailSerializer)
    @action(detail=True, methods=["post"])
    def screenen(self, request, nummer=None):
        melding_id = self.get_object().pk  # scope first: outside it a 404, whatever the body
        data = dict(self._invoer(s.ScreenSerializer))
        melding = services.melding_screen(
            melding_id=melding_id,
            door=request.user,
            tweede_id=data.pop("tweede", None),
            **data,
        )
        return self._antwoord(melding)

    @extend_schema(request=s.OverigeZorgSerializer, responses=s.MeldingDetailSerializer)
    @action(detail=True, methods=["post"], url_path="overige-zorg")
    def overige_zorg(self, request, nummer=None):
        melding = services.overige_zorg_beoordelen(
            melding_id=self.get_object().pk,
            door=request.user,
            **self._invoer(s.OverigeZorgSerializer),
        )
        return self._antwoord(melding)

    @extend_schema(request=s.OppakkenSerializer, responses=s.MeldingDetailSerializer)
    @action(detail=True, methods=["post"])
    def oppakken(self, request, nummer=None):
        melding_id = self.get_object().pk  # scope first: outside it a 404, whatever the body
        data = self._invoer(s.OppakkenSerializer)
        melding = services.melding_pick_up(
            melding_id=melding_id, door=request.user, tweede_id=data["tweede"]
        )
        return self._antwoord(melding)

    @extend_schema(request=s.RedenSerializer, responses=s.MeldingDetailSerializer)
    @action(detail=True, methods=["post"])
    def teruggeven(self, request, nummer=None):
        melding = services.melding_teruggeven(
            melding_id=self.get_object().pk, door=request.user, **self._invoer(s.RedenSerializer)
        )
        return self._antwoord(melding)

    @extend_schema(request=s.TriageInstrumentSerializer, responses=s.MeldingDetailSerializer)
    @action(detail=True, methods=["post"], url_path="triage-instrument")
    def triage_instrument(self, request, nummer=None):
        melding = self.get_object()  # scope first: outside it a 404, whatever the body
        data = dict(self._invoer(s.TriageInstrumentSerializer))
        signalen = data.pop("signalen")
        eerdere = data.pop("eerdere_meldingen")
        signaalcodes = data.pop("signaalcodes", None)
        reden_wijziging = data.pop("reden_wijziging")
        services.beoordeling_b_vastleggen(
            melding_id=melding.pk,
            door=request.user,
            antwoorden=data,
            signalen=signalen,
            eerdere_meldingen=eerdere,
            signaalcodes=sorted(signaalcodes) if signaalcodes is not None else None,
            reden_wijziging=reden_wijziging,
        )
        return self._antwoord(melding)

    @extend_schema(request=s.HerprioriterenSerializer, responses=s.MeldingDetailSerializer)
    @action(detail=True, methods=["post"])
    def herprioriteren(self, request, nummer=None):
        """Change the urgentie with a reason; lowering acuut only by a werkbegeleider of the team."""
        melding_id = self.get_object().pk  # scope first: outside it a 404, whatever the body
        melding = services.melding_herprioriteren(
            melding_id=melding_id, door=request.user, **self._invoer(s.HerprioriterenSerializer)
        )
        return self._antwoord(melding)

    @extend_schema(request=s.AardInvoerSerializer, responses=s.MeldingDetailSerializer)
    @action(detail=True, methods=["post"])
    def aard(self, request, nummer=None):
        """Add or correct the aard of the geweld; removing an aard needs a reason."""
        melding_id = self.get_object().pk  # scope first: outside it a 404, whatever the body
        data = self._invoer(s.AardInvoerSerializer)
        melding = services.aarden_wijzigen(
            melding_id=melding_id,
            door=request.user,
            aarden=sorted(data["aarden"]),
            reden=data["reden"],
        )
        return self._antwoord(melding)

    @extend_schema(request=s.BesluitInvoerSerializer, responses=s.MeldingDetailSerializer)
    @action(detail=True, methods=["post"])
    def besluit(self, request, nummer=None):
        melding = services.besluit_record(
            melding_id=self.get_object().pk,
            door=request.user,
            **self._invoer(s.BesluitInvoerSerializer),
        )
        return self._antwoord(melding)

    @extend_schema(request=s.ToelichtingSerializer, responses=s.MeldingDetailSerializer)
    @action(detail=True, methods=["post"])
    def afsluiten(self, request, nummer=None):
        melding = services.melding_afsluiten(
            melding_id=self.get_object().pk,
            door=request.user,
            **self._invoer(s.ToelichtingSerializer),
        )
        return self._antwoord(melding)

    @extend_schema(request=s.JournaalInvoerSerializer, responses={201: None})
    @action(detail=True, methods=["post"])
    def journaal(self, request, nummer=None):
        regel = services.journaal_toevoegen(
            melding_id=self.get_object().pk,
            door=request.user,
            **self._invoer(s.JournaalInvoerSerializer),
        )
        return Response({"id": regel.pk}, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        request=None,
        responses=s.BijlageSerializer(many=True),
        description="De documenten van de melding (zonder inhoud); het opvragen wordt gelogd.",
    )
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": s.BijlageInvoerSerializer},
        responses={201: s.BijlageSerializer},
        description=(
            "Een document toevoegen (multipart/form-data). Het echte type wordt uit de bytes "
            "gelezen; programma's, documenten met macro's en PDF's met actieve inhoud worden "
            "geweigerd (400), net als een bestand boven de groottegrens."
        ),
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="bijlagen",
        parser_classes=[MultiPartParser, FormParser],
    )
    def bijlagen(self, request, nummer=None):
        melding = self.get_object()
        if request.method == "GET":
            audit_verzoek(request, "bijlage.api_lijst", melding)
            rijen = bijlagen_lijst(melding.bijlagen.all())
            return Response(s.BijlageSerializer(rijen, many=True).data)
        invoer = s.BijlageInvoerSerializer(data=request.data)
        invoer_valideren(invoer)
        bijlage = bijlage_service.bijlage_toevoegen(
            melding_id=melding.pk, door=request.user, kanaal="api", **invoer.service_argumenten()
        )
        bijlage.melding = melding
        return Response(s.BijlageSerializer(bijlage).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
        description="De inhoud van één document, als bijlage; elke download wordt gelogd.",
    )
    @action(
        detail=True,
        methods=["get"],
        # Any segment reaches the view (as NUMMER_IN_PAD): a malformed id is DRF's JSON 404.
        url_path=r"bijlagen/(?P<bijlage_id>[^/]+)/inhoud",
        url_name="bijlage-inhoud",
    )
    def bijlage_inhoud(self, request, nummer=None, bijlage_id=None):
        melding = self.get_object()
        bijlage = (
            melding.bijlagen.filter(pk=int(bijlage_id)).first()
            if bijlage_id.isascii() and bijlage_id.isdigit() and len(bijlage_id) < 19
            else None
        )
        if bijlage is None:
            raise NotFound(str(GEEN_DOCUMENT))
        bijlage.melding = melding
        inhoud = bijlage_service.bijlage_inhoud(
            bijlage, door=request.user, request_ip=client_ip(request)
        )
        return download_antwoord(inhoud, naam=bijlage.bestandsnaam, inhoud_type=bijlage.inhoud_type)

    @extend_schema(request=s.RedenSerializer, responses=s.MeldingDetailSerializer)
    @action(detail=True, methods=["post"], url_path="informeren-verlengen")
    def informeren_verlengen(self, request, nummer=None):
        melding = services.informeren_verlengen(
            melding_id=self.get_object().pk, door=request.user, **self._invoer(s.RedenSerializer)
        )
        return self._antwoord(melding)
