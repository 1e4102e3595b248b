"""A select filled by search as the user types (htmx), for records a team has thousands of: the form holds only
the picked record or a search's matches, and a search typed without picking decides when it names one record.
The client form picks its organization with it; the deal and journal forms pick their client."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from keepwarm.clients.contacts import fold

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

SHOWN = 20  # the picker lists this many matches; typing more of the name narrows them


@dataclass(frozen=True)
class SearchPicker:
    """What one picker searches and says. `search(queryset, q=...)` keeps the rows whose every word matches."""

    field: str  # the model choice field it fills, e.g. "organization"
    url_name: str  # the htmx endpoint answering with <option>s (options_response)
    search: Callable[..., QuerySet[Any]]
    order: tuple[str, ...]
    label: _StrPromise  # the search box's label
    help_text: _StrPromise
    no_match: _StrPromise  # each with %(search)s
    many_match: _StrPromise
    several_match: _StrPromise

    @property
    def search_field(self) -> str:
        return f"{self.field}_search"

    def matches(self, queryset: QuerySet[Any], q: str) -> list[Any]:
        """A search's matches in order; one more than shown tells that there are more."""
        return list(self.search(queryset, q=q).order_by(*self.order)[: SHOWN + 1])

    def choices(self, queryset: QuerySet[Any], *, q: str, picked: int | None) -> tuple[list[Any], bool]:
        """The options and whether more match: a search's matches (the picked one kept when it matches too), or
        without a search just the picked one. The form and its htmx endpoint both show these."""
        if not fold(q).split():
            return (list(queryset.filter(pk=picked)) if picked else []), False
        matches = self.matches(queryset, q)
        shown = matches[:SHOWN]
        if picked and all(row.pk != picked for row in shown):
            shown += self.search(queryset.filter(pk=picked), q=q)
        return shown, len(matches) > SHOWN

    def message(self, text: _StrPromise, q: str) -> str:
        return str(text) % {"search": q}


class _PickerChoices(ModelChoiceIterator):
    """The select's options: only what the picker shows, never the whole queryset."""

    def __init__(self, field: forms.ModelChoiceField, shown: Callable[[], list[Any]]) -> None:
        super().__init__(field)
        self.shown = shown

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        yield ("", self.field.empty_label or "")
        for row in self.shown():
            yield self.choice(row)

    def __len__(self) -> int:
        return 1 + len(self.shown())

    def __bool__(self) -> bool:
        return True


class SearchPickerForm(forms.BaseForm):
    """Mixed into a form whose __init__ calls add_picker for each picked field."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._pickers: dict[str, SearchPicker] = {}
        self._shown: dict[str, list[Any]] = {}
        self._required: dict[str, bool] = {}
        super().__init__(*args, **kwargs)

    def add_picker(self, picker: SearchPicker, queryset: QuerySet[Any]) -> None:
        """Narrow the field to what the user may pick (OWN-1) and put the search box before it."""
        field = self.fields[picker.field]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset
        # A required pick may come from the search, so it is checked after the search is read (clean).
        self._required[picker.field], field.required = field.required, False
        field.widget.choices = _PickerChoices(field, lambda: self.picker_shown(picker))
        url = reverse(picker.url_name)
        current = self[picker.field].value()  # the saved or passed-in pick
        if str(current or "").isdigit():
            url += f"?current={current}"
        search = forms.CharField(
            label=picker.label,
            required=False,
            max_length=200,
            help_text=picker.help_text,
            widget=forms.TextInput(
                attrs={
                    "type": "search",
                    "autocomplete": "off",
                    "aria-controls": f"id_{picker.field}",
                    "hx-get": url,
                    "hx-trigger": "input changed delay:250ms, search",
                    "hx-target": f"#id_{picker.field}",
                    "hx-include": f"#id_{picker.field}",
                    "hx-sync": "this:replace",
                }
            ),
        )
        fields: dict[str, forms.Field] = {}
        for name, each in self.fields.items():
            if name == picker.field:
                fields[picker.search_field] = search
            fields[name] = each
        self.fields = fields
        self._pickers[picker.field] = picker

    def picker_shown(self, picker: SearchPicker) -> list[Any]:
        """The options the form shows, as the htmx endpoint would for the same search and pick."""
        if picker.field not in self._shown:
            picked = str(self[picker.field].value() or "")
            self._shown[picker.field], _more = picker.choices(
                self._queryset(picker),
                q=self[picker.search_field].value() or "",
                picked=int(picked) if picked.isdigit() else None,
            )
        return self._shown[picker.field]

    def _queryset(self, picker: SearchPicker) -> QuerySet[Any]:
        return self.fields[picker.field].queryset  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        """A typed search decides unless the record picked matches it: without JavaScript (or after Enter) the
        search is the user's choice, so a single match is taken and several or none are an error on the field,
        never a silent keep of the old pick."""
        cleaned = super().clean() or {}
        for picker in self._pickers.values():
            search = cleaned.get(picker.search_field, "")
            picked = cleaned.get(picker.field)
            if not search or picker.field in self.errors:
                continue
            queryset = self._queryset(picker)
            if picked is not None and picker.search(queryset.filter(pk=picked.pk), q=search).exists():
                continue
            matches = picker.matches(queryset, search)
            exact = [match for match in matches if fold(str(match)).split() == fold(search).split()]
            if len(matches) == 1 or len(exact) == 1:
                cleaned[picker.field] = exact[0] if len(exact) == 1 else matches[0]
            elif not matches:
                self.add_error(picker.field, picker.message(picker.no_match, search))
            elif len(matches) > SHOWN:
                self.add_error(picker.field, picker.message(picker.many_match, search))
            else:
                self.add_error(picker.field, picker.message(picker.several_match, search))
        for name, required in self._required.items():
            if required and cleaned.get(name) is None and name not in self.errors:
                self.add_error(name, self.fields[name].error_messages["required"])
        return cleaned


def options_response(request: HttpRequest, picker: SearchPicker, queryset: QuerySet[Any]) -> HttpResponse:
    """The <option>s a picker asks for as the user types: the matches within `queryset` (OWN-1, the caller's),
    or the picked (else the saved) one when the search is empty."""
    q = request.GET.get(picker.search_field, "").strip()
    picked = next((value for value in request.GET.getlist(picker.field) if value.isdigit()), "")
    current = request.GET.get("current", "")
    chosen = int(picked) if picked else (int(current) if current.isdigit() and not q else None)
    shown, more = picker.choices(queryset, q=q, picked=chosen)
    if all(row.pk != chosen for row in shown):
        # A single match is what saving would pick, so it is shown picked; otherwise nothing is.
        chosen = shown[0].pk if len(shown) == 1 and not more else None
    context = {
        "shown": shown,
        "chosen": chosen,
        "no_match": picker.message(picker.no_match, q) if q and not shown else "",
        "many_match": picker.message(picker.many_match, q) if more else "",
    }
    return render(request, "clients/_picker_options.html", context)
