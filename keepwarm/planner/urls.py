from django.urls import path

from keepwarm.planner import feeds

urlpatterns = [path("calendar/<str:token>.ics", feeds.calendar_feed, name="calendar-feed")]
