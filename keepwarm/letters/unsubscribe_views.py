"""The unsubscribe page a letter's link opens: no sign-in, the letter's language; GET asks, POST (the page's button
or a mail program's one-click POST, RFC 8058) records it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from keepwarm.letters.unsubscribe import letter_for_token, letters_opt_out, opted_out

TEMPLATE = "letters/unsubscribe.html"


@csrf_exempt  # the signed token is the proof; a mail program's one-click POST carries no CSRF token
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    letter = letter_for_token(token)
    if letter is None:
        return render(request, TEMPLATE, {"state": "invalid"}, status=404)
    with translation.override(letter.language):
        if request.method == "POST":
            return render(request, TEMPLATE, {"state": "done", "opt_out": letters_opt_out(letter=letter)})
        opt_out = opted_out(letter)
        return render(request, TEMPLATE, {"state": "done" if opt_out else "ask", "opt_out": opt_out})
