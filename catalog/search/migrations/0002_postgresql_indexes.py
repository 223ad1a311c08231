from django.db import migrations

POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS search_doc_vector_gin ON search_searchdocument USING gin (vector)",
    "CREATE INDEX IF NOT EXISTS search_doc_title_trgm ON search_searchdocument USING gin (title gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS search_doc_text_trgm ON search_searchdocument USING gin (text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS search_doc_accented_trgm ON search_searchdocument USING gin (accented gin_trgm_ops)",
]


def create(apps, schema_editor):
    """Full-text and trigram indexes (the trigram ones also serve LIKE '%…%'); PostgreSQL only."""
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_doc_vector_gin")
        for name in ("title", "text", "accented"):
            schema_editor.execute(f"DROP INDEX IF EXISTS search_doc_{name}_trgm")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
