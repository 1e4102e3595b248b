from django.urls import path

from keepwarm.qualification import views

app_name = "qualification"
urlpatterns = [
    path("clients/<int:pk>/scorecard/", views.scorecard, name="scorecard"),
    path("clients/<int:pk>/scorecard/marks/<int:number>/", views.scorecard_mark, name="mark"),
    path("clients/<int:pk>/scorecard/disqualify/", views.disqualification, name="disqualify"),
    path("clients/<int:pk>/scorecard/requalify/", views.disqualification, {"undo": True}, name="requalify"),
    path("settings/profile/", views.profile_settings, name="profile"),
]
