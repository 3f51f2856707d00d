from django.apps import AppConfig
from django.db.backends.signals import connection_created


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "Tòa soạn"

    def ready(self):
        # SQLite gets the two SQL functions the search needs (PostgreSQL has its own).
        from .search import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="articles_search_sqlite")
