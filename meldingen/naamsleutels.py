"""Name keys: a name as identity resolution compares it, whatever way it was typed.

A module of its own, below the models: `Persoon` stores the achternaam key it computes here
(`Persoon.achternaam_sleutel`, the column the trigram candidate query reads), and
`meldingen.identiteit` compares with the same functions.
"""

from __future__ import annotations

import re
import unicodedata

# Dutch tussenvoegsels as separate words ("van der", "in 't", "de"): they are written in the
# achternaam or in the tussenvoegsel field, with or without capitals, so they never count.
TUSSENVOEGSELS = frozenset(
    [
        "van",
        "de",
        "der",
        "den",
        "het",
        "'t",
        "ten",
        "ter",
        "te",
        "in",
        "op",
        "aan",
        "bij",
        "uit",
        "la",
        "le",
        "du",
        "d'",
        "l'",
        "von",
        "zu",
    ]
)


def _zonder_accenten(tekst: str) -> str:
    return "".join(
        teken for teken in unicodedata.normalize("NFKD", tekst) if not unicodedata.combining(teken)
    )


def achternaam_sleutel(achternaam: str, tussenvoegsel: str = "") -> str:
    """'Jansen-de Vries', 'jansen de vries' and ('de', 'Jansen - De Vriës') give one key."""
    woorden = re.split(r"[\s\-]+", _zonder_accenten(f"{tussenvoegsel} {achternaam}").lower())
    return "".join(
        re.sub(r"[^a-z]", "", woord) for woord in woorden if woord and woord not in TUSSENVOEGSELS
    )


def voornaam_sleutel(voornamen: str) -> str:
    """The first voornaam, normalised: 'Sem Johannes' and 'sem' are the same first name."""
    eerste = _zonder_accenten(voornamen).lower().split()
    return re.sub(r"[^a-z]", "", eerste[0]) if eerste else ""
