"""The API root: /api/..."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from keepwarm.accounts.api import ObtainToken, me, my_token, sign_out_everywhere
from keepwarm.audit import api as audit_api
from keepwarm.catalog.api import EventViewSet, ProductViewSet, client_suggestions
from keepwarm.clients import duplicates_api, recycle_api
from keepwarm.clients.api import ClientViewSet, OrderViewSet, OrganizationViewSet
from keepwarm.deals.api import DealViewSet, corporate_grid, organization_assessment, organization_people
from keepwarm.exports import api as exports_api
from keepwarm.imports.api import ImportViewSet
from keepwarm.journal.api import JournalViewSet
from keepwarm.ladder import api as ladder_api
from keepwarm.letters import api as letters_api
from keepwarm.needs.api import QuestionnaireViewSet, client_interviews
from keepwarm.planner import api as planner_api
from keepwarm.qualification import api as qualification_api
from keepwarm.reports import api as reports_api
from keepwarm.touches.api import ClientTouchesView, PlannedTouchViewSet

router = DefaultRouter()
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("clients", ClientViewSet, basename="client")
router.register("orders", OrderViewSet, basename="order")
router.register("planned-touches", PlannedTouchViewSet, basename="planned-touch")
router.register("products", ProductViewSet, basename="product")
router.register("events", EventViewSet, basename="event")
router.register("questionnaires", QuestionnaireViewSet, basename="questionnaire")
router.register("deals", DealViewSet, basename="deal")
router.register("journal", JournalViewSet, basename="journal-entry")
router.register("imports", ImportViewSet, basename="import")
router.register("letter-templates", letters_api.LetterTemplateViewSet, basename="letter-template")
router.register("letters", letters_api.LetterViewSet, basename="letter")

urlpatterns = [
    path("auth/token/", ObtainToken.as_view(), name="api-token"),
    path("me/", me, name="api-me"),
    path("me/token/", my_token, name="api-my-token"),
    path("me/sign-out-everywhere/", sign_out_everywhere, name="api-sign-out-everywhere"),
    path("duplicates/", duplicates_api.duplicates, name="duplicates"),
    path("clients/<int:pk>/merge/", duplicates_api.merge, name="client-merge"),
    path("clients/export/", exports_api.ClientsExport.as_view(), name="clients-export"),
    path("clients/<int:pk>/timeline/export/", exports_api.TimelineExport.as_view(), name="client-timeline-export"),
    path("team/export/", exports_api.TeamExport.as_view(), name="team-export"),
    path("clients/<int:pk>/touches/", ClientTouchesView.as_view(), name="client-touches"),
    path("clients/<int:pk>/plan/", planner_api.client_plan, name="client-plan"),
    path("clients/<int:pk>/letters/", letters_api.client_letters, name="client-letters"),
    path("clients/<int:pk>/suggestions/", client_suggestions, name="client-suggestions"),
    path("clients/<int:pk>/interviews/", client_interviews, name="client-interviews"),
    path("organizations/<int:pk>/assessment/", organization_assessment, name="organization-assessment"),
    path("organizations/<int:pk>/people/", organization_people, name="organization-people"),
    path("corporate/grid/", corporate_grid, name="corporate-grid"),
    path("clients/<int:pk>/changes/", audit_api.client_changes, name="client-changes"),
    path("organizations/<int:pk>/changes/", audit_api.organization_changes, name="organization-changes"),
    path("recycle-bin/", recycle_api.recycle_bin, name="recycle-bin"),
    path("recycle-bin/clients/<int:pk>/restore/", recycle_api.client_restore, name="recycle-bin-client-restore"),
    path(
        "recycle-bin/organizations/<int:pk>/restore/",
        recycle_api.organization_restore,
        name="recycle-bin-organization-restore",
    ),
    path("agenda/", planner_api.agenda, name="agenda"),
    path("agenda/week/", planner_api.agenda_week, name="agenda-week"),
    path("team/load/", planner_api.team_load, name="team-load"),
    path("team/settings/", planner_api.team_settings, name="team-settings"),
    path("team/members/", planner_api.team_members, name="team-members"),
    path("team/members/<int:pk>/", planner_api.team_member, name="team-member"),
    path("calendar-feeds/", planner_api.calendar_feeds, name="calendar-feeds"),
    path("calendar-feeds/<int:pk>/revoke/", planner_api.calendar_feed_revoke, name="calendar-feed-revoke"),
    path("team/profile/", qualification_api.team_profile, name="team-profile"),
    path("clients/<int:pk>/scorecard/", qualification_api.scorecard, name="client-scorecard"),
    path("clients/<int:pk>/scorecard/marks/", qualification_api.scorecard_marks, name="client-scorecard-marks"),
    path(
        "clients/<int:pk>/scorecard/marks/<int:number>/",
        qualification_api.scorecard_mark,
        name="client-scorecard-mark",
    ),
    path(
        "clients/<int:pk>/scorecard/confirm-disqualification/",
        qualification_api.confirm_disqualification,
        name="client-scorecard-confirm",
    ),
    path("clients/<int:pk>/scorecard/requalify/", qualification_api.requalify, name="client-scorecard-requalify"),
    path("clients/<int:pk>/ladder/", ladder_api.client_ladder, name="client-ladder"),
    path("clients/<int:pk>/ladder/confirm/", ladder_api.confirm, name="client-ladder-confirm"),
    path("clients/<int:pk>/offers/check/", ladder_api.offer_check, name="client-offer-check"),
    path("ladder/suggestions/", ladder_api.suggestions, name="ladder-suggestions"),
    path("ladder/overrides/", ladder_api.overrides, name="ladder-overrides"),
    path("team/privileges/", ladder_api.team_privileges, name="team-privileges"),
    path("reports/<slug:name>/", reports_api.report, name="report"),
    path("reports/<slug:name>/clients/", reports_api.clients, name="report-clients"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),  # no inline script
    path("", include(router.urls)),
]
