from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """The project package as an app: its management commands and its signal handlers."""

    name = "newsroom"
    verbose_name = "Tòa soạn"

    def ready(self):
        from django.contrib import admin
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from newsroom import throttle

        user_login_failed.connect(throttle.on_login_failed, dispatch_uid="newsroom-login-failed")
        user_logged_in.connect(throttle.on_logged_in, dispatch_uid="newsroom-logged-in")
        admin.site.login_form = throttle.ThrottledAdminAuthenticationForm
