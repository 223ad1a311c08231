# SyncRun and SyncState move to the registry app (catalog/registry) with their data: the tables
# are renamed here, and registry's 0001_initial takes the models over in the migration state.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('certification', '0005_certificate_product_protect'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name='syncrun', table='registry_syncrun'),
                migrations.AlterModelTable(name='syncstate', table='registry_syncstate'),
            ],
            state_operations=[
                migrations.DeleteModel(name='SyncRun'),
                migrations.DeleteModel(name='SyncState'),
            ],
        ),
    ]
