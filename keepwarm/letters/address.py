"""How a letter addresses the client (LANG-1): formal, by first name and patronymic in Russian where there is one,
"Stimate domnule/Stimată doamnă" in Romanian, "Dear Mr/Ms" in English; neutral when the form of address is unknown."""

from __future__ import annotations

MR, MS = "mr", "ms"
# Patronymic endings: Иванович, Ильич / Ивановна, Ильинична, Фоминична (and their Latin spellings).
_MALE_ENDINGS = ("вич", "ич", "vich", "vici", "ici", "ich")
_FEMALE_ENDINGS = ("вна", "чна", "vna", "chna", "cina")


def form_of_address(form: str, patronymic: str) -> str:
    """ "mr", "ms" or "" (unknown): the client's own setting, else read from the patronymic's ending."""
    if form in (MR, MS):
        return form
    ending = patronymic.strip().lower()
    if not ending:
        return ""
    if ending.endswith(_FEMALE_ENDINGS):
        return MS
    if ending.endswith(_MALE_ENDINGS):
        return MR
    return ""


def salutation(language: str, first_name: str, last_name: str, patronymic: str, form: str = "") -> str:
    """The letter's first line, e.g. "Уважаемый Иван Петрович!", "Stimată doamnă Popescu,", "Dear Mr Smith,"."""
    gender = form_of_address(form, patronymic)
    first, last, patronymic = first_name.strip(), last_name.strip(), patronymic.strip()
    if language == "ru":
        return _russian(gender, first, last, patronymic)
    if language == "ro":
        if gender and last:
            return f"Stimate domnule {last}," if gender == MR else f"Stimată doamnă {last},"
        return f"Bună ziua, {_joined(first, last)},".replace(" ,", ",") if first or last else "Bună ziua,"
    if gender and last:
        return f"Dear Mr {last}," if gender == MR else f"Dear Ms {last},"
    return f"Dear {_joined(first, last)}," if first or last else "Hello,"


def _russian(gender: str, first: str, last: str, patronymic: str) -> str:
    dear = {MR: "Уважаемый", MS: "Уважаемая"}.get(gender)
    if first and patronymic:
        name = f"{first} {patronymic}"
        return f"{dear} {name}!" if dear else f"Здравствуйте, {name}!"
    if dear and last:
        return f"{dear} {'господин' if gender == MR else 'госпожа'} {last}!"
    name = _joined(first, last)
    return f"Здравствуйте, {name}!" if name else "Здравствуйте!"


def _joined(*parts: str) -> str:
    return " ".join(part for part in parts if part)
