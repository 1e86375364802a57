"""Veilig Thuis Haaglanden as demo organisation: 9 gemeenten, 6 regioteams on 3 locations, ~60 staff.

The numbers follow DOMAIN.md §1. Den Haag is split over three teams, as a city of its size is in
practice. Every role of `Rol` is held by someone, and every aandachtsgebied has an
aandachtfunctionaris, so each rule of the afwegingskader can be satisfied by a real colleague.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password

from demo.basis import Context, slug, splits_achternaam
from veiligthuis.models import Aandachtsgebied, Gemeente, Medewerker, Rol, Roltoewijzing, Team

DEMO_WACHTWOORD = "veiligthuis-demo"
# One login per role; the username is the role code so nobody has to look it up.
DEMO_ROLLEN = (
    Rol.ONDERZOEKER,
    Rol.WERKBEGELEIDER,
    Rol.GEDRAGSWETENSCHAPPER,
    Rol.VERTROUWENSARTS,
    Rol.AANDACHTFUNCTIONARIS,
    Rol.SECRETARIAAT,
    Rol.REGIOMANAGER,
    Rol.DIRECTIE,
    Rol.BEHEER,
)
ORGANISATIEBREDE_ROLLEN = (Rol.DIRECTIE, Rol.BEHEER)
EMAILDOMEIN = "vt-haaglanden.example"

# (naam, CBS-code, share of the meldingen): Den Haag weighs more than its population alone.
GEMEENTEN = (
    ("Delft", "GM0503", 0.085),
    ("Den Haag", "GM0518", 0.50),
    ("Leidschendam-Voorburg", "GM1916", 0.06),
    ("Midden-Delfland", "GM1842", 0.015),
    ("Pijnacker-Nootdorp", "GM1926", 0.04),
    ("Rijswijk", "GM0603", 0.06),
    ("Wassenaar", "GM0629", 0.02),
    ("Westland", "GM1783", 0.08),
    ("Zoetermeer", "GM0637", 0.11),
)


@dataclass(frozen=True)
class TeamOpzet:
    naam: str
    locatie: str
    # gemeente -> share of that gemeente's meldingen this team takes (1.0 unless split).
    werkgebied: dict[str, float]
    onderzoekers: int


TEAMS = (
    TeamOpzet("Team Den Haag Centrum", "Den Haag", {"Den Haag": 0.35}, 6),
    TeamOpzet("Team Den Haag Zuidwest", "Den Haag", {"Den Haag": 0.35}, 6),
    TeamOpzet(
        "Team Den Haag Noord en Wassenaar", "Den Haag", {"Den Haag": 0.30, "Wassenaar": 1}, 6
    ),
    TeamOpzet(
        "Team Delft en Westland",
        "Delft",
        {"Delft": 1, "Westland": 1, "Midden-Delfland": 1},
        7,
    ),
    TeamOpzet(
        "Team Rijswijk en Pijnacker-Nootdorp", "Delft", {"Rijswijk": 1, "Pijnacker-Nootdorp": 1}, 5
    ),
    TeamOpzet(
        "Team Zoetermeer en Leidschendam-Voorburg",
        "Zoetermeer",
        {"Zoetermeer": 1, "Leidschendam-Voorburg": 1},
        6,
    ),
)
DEMO_TEAM = 0  # the demo logins work in the first Den Haag team


@dataclass(frozen=True)
class Functie:
    """One medewerker to create: roles, team index (None: organisation-wide) and demo username."""

    rollen: tuple[str, ...]
    team: int | None
    username: str = ""
    aandachtsgebied: str = ""


def _functies() -> list[Functie]:
    """The staff list: mostly onderzoekers, per team a werkbegeleider and a GW, the rest per location.

    Aandachtsgebieden go round the aandachtfunctionarissen in a fixed order; when the list of
    gebieden grows, extra onderzoekers take the new ones as a second role.
    """
    functies: list[Functie] = []
    af_plekken: list[tuple[tuple[str, ...], int, str]] = [
        ((Rol.AANDACHTFUNCTIONARIS,), DEMO_TEAM, Rol.AANDACHTFUNCTIONARIS),
        ((Rol.AANDACHTFUNCTIONARIS,), 3, ""),
        ((Rol.GEDRAGSWETENSCHAPPER, Rol.AANDACHTFUNCTIONARIS), 1, ""),
        ((Rol.ONDERZOEKER, Rol.AANDACHTFUNCTIONARIS), 0, ""),
        ((Rol.ONDERZOEKER, Rol.AANDACHTFUNCTIONARIS), 1, ""),
        ((Rol.ONDERZOEKER, Rol.AANDACHTFUNCTIONARIS), 2, ""),
        ((Rol.ONDERZOEKER, Rol.AANDACHTFUNCTIONARIS), 5, ""),
        ((Rol.ONDERZOEKER, Rol.AANDACHTFUNCTIONARIS), 4, ""),
    ]
    gebieden = list(Aandachtsgebied.values)
    while len(af_plekken) < len(gebieden):
        af_plekken.append(
            ((Rol.ONDERZOEKER, Rol.AANDACHTFUNCTIONARIS), len(af_plekken) % len(TEAMS), "")
        )
    for (rollen, team, username), gebied in zip(af_plekken, gebieden, strict=False):
        functies.append(Functie(rollen, team, username, gebied))
    extra_onderzoekers = [0] * len(TEAMS)
    for rollen, team, _u in af_plekken[: len(gebieden)]:
        if Rol.ONDERZOEKER in rollen:
            extra_onderzoekers[team] += 1

    for t, opzet in enumerate(TEAMS):
        for i in range(max(opzet.onderzoekers - extra_onderzoekers[t], 1)):
            demo = t == DEMO_TEAM and i == 0
            functies.append(Functie((Rol.ONDERZOEKER,), t, Rol.ONDERZOEKER if demo else ""))
        if t == DEMO_TEAM:
            functies.append(Functie((Rol.WERKBEGELEIDER,), t, Rol.WERKBEGELEIDER))
        elif t == 4:
            # A small team: its werkbegeleider also takes cases.
            functies.append(Functie((Rol.WERKBEGELEIDER, Rol.ONDERZOEKER), t))
        else:
            functies.append(Functie((Rol.WERKBEGELEIDER,), t))
        if t != 1:  # team 1's GW is also an aandachtfunctionaris (above)
            demo = Rol.GEDRAGSWETENSCHAPPER if t == DEMO_TEAM else ""
            functies.append(Functie((Rol.GEDRAGSWETENSCHAPPER,), t, demo))

    # Per location (first team of the location): vertrouwensarts, secretariaat, regiomanager.
    for t in (DEMO_TEAM, 3, 5):
        for rol in (Rol.VERTROUWENSARTS, Rol.SECRETARIAAT, Rol.REGIOMANAGER):
            functies.append(Functie((rol,), t, rol if t == DEMO_TEAM else ""))
    functies.append(Functie((Rol.SECRETARIAAT,), 1))  # Den Haag has the most intake
    for rol in ORGANISATIEBREDE_ROLLEN:
        functies.append(Functie((rol,), None, rol))
        functies.append(Functie((rol,), None))
    return functies


@dataclass
class Organisatie:
    """The saved organisation plus the look-ups the case generator needs (no queries later)."""

    gemeenten: dict[str, Gemeente]
    teams: list[Team]
    medewerkers: list[Medewerker]
    rollen_van: dict[int, tuple[str, ...]]
    demo: dict[str, Medewerker]
    # (team pk, rol) -> medewerkers of that team with that role
    leden: dict[tuple[int, str], list[Medewerker]] = field(default_factory=dict)
    met_rol: dict[str, list[Medewerker]] = field(default_factory=dict)
    af_voor_gebied: dict[str, Medewerker] = field(default_factory=dict)
    # gemeente naam -> [(team, weight)]
    teams_voor_gemeente: dict[str, list[tuple[Team, float]]] = field(default_factory=dict)
    # Medewerkers whose registratie expired (demo/registraties.py) → the day it did: from then on
    # they are given no case work, as the services refuse it (veiligthuis.inzetbaarheid).
    registratie_verlopen: dict[int, date] = field(default_factory=dict)

    def van_team(self, team: Team, *rollen: str) -> list[Medewerker]:
        """Medewerkers of `team` holding any of `rollen`, in a stable order without duplicates."""
        gezien: dict[int, Medewerker] = {}
        for rol in rollen:
            for m in self.leden.get((team.pk, rol), []):
                gezien.setdefault(m.pk, m)
        return list(gezien.values())

    def locatiegenoten(self, team: Team, rol: str) -> list[Medewerker]:
        """Medewerkers with `rol` at the same location as `team` (secretariaat serves a location)."""
        return [
            m
            for t in self.teams
            if t.locatie == team.locatie
            for m in self.leden.get((t.pk, rol), [])
        ]


def bouw_organisatie(ctx: Context) -> Organisatie:
    """Create gemeenten, teams, medewerkers and roles; returns the in-memory organisation."""
    gemeenten = Gemeente.objects.bulk_create(
        [Gemeente(naam=naam, cbs_code=code) for naam, code, _a in GEMEENTEN]
    )
    per_naam = {g.naam: g for g in gemeenten}
    teams = Team.objects.bulk_create([Team(naam=o.naam, locatie=o.locatie) for o in TEAMS])
    Koppeling = Team.gemeenten.through
    Koppeling.objects.bulk_create(
        [
            Koppeling(team_id=team.pk, gemeente_id=per_naam[naam].pk)
            for team, opzet in zip(teams, TEAMS, strict=True)
            for naam in opzet.werkgebied
        ]
    )

    # Hashing is deliberately slow; one hash serves every demo account.
    wachtwoord = make_password(DEMO_WACHTWOORD)
    functies = _functies()
    usernames: set[str] = {f.username for f in functies if f.username}
    medewerkers = []
    for functie in functies:
        vrouw = ctx.kans(0.7)  # youth care and social work employ mostly women
        voornaam = ctx.faker.first_name_female() if vrouw else ctx.faker.first_name_male()
        tussenvoegsel, achternaam = splits_achternaam(ctx.faker.last_name())
        username = functie.username
        if not username:
            basis = f"{slug(voornaam)}.{slug(tussenvoegsel + achternaam)}"
            username, volgnummer = basis, 2
            while username in usernames:
                username, volgnummer = f"{basis}{volgnummer}", volgnummer + 1
            usernames.add(username)
        medewerkers.append(
            Medewerker(
                username=username,
                first_name=voornaam,
                last_name=f"{tussenvoegsel} {achternaam}".strip(),
                email=f"{username}@{EMAILDOMEIN}",
                password=wachtwoord,
                team=teams[functie.team] if functie.team is not None else None,
                aandachtsgebied=functie.aandachtsgebied,
                # The Django admin (functioneel beheer) also asks for is_staff at login.
                is_staff=Rol.BEHEER in functie.rollen,
                date_joined=ctx.nu - timedelta(days=ctx.rng.randint(90, 5000)),
            )
        )
    medewerkers = Medewerker.objects.bulk_create(medewerkers)
    Roltoewijzing.objects.bulk_create(
        [
            Roltoewijzing(medewerker=m, rol=rol)
            for m, functie in zip(medewerkers, functies, strict=True)
            for rol in functie.rollen
        ]
    )

    org = Organisatie(
        gemeenten=per_naam,
        teams=teams,
        medewerkers=medewerkers,
        rollen_van={m.pk: f.rollen for m, f in zip(medewerkers, functies, strict=True)},
        demo={m.username: m for m in medewerkers if m.username in DEMO_ROLLEN},
    )
    for m, functie in zip(medewerkers, functies, strict=True):
        for rol in functie.rollen:
            org.met_rol.setdefault(rol, []).append(m)
            if m.team_id is not None:
                org.leden.setdefault((m.team_id, rol), []).append(m)
        if functie.aandachtsgebied:
            org.af_voor_gebied[functie.aandachtsgebied] = m
    for team, opzet in zip(teams, TEAMS, strict=True):
        for naam, aandeel in opzet.werkgebied.items():
            org.teams_voor_gemeente.setdefault(naam, []).append((team, aandeel))
    ctx.meld(
        f"Organisatie: {len(gemeenten)} gemeenten, {len(teams)} teams, "
        f"{len(medewerkers)} medewerkers."
    )
    return org
