"""factory_boy factories. Traits put a melding in a state the way the services would."""

import itertools
from datetime import date, timedelta

import factory
from django.conf import settings
from django.utils import timezone
from faker import Faker

from meldingen.keuzes import Hoedanigheid, Kanaal, MeldingStatus, RolInMelding, Urgentie
from meldingen.models import (
    Advies,
    Directbetrokkene,
    Melder,
    Melding,
    MeldingAanleiding,
    Persoon,
    VeiligheidsbeoordelingA,
    VeiligheidsbeoordelingB,
)
from veiligthuis import termijnen
from veiligthuis.models import Gemeente, Medewerker, Roltoewijzing, Team
from veiligthuis.personeel import Personeelsgegevens, Registratie


class GemeenteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gemeente
        django_get_or_create = ["naam"]

    naam = factory.Sequence(lambda n: f"Gemeente {n}")
    cbs_code = factory.Sequence(lambda n: f"GM{n:04d}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    naam = factory.Sequence(lambda n: f"Team {n}")


_registratienummers = itertools.count(100000001)


_NEP = Faker("nl_NL")


def _zonder_apostrof(naam: str) -> str:
    return naam.replace("'", "").replace("  ", " ")


class MedewerkerFactory(factory.django.DjangoModelFactory):
    """`rollen=["onderzoeker", ...]` adds Roltoewijzingen after creation."""

    class Meta:
        model = Medewerker
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"medewerker{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    # Some Dutch surnames have an apostrophe ("d' Heripon"): HTML escapes it, so a test that
    # looks for the name in a page would fail at random. Tests of escaping use their own names.
    last_name = factory.LazyAttribute(lambda _m: _zonder_apostrof(_NEP.last_name()))
    team = factory.SubFactory(TeamFactory)
    password = factory.django.Password("geheim-wachtwoord-123")

    class Params:
        # No VOG, no diploma check and no registratie: cannot be assigned cases.
        niet_inzetbaar = factory.Trait(personeel=False)

    @factory.post_generation
    def rollen(self, create, extracted, **kwargs):
        for rol in extracted or ["onderzoeker"]:
            Roltoewijzing.objects.create(medewerker=self, rol=rol)
        self.__dict__.pop("rollen", None)

    @factory.post_generation
    def personeel(self, create, extracted, **kwargs):
        """Valid staff records by default (inzetbaar); `personeel=False` leaves them out.

        `personeel__vog_datum=...`, `personeel__in_dienst_sinds=...`,
        `personeel__diploma_gecontroleerd_op=...` and `personeel__geldig_tot=...` (of the
        registraties the roles require) override one value.
        """
        if not create or extracted is False:
            return
        gegevens = {
            "in_dienst_sinds": date(2020, 1, 6),
            "vog_datum": date(2019, 12, 16),
            "diploma_gecontroleerd_op": date(2020, 1, 6),
        }
        gegevens.update({k: v for k, v in kwargs.items() if k in gegevens})
        Personeelsgegevens.objects.create(medewerker=self, **gegevens)
        geldig_tot = kwargs.get("geldig_tot", timezone.localdate() + timedelta(days=3 * 365))
        rollen = {t.rol for t in self.roltoewijzingen.all()}
        registers = {
            registers[0]
            for rol, registers in settings.VT_VEREISTE_REGISTRATIE.items()
            if rol in rollen and registers
        }
        for register in sorted(registers):
            nummer = next(_registratienummers)
            Registratie.objects.create(
                medewerker=self,
                register=register,
                nummer=f"{nummer:011d}" if register == "BIG" else f"{nummer:09d}",
                geldig_tot=geldig_tot,
            )
        self.__dict__.pop("rollen", None)


class PersoonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Persoon

    voornamen = factory.Faker("first_name", locale="nl_NL")
    achternaam = factory.LazyAttribute(lambda _m: _zonder_apostrof(_NEP.last_name()))
    geboortedatum = date(2015, 6, 1)


class MeldingFactory(factory.django.DjangoModelFactory):
    """A melding as melding_register leaves it; traits move it on as the services would."""

    class Meta:
        model = Melding
        skip_postgeneration_save = True

    nummer = factory.Sequence(lambda n: f"VT-2026-{n + 900000:06d}")
    team = factory.SubFactory(TeamFactory)
    ontvangen_op = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2))
    kanaal = Kanaal.TELEFOON
    samenvatting = "Buren horen geschreeuw en een kind dat huilt."
    aangemaakt_door = factory.SubFactory(MedewerkerFactory, team=factory.SelfAttribute("..team"))
    termijn_acute_screening = factory.LazyAttribute(
        lambda m: termijnen.termijn_acute_screening(m.ontvangen_op, m.kanaal)
    )
    termijn_veiligheidsbeoordeling = factory.LazyAttribute(
        lambda m: termijnen.termijn_veiligheidsbeoordeling(m.ontvangen_op)
    )
    termijn_informeren_betrokkenen = factory.LazyAttribute(
        lambda m: termijnen.termijn_informeren_betrokkenen(m.ontvangen_op)
    )

    class Params:
        op_triagelijst = factory.Trait(
            status=MeldingStatus.OP_TRIAGELIJST, urgentie=Urgentie.MIDDEN
        )
        acuut = factory.Trait(status=MeldingStatus.ACUUT, urgentie=Urgentie.ACUUT)
        overige_zorg = factory.Trait(status=MeldingStatus.OVERIGE_ZORG)
        in_beoordeling = factory.Trait(
            status=MeldingStatus.IN_BEOORDELING,
            urgentie=Urgentie.MIDDEN,
            beoordelaar_1=factory.SubFactory(
                MedewerkerFactory, team=factory.SelfAttribute("..team")
            ),
            beoordelaar_2=factory.SubFactory(
                MedewerkerFactory, team=factory.SelfAttribute("..team")
            ),
        )

    @factory.post_generation
    def met_gegevens(self, create, extracted, **kwargs):
        """Melder, an aanleiding, one child, and the A/B records the state implies."""
        if not create:
            return
        Melder.objects.create(melding=self, hoedanigheid=Hoedanigheid.BUURTBEWONER)
        MeldingAanleiding.objects.create(melding=self, aanleiding="km_anders")
        Directbetrokkene.objects.create(
            melding=self, persoon=PersoonFactory(), rol=RolInMelding.KIND
        )
        if self.status != MeldingStatus.ONTVANGEN:
            uitkomst = {
                MeldingStatus.ACUUT: "acuut",
                MeldingStatus.OVERIGE_ZORG: "overige_zorg",
            }.get(self.status, "niet_acuut")
            VeiligheidsbeoordelingA.objects.create(
                melding=self,
                door=self.aangemaakt_door,
                uitgevoerd_op=timezone.now(),
                uitkomst=uitkomst,
                toelichting="Screening vastgelegd.",
            )
        if self.status == MeldingStatus.IN_BEOORDELING:
            VeiligheidsbeoordelingB.objects.create(melding=self, gestart_op=timezone.now())


class AdviesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Advies

    nummer = factory.Sequence(lambda n: f"AD-2026-{n + 900000:06d}")
    ontvangen_op = factory.LazyFunction(timezone.now)
    kanaal = Kanaal.TELEFOON
    hoedanigheid = Hoedanigheid.HUISARTS
    team = factory.SubFactory(TeamFactory)
    aanleiding = "km_anders"
    onderwerp = "Blauwe plekken bij een kind"
    samenvatting = "Besproken welke signalen de huisarts ziet en wanneer te melden."
    gegeven_door = factory.SubFactory(MedewerkerFactory, team=factory.SelfAttribute("..team"))


def consult_met(melding, *deelnemers, vorm="consult"):
    """A recorded consult on `melding` naming `deelnemers` (which gives a GW/VA access to it)."""
    from meldingen.models import Consult

    consult = Consult.objects.create(
        melding=melding,
        vorm=vorm,
        datum=timezone.now(),
        vraag="Is dit letsel passend bij de uitleg?",
        uitkomst="Advies vastgelegd.",
        vastgelegd_door=melding.aangemaakt_door,
    )
    consult.deelnemers.set(deelnemers)
    return consult
