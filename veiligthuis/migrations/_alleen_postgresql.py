"""RunSQL for hand-written PostgreSQL migrations (triggers); a no-op on the SQLite demo."""

from django.db import migrations


class AlleenPostgresql(migrations.RunSQL):
    """RunSQL that does nothing on another database engine."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
