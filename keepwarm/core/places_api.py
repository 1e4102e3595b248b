"""GET /api/places/: the countries and time zones the forms offer, named in the reader's language, so a program
builds the same pick lists the pages show (the API itself takes and gives the codes)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from keepwarm.core import places


class CountryOutput(serializers.Serializer[Any]):
    code = serializers.CharField(help_text="ISO 3166 code, as clients and organizations take it")
    name = serializers.CharField(help_text="In the reader's language")


class TimeZoneOutput(serializers.Serializer[Any]):
    id = serializers.CharField(help_text="IANA zone id, as clients, organizations and users take it")
    name = serializers.CharField(help_text='"Country" or "Country — City", in the reader\'s language')


class PlacesOutput(serializers.Serializer[Any]):
    countries = CountryOutput(many=True)
    time_zones = TimeZoneOutput(many=True)


@extend_schema(responses=PlacesOutput, summary="Countries and time zones with their names, in the reader's order")
@api_view(["GET"])
def places_list(request: Request) -> Response:
    return Response(
        {
            "countries": [{"code": code, "name": name} for code, name in places.country_choices()],
            "time_zones": [{"id": zone, "name": name} for zone, name in places.zone_choices()],
        }
    )
