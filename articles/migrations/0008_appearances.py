"""PersonAppearance and OrganizationAppearance, and the triggers that keep them
(articles/appearances.py), with the rows of the articles already there."""


import django.db.models.deletion
from django.db import migrations, models

from articles import appearances


def install_triggers(apps, schema_editor):
    appearances.install(schema_editor.connection)


def remove_triggers(apps, schema_editor):
    appearances.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_search_caption_indexes"),
        ("organizations", "0001_initial"),
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="OrganizationAppearance",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("published_at", models.DateTimeField()),
                (
                    "article",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="articles.article",
                    ),
                ),
                (
                    "organization",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="organizations.organization",
                    ),
                ),
            ],
            options={
                "verbose_name": "tổ chức trong bài đã xuất bản",
                "verbose_name_plural": "tổ chức trong bài đã xuất bản",
                "indexes": [
                    models.Index(
                        fields=["organization", "-published_at", "-article"],
                        name="orgappearance_newest_idx",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("organization", "article"), name="organizationappearance_unique"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="PersonAppearance",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("published_at", models.DateTimeField()),
                (
                    "article",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="articles.article",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="people.person",
                    ),
                ),
            ],
            options={
                "verbose_name": "nhân vật trong bài đã xuất bản",
                "verbose_name_plural": "nhân vật trong bài đã xuất bản",
                "indexes": [
                    models.Index(
                        fields=["person", "-published_at", "-article"],
                        name="personappearance_newest_idx",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("person", "article"), name="personappearance_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(install_triggers, remove_triggers, elidable=False),
    ]
