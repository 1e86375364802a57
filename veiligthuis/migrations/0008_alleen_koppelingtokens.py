"""API tokens are for koppelingen only (issue 13, item 2): delete every token of a person.

A person's token skipped two-step verification and the idle timeout; from now on
`TokenAuthenticatie` refuses such tokens anyway, this removes the leftovers.
"""

from django.db import migrations


def persoonlijke_tokens_verwijderen(apps, schema_editor):
    Token = apps.get_model("authtoken", "Token")
    Token.objects.filter(user__koppeling__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("veiligthuis", "0007_beheer_zonder_casusrol"),
        ("authtoken", "0004_alter_tokenproxy_options"),
    ]

    operations = [
        migrations.RunPython(persoonlijke_tokens_verwijderen, migrations.RunPython.noop),
    ]
