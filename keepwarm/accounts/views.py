"""Sign-in pages, the user's access page (API tokens, log out everywhere) and the language switch (LANG-1)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from keepwarm.accounts import services
from keepwarm.accounts.models import User
from keepwarm.accounts.services import user_update_preferences

TOKEN_PREFIX = 8  # enough of a token's key to tell it apart on the page, too little to use it


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
def access_page(request: HttpRequest) -> HttpResponse:
    """The user's API tokens (create, revoke) and "log out everywhere"."""
    user = _user(request)
    if request.method == "POST":
        token = services.token_create(user=user)
        messages.success(request, _("Your new API token (shown once, copy it now): %(key)s") % {"key": token.key})
        return redirect("access")
    tokens = [
        {"prefix": token.key[:TOKEN_PREFIX], "created": token.created}
        for token in Token.objects.filter(user=user).order_by("-created")
    ]
    return render(request, "registration/access.html", {"tokens": tokens})


@login_required
@require_POST
def token_revoke(request: HttpRequest, prefix: str) -> HttpResponse:
    if services.token_revoke(user=_user(request), key_prefix=prefix):
        messages.success(request, _("The API token no longer works."))
    else:
        messages.error(request, _("No such API token."))
    return redirect("access")


@login_required
@require_POST
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    services.user_sign_out_everywhere(user=_user(request))
    logout(request)
    messages.success(request, _("You were logged out on every device, and your API tokens were revoked."))
    return redirect(settings.LOGIN_URL)


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language not in dict(settings.LANGUAGES):
        return response
    if isinstance(request.user, User) and request.user.is_authenticated:
        user_update_preferences(user=request.user, language=language)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax")
    return response
