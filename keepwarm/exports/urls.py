from django.urls import path

from keepwarm.exports import views

app_name = "exports"
urlpatterns = [
    path("clients/export/", views.clients_export, name="clients"),
    path("clients/<int:pk>/timeline/export/", views.client_timeline_export, name="timeline"),
    path("team/export/", views.team_exports, name="teams"),
    path("team/export/<int:pk>/", views.team_export, name="team"),
]
