"""The base of the API's view sets. Apart from core.api, which DRF's settings load while its views are still
being imported (a view set there would import them back)."""

from __future__ import annotations

from typing import Any

from rest_framework import viewsets
from rest_framework.serializers import BaseSerializer

from keepwarm.core.api import request_user


class ScopedViewSet(viewsets.GenericViewSet[Any]):
    """Input serializers only offer related rows the user may see (OWN-1)."""

    input_serializer: type[BaseSerializer[Any]]

    def input(self, data: Any, **kwargs: Any) -> BaseSerializer[Any]:
        serializer = self.input_serializer(data=data, context=self.get_serializer_context(), **kwargs)
        if hasattr(serializer, "scope_relations"):
            serializer.scope_relations(request_user(self.request))
        serializer.is_valid(raise_exception=True)
        return serializer
