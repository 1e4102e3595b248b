from django.urls import path

from keepwarm.audit import views

app_name = "audit"
urlpatterns = [
    path("clients/<int:pk>/changes/", views.client_changes, name="client-changes"),
    path("organizations/<int:pk>/changes/", views.organization_changes, name="organization-changes"),
]
