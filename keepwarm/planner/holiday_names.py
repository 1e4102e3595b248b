"""Holiday names the `holidays` package has no words for in the reader's language (LANG-1): Moldova's and Romania's
in Russian, Russia's, Belarus' and Kazakhstan's in Romanian. Our own catalogs translate them, keyed by the package's
English name; a reason keeps that name and is worded when it is shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from keepwarm.core.l10n import gettext_noop

# The English names as the package spells them; "A; B" (two holidays on one day) and "(observed)" are split off.
HOLIDAY_NAMES = frozenset(
    {
        gettext_noop("Capital Day"),
        gettext_noop("Catholic Christmas Day"),
        gettext_noop("Catholic Easter"),
        gettext_noop("Children's Day"),
        gettext_noop("Christmas Day"),
        gettext_noop("Christmas Day (by new style)"),
        gettext_noop("Christmas Day (by old style)"),
        gettext_noop("Constitution Day"),
        gettext_noop("Day of Rejoicing"),
        gettext_noop("Defender of the Fatherland Day"),
        gettext_noop("Dormition of the Mother of God"),
        gettext_noop("Easter"),
        gettext_noop("Eid al-Adha"),
        gettext_noop("Epiphany"),
        gettext_noop("Europe Day"),
        gettext_noop("Good Friday"),
        gettext_noop("Holiday of Spring and Labor"),
        gettext_noop("Independence Day"),
        gettext_noop("Independence Day of the Republic of Belarus (Day of the Republic)"),
        gettext_noop("International Children's Day"),
        gettext_noop("International Women's Day"),
        gettext_noop("International Workers' Solidarity Day"),
        gettext_noop("Kazakhstan's People Solidarity Holiday"),
        gettext_noop("National Day"),
        gettext_noop("National Language Day"),
        gettext_noop("New Year Holidays"),
        gettext_noop("New Year's Day"),
        gettext_noop("Nowruz Holiday"),
        gettext_noop("October Revolution Day"),
        gettext_noop("Orthodox Christmas"),
        gettext_noop("Orthodox Christmas Day"),
        gettext_noop("Orthodox Easter"),
        gettext_noop("Pentecost"),
        gettext_noop("Radunitsa (Day of Rejoicing)"),
        gettext_noop("Republic Day"),
        gettext_noop("Republic of Moldova Independence Day"),
        gettext_noop("Russia Day"),
        gettext_noop("Saint Andrew's Day"),
        gettext_noop("Saint John the Baptist"),
        gettext_noop("Unification of the Romanian Principalities Day"),
        gettext_noop("Unity Day"),
        gettext_noop("Victory Day"),
        gettext_noop("Victory Day and Commemoration of the heroes fallen for Independence of Fatherland"),
        gettext_noop("Women's Day"),
    }
)
_OBSERVED = re.compile(r"^(?P<name>.+) \((?P<how>observed|estimated)\)$")
_SUBSTITUTED = re.compile(r"^Day off \(substituted from (?P<month>\d\d)/(?P<day>\d\d)/(?P<year>\d{4})\)$")
_HOW = {"observed": gettext_noop("%(name)s (day off moved)"), "estimated": gettext_noop("%(name)s (expected date)")}


def holiday_name_worded(name: str, gettext: Callable[[str], str], day_text: Callable[[date], str]) -> str:
    """The package's English name in the reader's words, part by part; a part we do not know stays as it is."""
    return "; ".join(_part(part, gettext, day_text) for part in name.split("; "))


def _part(part: str, gettext: Callable[[str], str], day_text: Callable[[date], str]) -> str:
    substituted = _SUBSTITUTED.match(part)
    if substituted:
        moved_from = date(int(substituted["year"]), int(substituted["month"]), int(substituted["day"]))
        return gettext(gettext_noop("Day off instead of %(day)s")) % {"day": day_text(moved_from)}
    observed = _OBSERVED.match(part)
    if observed:
        inner = _part(observed["name"], gettext, day_text)
        return gettext(_HOW[observed["how"]]) % {"name": inner}
    return gettext(part) if part in HOLIDAY_NAMES else part
