"""Reads of the wachtlijst pages, scoped to what the requesting medewerker may see."""
