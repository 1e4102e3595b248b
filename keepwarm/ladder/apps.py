from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LadderConfig(AppConfig):
    name = "keepwarm.ladder"
    label = "ladder"
    verbose_name = _("Client ladder")  # the admin's section heading
