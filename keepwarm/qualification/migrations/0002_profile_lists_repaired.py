"""The profile page showed its lists as Python's text ("['MD', 'RO']") and a save stored that text split at its
commas ("['MD'", "'RO']"), growing brackets and quotes at every further save. Their words are recovered by
stripping those from both ends. The team's scorecards follow the repaired profile at its next save (the settings
page's Save re-scores the team)."""

from django.db import migrations

LISTS = ("target_verticals", "other_scheme_verticals", "territories", "countries")
DEBRIS = "[]'\" "


def _repaired(words: list[str], *, upper: bool) -> list[str]:
    kept = {word.strip(DEBRIS) for word in words if isinstance(word, str)}
    return sorted(word.upper() if upper else word for word in kept if word)


def repair(apps, schema_editor):
    profiles = apps.get_model("qualification", "IdealCustomerProfile")
    for row in profiles.objects.all():
        changed = []
        for name in LISTS:
            words = getattr(row, name) or []
            repaired = _repaired(words, upper=name == "countries")
            if repaired != words:
                setattr(row, name, repaired)
                changed.append(name)
        if changed:
            row.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("qualification", "0001_initial")]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
