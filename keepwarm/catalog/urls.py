from django.urls import path

from keepwarm.catalog import views

app_name = "catalog"
urlpatterns = [
    path("catalog/", views.product_list, name="products"),
    path("catalog/new/", views.product_edit, name="product-create"),
    path("catalog/<int:pk>/", views.product_detail, name="product"),
    path("catalog/<int:pk>/edit/", views.product_edit, name="product-edit"),
    path("catalog/<int:pk>/retry/", views.product_retry, name="product-retry"),
    path("catalog/events/", views.event_list, name="events"),
    path("catalog/events/new/", views.event_edit, name="event-create"),
    path("catalog/events/<int:pk>/", views.event_detail, name="event"),
    path("catalog/events/<int:pk>/edit/", views.event_edit, name="event-edit"),
    path("catalog/events/<int:pk>/invite/<int:client_pk>/", views.event_invite, name="event-invite"),
    path("clients/<int:pk>/offers/", views.client_offers, name="client-offers"),
]
