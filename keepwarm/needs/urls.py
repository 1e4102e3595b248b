from django.urls import path

from keepwarm.needs import views

app_name = "needs"
urlpatterns = [
    path("needs/templates/", views.questionnaire_list, name="questionnaires"),
    path("needs/templates/<int:pk>/", views.questionnaire_detail, name="questionnaire"),
    path("needs/templates/<int:pk>/questions/<int:question_pk>/", views.question_edit, name="question-edit"),
    path("clients/<int:pk>/needs/", views.client_needs, name="client"),
    path(
        "clients/<int:pk>/needs/<int:questionnaire_pk>/answers/<int:question_pk>/",
        views.client_answer,
        name="answer",
    ),
]
