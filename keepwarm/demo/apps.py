from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "keepwarm.demo"
    label = "demo"
