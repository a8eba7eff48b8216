"""No double booking, guarded by the database: one mediator's active assignments never
overlap (``blocked_from``/``blocked_until`` include the travel buffer).

PostgreSQL: an exclusion constraint over a tstzrange (needs btree_gist for the ``=`` on the
mediator). SQLite: triggers that abort the insert or update; SQLite runs one writer at a time,
so the check inside the trigger cannot race. Both raise IntegrityError, which the service
turns into a clear message.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

PG_ADD = """
ALTER TABLE sprachpool_assignment ADD CONSTRAINT sprachpool_assignment_no_overlap
EXCLUDE USING gist (mediator_id WITH =, tstzrange(blocked_from, blocked_until, '[)') WITH &&)
WHERE (is_active)
"""
PG_DROP = "ALTER TABLE sprachpool_assignment DROP CONSTRAINT sprachpool_assignment_no_overlap"

SQLITE_CHECK = """
WHEN NEW.is_active AND EXISTS (
  SELECT 1 FROM sprachpool_assignment a
  WHERE a.mediator_id = NEW.mediator_id AND a.is_active AND a.id IS NOT NEW.id
    AND a.blocked_from < NEW.blocked_until AND NEW.blocked_from < a.blocked_until
)
BEGIN SELECT RAISE(ABORT, 'sprachpool_assignment_no_overlap'); END
"""
SQLITE_ADD = [
    "CREATE TRIGGER sprachpool_assignment_no_overlap_insert BEFORE INSERT ON sprachpool_assignment " + SQLITE_CHECK,
    "CREATE TRIGGER sprachpool_assignment_no_overlap_update BEFORE UPDATE ON sprachpool_assignment " + SQLITE_CHECK,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS sprachpool_assignment_no_overlap_insert",
    "DROP TRIGGER IF EXISTS sprachpool_assignment_no_overlap_update",
]


def add(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_ADD)
    elif vendor == "sqlite":
        for sql in SQLITE_ADD:
            schema_editor.execute(sql)
    else:
        raise NotImplementedError(f"No double-booking guard for {vendor}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_DROP)
    else:
        for sql in SQLITE_DROP:
            schema_editor.execute(sql)


class PostgresOnly(BtreeGistExtension):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass  # other apps may use the extension


class Migration(migrations.Migration):
    dependencies = [("sprachpool", "0001_initial")]
    operations = [PostgresOnly(), migrations.RunPython(add, drop)]
