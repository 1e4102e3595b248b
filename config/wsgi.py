import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
application = get_wsgi_application()

from keepwarm.core.serving import settle  # noqa: E402  (after Django's set-up, which the application did)

settle()
