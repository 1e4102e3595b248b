from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "keepwarm.imports"
    label = "imports"
    verbose_name = _("Imports")  # the admin's section heading
