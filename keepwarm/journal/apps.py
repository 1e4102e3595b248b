from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JournalConfig(AppConfig):
    name = "keepwarm.journal"
    label = "journal"
    verbose_name = _("Achievements journal")  # the admin's section heading
