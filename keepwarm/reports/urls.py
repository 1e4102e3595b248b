from django.urls import path

from keepwarm.reports import views

app_name = "reports"
urlpatterns = [
    path("reports/", views.dashboard, name="dashboard"),
    path("reports/<slug:name>/", views.report_page, name="report"),
    path("reports/<slug:name>/clients/", views.report_clients, name="clients"),
    path("reports/<slug:name>.<slug:kind>", views.report_download, name="download"),
]
