from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "Tòa soạn"

    def ready(self):
        from . import revisions, roles

        revisions.register_models()
        post_migrate.connect(
            roles.ensure_roles_after_migrate, sender=self, dispatch_uid="articles.ensure_roles"
        )
        from . import signals

        signals.connect()
