from django.urls import path

from keepwarm.touches import views

app_name = "touches"
urlpatterns = [
    path("clients/<int:pk>/touch/", views.touch_log, name="log"),
    path("clients/<int:pk>/touch/fields/", views.touch_outcome_fields, name="outcome-fields"),
    path("planned/<int:pk>/move/", views.planned_move, name="move"),
]
