"""Store the value arrays of series and versions without compression on PostgreSQL.

Arrays of float64 hardly compress, yet PostgreSQL tries (TOAST, pglz) on every write:
STORAGE EXTERNAL keeps them out of line and uncompressed, and writing the 50 series of a
35,000-commune table drops from 0.75 s to 0.2 s. Nothing to do on SQLite.
"""

from django.db import migrations

SQL = """
ALTER TABLE catalog_series ALTER COLUMN "values" SET STORAGE EXTERNAL,
                           ALTER COLUMN reasons SET STORAGE EXTERNAL;
ALTER TABLE catalog_datasetversion ALTER COLUMN zone_ids SET STORAGE EXTERNAL;
"""
REVERSE = """
ALTER TABLE catalog_series ALTER COLUMN "values" SET STORAGE EXTENDED,
                           ALTER COLUMN reasons SET STORAGE EXTENDED;
ALTER TABLE catalog_datasetversion ALTER COLUMN zone_ids SET STORAGE EXTENDED;
"""


def run(sql):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(run(SQL), run(REVERSE))]
