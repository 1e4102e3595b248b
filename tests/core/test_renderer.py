"""core.renderer writes Django's widget and label templates out in Python: the HTML must stay Django's own."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from keepwarm.core.renderer import FAST_RENDERER

CHOICES = [("", "—"), ("a&b", "A <b>&</b> B"), ("c", "C")]


class Everything(forms.Form):
    text = forms.CharField(label="Name & <title>", max_length=20, help_text="x")
    optional = forms.CharField(required=False, label=mark_safe("<em>safe</em>"))
    number = forms.IntegerField(min_value=1, max_value=10**6)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date", "data-x": '"quoted"'}))
    flag = forms.BooleanField(required=False, label="Tick?")
    pick = forms.ChoiceField(choices=CHOICES)
    grouped = forms.ChoiceField(choices=[("Group <1>", [("1", "One"), ("2", "Two")]), ("3", "Three")])
    many = forms.MultipleChoiceField(choices=CHOICES[1:], required=False)
    ticks = forms.MultipleChoiceField(choices=CHOICES[1:], required=False, widget=forms.CheckboxSelectMultiple)
    grouped_ticks = forms.MultipleChoiceField(
        choices=[("Group <1>", [("1", "One"), ("2", "Two")]), ("3", "Three")],
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "c&d"}),
    )
    radio = forms.ChoiceField(choices=CHOICES[1:], required=False, widget=forms.RadioSelect)
    note = forms.CharField(widget=forms.Textarea, required=False)
    hidden = forms.IntegerField(widget=forms.HiddenInput, required=False)
    mail = forms.EmailField(required=False, disabled=True)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)


def rendered(form: forms.Form) -> list[str]:
    return [f"{field.label_tag()}|{field}|{field.as_hidden()}" for field in form]


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {
            "text": 'O\'Brien "<x>"',
            "number": "12",
            "day": "2026-03-04",
            "flag": "on",
            "pick": "a&b",
            "grouped": "2",
            "many": ["a&b", "c"],
            "ticks": ["c"],
            "grouped_ticks": ["2", "3"],
            "radio": "a&b",
            "note": "line\n<two>",
            "hidden": "7",
            "secret": "<s>",
        },
    ],
)
def test_the_fast_renderer_writes_what_djangos_templates_write(data):
    initial = {"day": dt.date(2026, 1, 2), "pick": "c", "flag": True, "note": "", "hidden": 3}
    django_html = rendered(Everything(data, initial=initial, renderer=DjangoTemplates(), auto_id="f_%s"))
    fast_html = rendered(Everything(data, initial=initial, renderer=FAST_RENDERER, auto_id="f_%s"))
    assert fast_html == django_html
    no_ids = Everything(data, auto_id=False)
    assert rendered(Everything(data, auto_id=False, renderer=FAST_RENDERER)) == rendered(no_ids)
