"""Browser pages of the meldingen app, one module per part of the onderzoeker's day."""
