"""The signed-in user's own settings (language, time zone) and their API token over the API."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import api_view
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from keepwarm.accounts.lockout import lockout_message, retry_after_seconds
from keepwarm.accounts.models import User
from keepwarm.accounts.services import user_update_preferences
from keepwarm.accounts.throttling import AnonRateThrottle


class MeSerializer(serializers.ModelSerializer[User]):
    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "email",
            "role",
            "team",
            "language",
            "time_zone",
        ]
        read_only_fields = ["id", "username", "role", "team"]


@extend_schema(request=MeSerializer, responses=MeSerializer)
@api_view(["GET", "PATCH"])
def me(request: Request) -> Response:
    user = request.user
    assert isinstance(user, User)
    if request.method == "PATCH":
        serializer = MeSerializer(user, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user_update_preferences(user=user, **serializer.validated_data)
    return Response(MeSerializer(user).data)


class ObtainToken(ObtainAuthToken):
    """POST username and password for the user's API token; refused for a cool-down after repeated failures."""

    throttle_classes = [AnonRateThrottle]  # DRF's view has none: guessing passwords costs the address its budget

    @extend_schema(
        request=AuthTokenSerializer,
        responses={
            200: inline_serializer("ApiToken", {"token": serializers.CharField()}),
            400: OpenApiResponse(description="Wrong username or password."),
            429: OpenApiResponse(description="Locked out for a cool-down (see Retry-After), or over the budget."),
        },
        auth=[],
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        if serializer.is_valid():
            token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
            return Response({"token": token.key})
        if getattr(request, "axes_locked_out", False):  # axes marks the DRF request, which its middleware never sees
            seconds = retry_after_seconds(request)
            return Response(
                {"detail": lockout_message(seconds)},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
                headers={"Retry-After": str(seconds)},
            )
        raise ValidationError(serializer.errors)
