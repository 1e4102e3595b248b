from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "keepwarm.accounts"
    label = "accounts"
