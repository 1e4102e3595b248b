from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TouchesConfig(AppConfig):
    name = "keepwarm.touches"
    label = "touches"
    verbose_name = _("Touches and plans")  # the admin's section heading
