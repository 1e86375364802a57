"""Building blocks of the `demo_data` command: a Haaglanden-sized demo organisation with a year of cases.

Split by subject so each module stays readable: the organisation, persons and addresses, the texts,
the planning of meldingen (states and clocks), their dossiers, the adviezen, and storage.
Everything is computed in Python first and written with bulk inserts, so a full year fits in
seconds instead of the minutes that one service call per record would take.
"""
