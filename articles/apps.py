from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete, post_migrate, post_save


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "Tòa soạn"

    def ready(self):
        from organizations.models import Organization
        from people.models import Person, Position

        from . import revisions, roles, signals
        from .linking import invalidate_directory

        revisions.register_models()
        post_migrate.connect(
            roles.ensure_roles_after_migrate, sender=self, dispatch_uid="articles.ensure_roles"
        )
        # Cache invalidation for the public pages.
        signals.connect()
        # The entity detector's compiled directory is rebuilt after any of these change.
        for model in (Person, Position, Organization):
            post_save.connect(invalidate_directory, sender=model, dispatch_uid=f"linking-{model}")
            post_delete.connect(
                invalidate_directory, sender=model, dispatch_uid=f"linking-del-{model}"
            )
        # SQLite gets the two SQL functions the search needs (PostgreSQL has its own).
        from .search import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="articles_search_sqlite")
