"""Verantwoording: what the organisation must account for to others.

The half-yearly CBS delivery (Informatieprotocol Beleidsinformatie Veilig Thuis), the inspection's
evidence per norm (inspectiedossier), klachten and calamiteiten. It reads every app below it and
none of them reads it: `verantwoording` → `wachtlijst` → `diensten` → `meldingen` → `veiligthuis`.
"""
