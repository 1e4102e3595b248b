from django.urls import path

from keepwarm.core import views

urlpatterns = [path("", views.home, name="home")]
