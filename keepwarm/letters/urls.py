from django.urls import path

from keepwarm.letters import template_views, views

app_name = "letters"
urlpatterns = [
    path("letters/", views.outbox_list, name="outbox"),
    path("letters/<int:pk>/", views.letter_detail, name="detail"),
    path("letters/<int:pk>/sent/", views.letter_sent, name="sent"),
    path("letters/<int:pk>/cancel/", views.letter_cancel, name="cancel"),
    path("letters/approve/", views.letters_approve, name="approve"),
    path("letters/awaiting/", views.today_drafts, name="drafts"),
    path("letters/planned/<int:plan_pk>/", views.letter_for_plan, name="for-plan"),
    path("clients/<int:pk>/letters/new/", views.letter_new, name="new"),
    path("clients/<int:pk>/letters/preview/", views.letter_preview, name="preview"),
    path("letters/templates/", template_views.template_list, name="templates"),
    path("letters/templates/edit/", template_views.template_edit, name="template-edit"),
    path("letters/templates/<int:pk>/delete/", template_views.template_delete, name="template-delete"),
    path("letters/templates/settings/", template_views.settings_save, name="settings"),
]
