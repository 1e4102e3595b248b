from django.urls import path

from keepwarm.deals import views

app_name = "deals"
urlpatterns = [
    path("deals/", views.deal_board, name="board"),
    path("deals/new/", views.deal_create, name="create"),
    path("deals/<int:pk>/move/", views.deal_move, name="move"),
    path("organizations/<int:pk>/people/", views.organization_people, name="people"),
    path("corporate/grid/", views.corporate_grid, name="grid"),
]
