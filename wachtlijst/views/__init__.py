"""Browser pages of termijnbewaking and wachtlijsten."""
