"""The signed-in user's own settings (language, time zone) and their API token over the API."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from keepwarm.accounts.lockout import lockout_message, retry_after_seconds
from keepwarm.accounts.models import User
from keepwarm.accounts.services import token_create, token_revoke, user_sign_out_everywhere, user_update_preferences
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


class TokenOutput(serializers.Serializer[Any]):
    prefix = serializers.CharField(help_text="The token's first 8 characters, to tell it apart.")
    created = serializers.DateTimeField()
    key = serializers.CharField(required=False, help_text="Only when the token was just created: copy it now.")


def _token_out(token: Token, *, with_key: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"prefix": token.key[:8], "created": token.created}
    if with_key:
        out["key"] = token.key
    return out


@extend_schema(
    methods=["GET"], responses={200: TokenOutput, 404: OpenApiResponse(description="No token.")}, summary="My token"
)
@extend_schema(methods=["POST"], request=None, responses={201: TokenOutput}, summary="A new token (the old one stops)")
@extend_schema(methods=["DELETE"], request=None, responses={204: None}, summary="Revoke my token")
@api_view(["GET", "POST", "DELETE"])
def my_token(request: Request) -> Response:
    """The API token of the signed-in user, as the access page shows it: seen by its prefix, created anew, revoked."""
    user = request.user
    assert isinstance(user, User)
    if request.method == "POST":
        return Response(_token_out(token_create(user=user), with_key=True), status=status.HTTP_201_CREATED)
    token = Token.objects.filter(user=user).first()
    if token is None:
        raise NotFound(_("You have no API token."))
    if request.method == "DELETE":
        token_revoke(user=user, key_prefix=token.key)
        return Response(status=status.HTTP_204_NO_CONTENT)
    return Response(TokenOutput(_token_out(token)).data)


@extend_schema(request=None, responses={204: None}, summary="Sign out everywhere: every session and token ends")
@api_view(["POST"])
def sign_out_everywhere(request: Request) -> Response:
    user = request.user
    assert isinstance(user, User)
    user_sign_out_everywhere(user=user)
    return Response(status=status.HTTP_204_NO_CONTENT)
