"""The API root: /api/..."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from keepwarm.accounts.api import me
from keepwarm.clients.api import ClientViewSet, OrderViewSet, OrganizationViewSet
from keepwarm.planner import api as planner_api
from keepwarm.touches.api import ClientTouchesView, PlannedTouchViewSet

router = DefaultRouter()
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("clients", ClientViewSet, basename="client")
router.register("orders", OrderViewSet, basename="order")
router.register("planned-touches", PlannedTouchViewSet, basename="planned-touch")

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("me/", me, name="api-me"),
    path("clients/<int:pk>/touches/", ClientTouchesView.as_view(), name="client-touches"),
    path("clients/<int:pk>/plan/", planner_api.client_plan, name="client-plan"),
    path("agenda/", planner_api.agenda, name="agenda"),
    path("team/load/", planner_api.team_load, name="team-load"),
    path("team/settings/", planner_api.team_settings, name="team-settings"),
    path("calendar-feeds/", planner_api.calendar_feeds, name="calendar-feeds"),
    path("calendar-feeds/<int:pk>/revoke/", planner_api.calendar_feed_revoke, name="calendar-feed-revoke"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(router.urls)),
]
