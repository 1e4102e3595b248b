from django.urls import path

from keepwarm.clients import views

app_name = "clients"
urlpatterns = [
    path("clients/", views.client_list, name="list"),
    path("clients/new/", views.client_create, name="create"),
    path("clients/reassign/", views.clients_reassign, name="reassign"),
    path("clients/<int:pk>/", views.client_detail, name="detail"),
    path("clients/<int:pk>/edit/", views.client_edit, name="edit"),
    path("clients/<int:pk>/category/", views.client_category, name="category"),
    path("organizations/", views.organization_list, name="organizations"),
    path("organizations/new/", views.organization_create, name="organization-create"),
    path("organizations/options/", views.organization_options, name="organization-options"),
    path("organizations/<int:pk>/edit/", views.organization_edit, name="organization-edit"),
]
