"""PostgreSQL indexes for finding the articles a person is shown in (captions); nothing on
other databases (SQLite searches by a simpler path).

A person's photos are read from the photo-people link table, then each photo's article: with
the foreign key index on person_id alone, each link row costs a visit to the table (for
articlephoto_id), and each photo another (for article_id). These two indexes answer both from
the index alone: (person_id, articlephoto_id) on the links, and id covering article_id on the
photos. The link table is Django's automatic many-to-many table, hence plain SQL.
"""

from django.db import migrations

FORWARD = [
    """
    CREATE INDEX IF NOT EXISTS articlephoto_people_person_photo_idx
    ON articles_articlephoto_people (person_id, articlephoto_id)
    """,
    """
    CREATE INDEX IF NOT EXISTS articlephoto_id_article_idx
    ON articles_articlephoto (id) INCLUDE (article_id)
    """,
]

BACKWARD = [
    "DROP INDEX IF EXISTS articlephoto_id_article_idx",
    "DROP INDEX IF EXISTS articlephoto_people_person_photo_idx",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in FORWARD:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in BACKWARD:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_article_permissions")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
