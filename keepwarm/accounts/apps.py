from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "keepwarm.accounts"
    label = "accounts"

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from keepwarm.accounts.lockout import hold_lock

        user_locked_out.connect(hold_lock, dispatch_uid="keepwarm-hold-lock")
