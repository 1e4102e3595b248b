"""The signed-in user's own settings (language, time zone) over the API."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from keepwarm.accounts.models import User
from keepwarm.accounts.services import user_update_preferences


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
