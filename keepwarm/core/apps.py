from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    name = "keepwarm.core"
    label = "core"

    def ready(self) -> None:
        from keepwarm.core.collation import register_sqlite_collations

        connection_created.connect(register_sqlite_collations, dispatch_uid="keepwarm_sqlite_collations")
