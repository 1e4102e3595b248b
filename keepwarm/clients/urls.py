from django.urls import path

from keepwarm.clients import duplicates_views, recycle_views, views

app_name = "clients"
urlpatterns = [
    path("clients/", views.client_list, name="list"),
    path("clients/new/", views.client_create, name="create"),
    path("clients/reassign/", views.clients_reassign, name="reassign"),
    path("clients/options/", views.client_options, name="client-options"),
    path("clients/duplicates/", duplicates_views.duplicates, name="duplicates"),
    path("clients/<int:pk>/merge/", duplicates_views.merge, name="merge"),
    path("clients/<int:pk>/", views.client_detail, name="detail"),
    path("clients/<int:pk>/edit/", views.client_edit, name="edit"),
    path("clients/<int:pk>/category/", views.client_category, name="category"),
    path("organizations/", views.organization_list, name="organizations"),
    path("organizations/new/", views.organization_create, name="organization-create"),
    path("organizations/options/", views.organization_options, name="organization-options"),
    path("organizations/<int:pk>/edit/", views.organization_edit, name="organization-edit"),
    path("clients/<int:pk>/delete/", recycle_views.client_delete, name="delete"),
    path("clients/<int:pk>/forget/", recycle_views.client_forget, name="forget"),
    path("organizations/<int:pk>/delete/", recycle_views.organization_delete, name="organization-delete"),
    path("recycle-bin/", recycle_views.recycle_bin, name="recycle-bin"),
    path("recycle-bin/clients/<int:pk>/restore/", recycle_views.client_restore, name="client-restore"),
    path(
        "recycle-bin/organizations/<int:pk>/restore/",
        recycle_views.organization_restore,
        name="organization-restore",
    ),
]
