from django.urls import path

from keepwarm.journal import views

app_name = "journal"
urlpatterns = [
    path("journal/", views.journal_list, name="list"),
    path("journal/new/", views.journal_edit, name="create"),
    path("journal/<int:pk>/edit/", views.journal_edit, name="edit"),
    path("journal/<int:pk>/review/", views.journal_review, name="review"),
]
