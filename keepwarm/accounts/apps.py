from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "keepwarm.accounts"
    label = "accounts"
    verbose_name = _("Accounts and teams")  # the admin's section heading

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from keepwarm.accounts.lockout import hold_lock

        user_locked_out.connect(hold_lock, dispatch_uid="keepwarm-hold-lock")
