"""The half-yearly CBS delivery (Informatieprotocol Beleidsinformatie Veilig Thuis).

`definitie` loads the versioned field layout (definities/*.toml), `records` reads what a half-year
holds, `kwaliteit` holds the plausibility rules, `bestand` writes fixed-width lines and counts the
spiegelrapport, `services` runs a delivery, `taken` is its Celery task. See docs/CBS.md.
"""
