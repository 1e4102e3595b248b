"""The API root: /api/..."""

from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from keepwarm.accounts.api import ObtainToken, me, my_token, sign_out_everywhere
from keepwarm.audit import api as audit_api
from keepwarm.catalog.api import EventViewSet, ProductViewSet, client_suggestions
from keepwarm.clients import duplicates_api, recycle_api
from keepwarm.clients.api import ClientViewSet, OrderViewSet, OrganizationViewSet
from keepwarm.core.places_api import places_list
from keepwarm.core.schema import SchemaView
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

# Grouped by their first segment, so that resolving a path tries a few prefixes, not every pattern (issue 12: the
# flat list of ~45 patterns was ~8 % of a small API call's CPU).
CLIENT = [
    path("merge/", duplicates_api.merge, name="client-merge"),
    path("timeline/export/", exports_api.TimelineExport.as_view(), name="client-timeline-export"),
    path("touches/", ClientTouchesView.as_view(), name="client-touches"),
    path("plan/", planner_api.client_plan, name="client-plan"),
    path("letters/", letters_api.client_letters, name="client-letters"),
    path("suggestions/", client_suggestions, name="client-suggestions"),
    path("interviews/", client_interviews, name="client-interviews"),
    path("changes/", audit_api.client_changes, name="client-changes"),
    path("scorecard/", qualification_api.scorecard, name="client-scorecard"),
    path("scorecard/marks/", qualification_api.scorecard_marks, name="client-scorecard-marks"),
    path("scorecard/marks/<int:number>/", qualification_api.scorecard_mark, name="client-scorecard-mark"),
    path(
        "scorecard/confirm-disqualification/",
        qualification_api.confirm_disqualification,
        name="client-scorecard-confirm",
    ),
    path("scorecard/requalify/", qualification_api.requalify, name="client-scorecard-requalify"),
    path("ladder/", ladder_api.client_ladder, name="client-ladder"),
    path("ladder/confirm/", ladder_api.confirm, name="client-ladder-confirm"),
    path("offers/check/", ladder_api.offer_check, name="client-offer-check"),
]
ORGANIZATION = [
    path("assessment/", organization_assessment, name="organization-assessment"),
    path("people/", organization_people, name="organization-people"),
    path("changes/", audit_api.organization_changes, name="organization-changes"),
]
TEAM = [
    path("export/", exports_api.TeamExport.as_view(), name="team-export"),
    path("load/", planner_api.team_load, name="team-load"),
    path("settings/", planner_api.team_settings, name="team-settings"),
    path("members/", planner_api.team_members, name="team-members"),
    path("members/<int:pk>/", planner_api.team_member, name="team-member"),
    path("profile/", qualification_api.team_profile, name="team-profile"),
    path("privileges/", ladder_api.team_privileges, name="team-privileges"),
]
ME = [
    path("", me, name="api-me"),
    path("token/", my_token, name="api-my-token"),
    path("sign-out-everywhere/", sign_out_everywhere, name="api-sign-out-everywhere"),
]
RECYCLE_BIN = [
    path("", recycle_api.recycle_bin, name="recycle-bin"),
    path("clients/<int:pk>/restore/", recycle_api.client_restore, name="recycle-bin-client-restore"),
    path("organizations/<int:pk>/restore/", recycle_api.organization_restore, name="recycle-bin-organization-restore"),
]
AGENDA = [
    path("", planner_api.agenda, name="agenda"),
    path("week/", planner_api.agenda_week, name="agenda-week"),
]
CALENDAR_FEEDS = [
    path("", planner_api.calendar_feeds, name="calendar-feeds"),
    path("<int:pk>/revoke/", planner_api.calendar_feed_revoke, name="calendar-feed-revoke"),
]
LADDER = [
    path("suggestions/", ladder_api.suggestions, name="ladder-suggestions"),
    path("overrides/", ladder_api.overrides, name="ladder-overrides"),
]
REPORTS = [
    path("<slug:name>/", reports_api.report, name="report"),
    path("<slug:name>/clients/", reports_api.clients, name="report-clients"),
]

urlpatterns = [
    path("reports/", include(REPORTS)),
    path("clients/<int:pk>/", include(CLIENT)),
    path("clients/export/", exports_api.ClientsExport.as_view(), name="clients-export"),
    path("organizations/<int:pk>/", include(ORGANIZATION)),
    path("team/", include(TEAM)),
    path("agenda/", include(AGENDA)),
    path("me/", include(ME)),
    path("auth/token/", ObtainToken.as_view(), name="api-token"),
    path("duplicates/", duplicates_api.duplicates, name="duplicates"),
    path("places/", places_list, name="places"),
    path("corporate/grid/", corporate_grid, name="corporate-grid"),
    path("recycle-bin/", include(RECYCLE_BIN)),
    path("calendar-feeds/", include(CALENDAR_FEEDS)),
    path("ladder/", include(LADDER)),
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),  # no inline script
    path("", include(router.urls)),
]
