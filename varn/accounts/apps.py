from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "varn.accounts"
    label = "accounts"
    verbose_name = "Inloggning"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import checks  # noqa: F401  (registers the checks)
        from .twofactor import remember_whether_two_factor_is_required
        from .views_people import remember_whether_several_municipalities

        user_logged_in.connect(remember_whether_two_factor_is_required, dispatch_uid="varn-two-factor")
        user_logged_in.connect(remember_whether_several_municipalities, dispatch_uid="varn-several")
