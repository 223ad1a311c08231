# SyncRun and SyncState, moved from the certification app: their tables already exist (renamed by
# certification 0006), so the models are created in the migration state only. Their content types
# follow them, so that permissions and admin history keep pointing at them.

import django.utils.timezone
from django.db import migrations, models

MODELS = ('syncrun', 'syncstate')


def move_content_types(apps, schema_editor, old='certification', new='registry'):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MODELS:
        if not content_types.filter(app_label=new, model=model).exists():
            content_types.filter(app_label=old, model=model).update(app_label=new)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, old='registry', new='certification')


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('certification', '0006_move_sync_runs_to_registry'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SyncRun',
                    fields=[
                        ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('source', models.CharField(max_length=500, verbose_name='source')),
                        ('full', models.BooleanField(default=False, verbose_name='full sync')),
                        ('dry_run', models.BooleanField(default=False, verbose_name='dry run')),
                        ('forced', models.BooleanField(default=False, verbose_name='forced')),
                        ('triggered_by', models.CharField(blank=True, max_length=100, verbose_name='triggered by')),
                        ('started_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='started')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished')),
                        ('outcome', models.CharField(choices=[('running', 'Running'), ('succeeded', 'Succeeded'), ('held', 'Delistings held for review'), ('failed', 'Failed'), ('dry_run', 'Dry run (nothing written)')], default='running', max_length=10, verbose_name='outcome')),
                        ('counts', models.JSONField(blank=True, default=dict, verbose_name='counts')),
                        ('pages', models.PositiveIntegerField(default=0, verbose_name='pages applied')),
                        ('watermark_before', models.DateTimeField(blank=True, null=True, verbose_name='changes since (before)')),
                        ('watermark_after', models.DateTimeField(blank=True, null=True, verbose_name='changes since (after)')),
                        ('anomaly', models.TextField(blank=True, verbose_name='anomaly')),
                        ('message', models.TextField(blank=True, verbose_name='message')),
                    ],
                    options={
                        'verbose_name': 'registry sync run',
                        'verbose_name_plural': 'registry sync runs',
                        'ordering': ['-started_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='SyncState',
                    fields=[
                        ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('source', models.CharField(max_length=500, unique=True)),
                        ('watermark', models.DateTimeField(blank=True, null=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                    ],
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back, elidable=True),
    ]
