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
    ready = forms.BooleanField(label="Ready?", required=False)
    ticks = forms.MultipleChoiceField(
        label="Ticks", choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple, required=False
    )
    own_id = forms.CharField(label="Own id", widget=forms.TextInput(attrs={"id": "custom"}), required=False)
    suffixed = forms.CharField(label="Suffixed", label_suffix=" →", required=False)


class FastSample(Sample):
    default_renderer = FAST_RENDERER


class RequiredClass(FastSample):
    required_css_class = "required"


class NoSuffix(FastSample):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, label_suffix="", **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("form_class", [Sample, FastSample, RequiredClass, NoSuffix])
@pytest.mark.parametrize("data", [None, {"name": "too long <x>", "channel": "nope"}, {"name": "ok", "agree": "on"}])
@pytest.mark.parametrize("auto_id", ["id_%s", False])
def test_form_field_writes_what_the_field_template_wrote(language, form_class, data, auto_id):
    reference, tag = engines["django"].from_string(REFERENCE), engines["django"].from_string(FIELD)
    with translation.override(language):
        form = form_class(data, auto_id=auto_id)
        form.is_valid()
        for field in form:
            assert tag.render({"field": field}) == reference.render({"field": field}), field.name


def test_a_list_of_checkboxes_has_its_label_above_it_and_a_single_box_beside_it():
    """The planner settings' working days showed their label to the right of the list, as a lone box's is."""
    form, tag = FastSample(), engines["django"].from_string(FIELD)
    ticks, ready = tag.render({"field": form["ticks"]}), tag.render({"field": form["ready"]})
    assert ticks.index("Ticks") < ticks.index('type="checkbox"')
    assert 'class="field"' in ticks
    assert ready.index('type="checkbox"') < ready.index("Ready?")
    assert 'class="field check"' in ready


def test_the_help_is_the_element_the_widget_says_describes_it():
    """Django gives a widget with help aria-describedby="<id>_helptext": a screen reader reads the help only if an
    element has that id."""
    html = engines["django"].from_string(FIELD).render({"field": FastSample()["name"]})
    described = html.split('aria-describedby="')[1].split('"')[0]
    assert f'<small class="muted" id="{described}">' in html
