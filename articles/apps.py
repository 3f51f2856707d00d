from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "Tòa soạn"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from organizations.models import Organization
        from people.models import Person, Position

        from .linking import invalidate_directory

        # The entity detector's compiled directory is rebuilt after any of these change.
        for model in (Person, Position, Organization):
            post_save.connect(invalidate_directory, sender=model, dispatch_uid=f"linking-{model}")
            post_delete.connect(
                invalidate_directory, sender=model, dispatch_uid=f"linking-del-{model}"
            )
