from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "keepwarm.clients"
    label = "clients"
