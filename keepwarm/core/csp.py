"""django-csp's middleware, with the policy that no view changes built once per settings instead of on each
response (0.1 ms a request, issue 12); a view's own policy (core.api's browsable pages) or a nonce is still built
each time by django-csp itself."""

from __future__ import annotations

from functools import cache
from typing import Any

from csp import middleware
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpRequest, HttpResponseBase

PER_RESPONSE = ("_csp_config", "_csp_update", "_csp_replace", "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro")
POLICIES = {HEADER: "CONTENT_SECURITY_POLICY", HEADER_REPORT_ONLY: "CONTENT_SECURITY_POLICY_REPORT_ONLY"}
EXEMPT = {HEADER: "_csp_exempt", HEADER_REPORT_ONLY: "_csp_exempt_ro"}


@cache
def _headers() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Each header's settings-wide policy with the path prefixes it leaves out."""
    built = {HEADER: build_policy(), HEADER_REPORT_ONLY: build_policy(report_only=True)}
    return {
        header: (policy, tuple((getattr(settings, POLICIES[header], None) or {}).get("EXCLUDE_URL_PREFIXES") or ()))
        for header, policy in built.items()
        if policy
    }


def _forget(*, setting: str, **kwargs: Any) -> None:
    if setting in POLICIES.values():
        _headers.cache_clear()


setting_changed.connect(_forget)


class CSPMiddleware(middleware.CSPMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        nonce = getattr(request, "_csp_nonce", None)
        if nonce is not None or any(getattr(response, name, None) is not None for name in PER_RESPONSE):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in (500, 404):  # Django's debug pages, as django-csp leaves them
            return response
        for header, (policy, excluded) in _headers().items():
            exempt = getattr(response, EXEMPT[header], False) is not False
            if header not in response and not exempt and not request.path_info.startswith(excluded):
                response[header] = policy
        request.csp_nonce = middleware.CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response
