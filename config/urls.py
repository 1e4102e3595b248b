from django.contrib import admin
from django.urls import include, path

from keepwarm.letters.unsubscribe_views import unsubscribe
from keepwarm.planner.today import home

urlpatterns = [
    path("api/", include("config.api")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("keepwarm.accounts.urls")),
    path("", home, name="home"),  # Today
    path("letters/unsubscribe/<str:token>/", unsubscribe, name="letter-unsubscribe"),  # no sign-in: the link in letters
    path("", include("keepwarm.planner.urls")),
    path("", include("keepwarm.touches.urls")),
    path("", include("keepwarm.exports.urls")),
    path("", include("keepwarm.clients.urls")),
    path("", include("keepwarm.needs.urls")),
    path("", include("keepwarm.catalog.urls")),
    path("", include("keepwarm.deals.urls")),
    path("", include("keepwarm.journal.urls")),
    path("", include("keepwarm.qualification.urls")),
    path("", include("keepwarm.ladder.urls")),
    path("", include("keepwarm.audit.urls")),
    path("", include("keepwarm.reports.urls")),
    path("", include("keepwarm.imports.urls")),
    path("", include("keepwarm.letters.urls")),
]

handler400 = "keepwarm.core.error_pages.bad_request"  # the reader's language and a way back, or the API's JSON
handler404 = "keepwarm.core.error_pages.not_found"  # the API's JSON under /api/
