from django.urls import path

from keepwarm.planner import feeds, views

app_name = "planner"
urlpatterns = [
    path("calendar/<str:token>.ics", feeds.calendar_feed, name="calendar-feed"),
    path("week/", views.week, name="week"),
    path("clients/<int:pk>/plan/", views.client_plan, name="client-plan"),
    path("team/", views.team_load, name="team"),
    path("settings/planner/", views.team_settings, name="settings"),
    path("settings/planner/members/<int:pk>/", views.member_capacity, name="member-capacity"),
    path("settings/calendar/", views.calendar_feeds, name="calendar"),
    path("settings/calendar/<int:pk>/revoke/", views.calendar_feed_revoke, name="calendar-revoke"),
]
