from django.urls import path

from keepwarm.imports import views

app_name = "imports"
urlpatterns = [
    path("imports/", views.import_list, name="list"),
    path("imports/<int:pk>/", views.import_detail, name="detail"),
    path("imports/<int:pk>/options/", views.import_options, name="options"),
    path("imports/<int:pk>/preview/", views.import_preview, name="preview"),
    path("imports/<int:pk>/run/", views.import_run, name="run"),
    path("imports/<int:pk>/progress/", views.import_progress, name="progress"),
    path("imports/<int:pk>/cancel/", views.import_cancel, name="cancel"),
    path("imports/<int:pk>/undo/", views.import_undo_view, name="undo"),
    path("imports/<int:pk>/errors/", views.import_errors, name="errors"),
]
