"""A form field's markup (written out in Python since issue 15) is what components/ui.html#field's template nodes
wrote, for inputs, checkboxes, selects and text areas, with and without help, errors and ids, in each language."""

from __future__ import annotations

from pathlib import Path

import pytest
from django import forms
from django.template import engines
from django.utils import translation

from keepwarm.core.renderer import FAST_RENDERER

REFERENCE = "{% load i18n %}" + (Path(__file__).parent / "form_field_reference.html").read_text()
FIELD = "{% load keepwarm_ui %}{% form_field field %}"


class Sample(forms.Form):
    name = forms.CharField(label="Name <b>", max_length=5, help_text="Your <name> & more")
    agree = forms.BooleanField(label="Agree", required=True)
    channel = forms.ChoiceField(label="Channel", choices=[("call", "Call"), ("letter", "Letter & co")])
    notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    day = forms.DateField(label="Day", widget=forms.DateInput(attrs={"type": "date"}), required=False)


class FastSample(Sample):
    default_renderer = FAST_RENDERER


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("form_class", [Sample, FastSample])
@pytest.mark.parametrize("data", [None, {"name": "too long <x>", "channel": "nope"}, {"name": "ok", "agree": "on"}])
@pytest.mark.parametrize("auto_id", ["id_%s", False])
def test_form_field_writes_what_the_field_template_wrote(language, form_class, data, auto_id):
    reference, tag = engines["django"].from_string(REFERENCE), engines["django"].from_string(FIELD)
    with translation.override(language):
        form = form_class(data, auto_id=auto_id)
        form.is_valid()
        for field in form:
            assert tag.render({"field": field}) == reference.render({"field": field}), field.name
