# The app's first migration: the records come in the migrations after it.
from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies = [("wachtlijst", "0006_klokken_na_besluit")]
    operations: list = []
