from django.apps import AppConfig


class PlannerConfig(AppConfig):
    name = "keepwarm.planner"
    label = "planner"
