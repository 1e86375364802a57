"""The records of verantwoording: one module per subject, imported here for Django."""
