"""Django forms of the meldingen pages: they check the shape of input; services check the rules."""
