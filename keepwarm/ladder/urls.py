from django.urls import path

from keepwarm.ladder import views

app_name = "ladder"
urlpatterns = [
    path("clients/<int:pk>/ladder/", views.card, name="card"),
    path("clients/<int:pk>/ladder/confirm/", views.confirm, name="confirm"),
    path("ladder/", views.suggestions, name="suggestions"),
    path("ladder/overrides/", views.overrides, name="overrides"),
    path("settings/privileges/", views.privileges_settings, name="privileges"),
]
