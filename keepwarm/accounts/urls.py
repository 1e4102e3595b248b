from django.contrib.auth import views as auth_views
from django.urls import path

from keepwarm.accounts import views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password-reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("account/access/", views.access_page, name="access"),
    path("account/tokens/<str:prefix>/revoke/", views.token_revoke, name="token-revoke"),
    path("account/logout-everywhere/", views.sign_out_everywhere, name="logout-everywhere"),
    path("language/", views.switch_language, name="switch-language"),
]
