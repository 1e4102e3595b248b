"""Web forms for products and events; the services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from keepwarm.accounts.models import User
from keepwarm.catalog.models import Event, Product
from keepwarm.catalog.selectors import products_visible_to
from keepwarm.catalog.tags import tag_names

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TaggedForm(forms.ModelForm[Any]):
    """A form for a row carrying interest tags, typed comma-separated."""

    tags_text = forms.CharField(
        label=_("Interests"), required=False, help_text=_("Comma-separated, e.g. logistics, retail.")
    )
    plain_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["tags_text"].initial = ", ".join(tag.name for tag in self.instance.tags.all())

    def service_fields(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.plain_fields}
        data["tags"] = tag_names(self.cleaned_data.get("tags_text", ""))
        return data


class ProductForm(TaggedForm):
    plain_fields = ("name", "description", "need_class", "active")

    class Meta:
        model = Product
        fields = ["name", "description", "need_class", "active", "related"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        related = self.fields["related"]
        assert isinstance(related, forms.ModelMultipleChoiceField)
        related.queryset = products_visible_to(user).exclude(pk=self.instance.pk or 0)
        related.required = False

    def service_fields(self) -> dict[str, Any]:
        return {**super().service_fields(), "related": list(self.cleaned_data.get("related") or [])}


class EventForm(TaggedForm):
    plain_fields = ("kind", "title", "date", "description")

    class Meta:
        model = Event
        fields = ["kind", "title", "date", "description"]
        widgets = {"date": DATE, "description": forms.Textarea(attrs={"rows": 3})}
