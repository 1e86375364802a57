"""The demo app: `manage.py demo_data` builds a Haaglanden-sized demo organisation with a year of cases.

A top-level package of its own, like `bench/`, because it fills the tables of every app: it sits
above `wachtlijst` and no app imports it (tests/test_afhankelijkheden.py).

Split by subject so each module stays readable: the organisation, persons and addresses, the texts,
the planning of meldingen (states and clocks), their dossiers, the adviezen, and storage.
Everything is computed in Python first and written with bulk inserts, so a full year fits in
seconds instead of the minutes that one service call per record would take. The exception is
identity: persons and households are written as the meldingen come in, so that every repeat
melding finds its earlier persons through `meldingen.identiteit`, as a real intake does
(`intake.py`).
"""
