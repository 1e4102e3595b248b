"""Organizations and people for the demo, built unsaved from one random.Random so a seed gives the same data."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

import phonenumbers

from keepwarm.accounts.models import Team, User
from keepwarm.clients.choices import DecisionRole, NeverReason, RelationshipGroup
from keepwarm.clients.contacts import fold
from keepwarm.clients.models import Client, Organization
from keepwarm.demo import names

# Share of clients per country; RU is split over its time zones by names.CITIES.
COUNTRY_WEIGHTS = {"RU": 34, "MD": 26, "RO": 18, "UA": 9, "KZ": 7, "DE": 3, "US": 3}
# Story shapes (history.py tells each one); shares of all clients, with at least one of each.
ARCHETYPE_SHARES = {"never": 0.025, "recent_buyer": 0.05, "ready": 0.04, "customer": 0.22}


@dataclass
class Draft:
    """An unsaved client plus what its history needs to know."""

    client: Client
    created_at: dt.datetime
    archetype: str = "prospect"
    interests: list[str] = field(default_factory=list)
    referrer: int | None = None  # index of the referring draft


GEOGRAPHIC_MOBILES = frozenset({"US"})  # mobiles numbered by area, like landlines


def phone(rng: random.Random, country: str, *, landline_prefix: str = "") -> str:
    """A number phonenumbers accepts for the country, in E.164; rejection sampling keeps it simple."""
    code = phonenumbers.country_code_for_region(country)
    length = names.LANDLINE_LENGTH.get(country, names.NATIONAL_LENGTH[country]) if landline_prefix else 0
    length = length or names.NATIONAL_LENGTH[country]
    for _attempt in range(50):
        prefix = landline_prefix or rng.choice(names.MOBILE_PREFIXES[country])
        national = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix)))
        number = phonenumbers.parse(f"+{code}{national}")
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    raise ValueError(f"no valid {country} number starts with {landline_prefix or 'a known mobile prefix'}")


def _slug(text: str) -> str:
    latin = fold(names.translit(text))
    return "".join(ch if ch.isalnum() else "-" for ch in latin).strip("-").replace("--", "-")


def _org_name(rng: random.Random, country: str, taken: set[str]) -> tuple[str, str]:
    """A unique name like ООО «Логистик-Сервис» or SRL Agrotrans, plus its stem for the web site."""
    for _attempt in range(100):
        if country in ("DE", "US"):
            stem = rng.choice(names.WESTERN_NAMES)
        elif country in ("RU", "KZ", "UA"):
            stem = rng.choice(names.CYRILLIC_STEMS) + rng.choice(names.CYRILLIC_ENDINGS)
        else:
            stem = rng.choice(names.LATIN_STEMS) + rng.choice(names.LATIN_ENDINGS)
        form, before = rng.choice(names.ORG_FORMS[country])
        quoted = f"«{stem}»" if country in ("RU", "KZ", "UA") else stem
        name = f"{form} {quoted}" if before else f"{stem} {form}"
        if name not in taken:
            taken.add(name)
            return name, stem
    raise RuntimeError("ran out of organization names")


def build_organizations(
    rng: random.Random, *, team: Team, count: int, today: dt.date, team_language: str = "en"
) -> list[Organization]:
    """Industries are named in the team's language (LANG-1)."""
    countries, weights = zip(*COUNTRY_WEIGHTS.items(), strict=True)
    taken: set[str] = set()
    organizations = []
    for _ in range(count):
        country = rng.choices(countries, weights)[0]
        city, zone, _prefix = rng.choice(names.CITIES[country])
        name, stem = _org_name(rng, country, taken)
        employees = int(rng.lognormvariate(3.6, 1.1)) + 3
        revenue_eur = employees * rng.uniform(20_000, 90_000)
        rate = {"RUB": 100, "MDL": 19, "RON": 5, "UAH": 45, "KZT": 520}.get(names.CURRENCIES[country], 1)
        vertical = vertical_name(rng.choice(list(names.VERTICALS)), team_language)
        organizations.append(
            Organization(
                team=team, name=name, search_name=fold(name), vertical=vertical, employees=employees,
                annual_revenue=Decimal(round(revenue_eur * rate, -3)), revenue_currency=names.CURRENCIES[country],
                country=country, territory=city, time_zone=zone,
                founded_on=today - dt.timedelta(days=rng.randint(3 * 365, 33 * 365)),
                website=f"https://{_slug(stem)}.{names.TLDS[country]}" if rng.random() < 0.7 else "",
            )
        )  # fmt: skip
    return organizations


def _person(rng: random.Random, country: str) -> tuple[str, str, str, str]:
    """(last name, first name, patronymic, language) with gender-correct Russian forms."""
    female = rng.random() < 0.45
    if country == "MD":
        language = "ro" if rng.random() < 0.6 else "ru"
    else:
        language = {"RU": "ru", "UA": "ru", "KZ": "ru", "RO": "ro"}.get(country, "en")
    if language == "ro":
        first = rng.choice(names.RO_FEMALE if female else names.RO_MALE)
        return rng.choice(names.RO_SURNAMES), first, "", language
    if country == "DE":
        return (
            rng.choice(names.DE_SURNAMES),
            rng.choice(names.DE_FEMALE if female else names.DE_MALE),
            "",
            "en",
        )
    if country == "US":
        return (
            rng.choice(names.US_SURNAMES),
            rng.choice(names.US_FEMALE if female else names.US_MALE),
            "",
            "en",
        )
    kazakh = country == "KZ" and rng.random() < 0.6
    if kazakh:
        first = rng.choice(names.KZ_FEMALE if female else names.KZ_MALE)
        surname = rng.choice(names.KZ_SURNAMES)
    else:
        first = rng.choice(names.RU_FEMALE if female else names.RU_MALE)
        surname = rng.choice(names.UA_SURNAMES if country == "UA" and rng.random() < 0.6 else names.RU_SURNAMES)
    patronymic = names.RU_FATHER_NAMES[rng.choice(list(names.RU_FATHER_NAMES))][1 if female else 0]
    return names.feminine_surname(surname) if female else surname, first, patronymic, language


def _birthday(rng: random.Random, index: int, today: dt.date) -> dt.date | None:
    if index % 97 == 13:  # a few leap-day birthdays, so greetings get tested on them
        return dt.date(rng.choice((1964, 1972, 1980, 1988, 1996)), 2, 29)
    if rng.random() < 0.2:
        return None
    return today - dt.timedelta(days=rng.randint(23 * 365, 64 * 365))


def _owner(rng: random.Random, language: str, owners: dict[str, User]) -> User:
    """Russian speakers mostly go to maria, Romanian speakers to ion; the lead keeps a few accounts."""
    roll = rng.random()
    if roll < 0.1:
        return owners["lead"]
    preferred, other = ("maria", "ion") if language == "ru" else ("ion", "maria")
    return owners[preferred] if roll < 0.8 else owners[other]


def _archetypes(rng: random.Random, count: int) -> list[str]:
    shapes: list[str] = []
    for shape, share in ARCHETYPE_SHARES.items():
        shapes += [shape] * max(1, round(count * share))
    shapes += ["prospect"] * max(0, count - len(shapes))
    rng.shuffle(shapes)
    return shapes[:count]


def build_clients(
    rng: random.Random, *, owners: dict[str, User], organizations: list[Organization], count: int,
    now: dt.datetime, team_language: str = "en",
) -> list[Draft]:  # fmt: skip
    """About 80% of people work in an organization; the rest buy for themselves. Interests are named in the
    team's language, as its organizations' industries are."""
    today = now.date()
    countries, weights = zip(*COUNTRY_WEIGHTS.items(), strict=True)
    shapes = _archetypes(rng, count)
    liquidated = {id(org) for org in organizations[: max(1, len(organizations) // 80)]} if organizations else set()
    members: dict[int, int] = {}
    used_emails: set[str] = set()
    drafts: list[Draft] = []
    for index in range(count):
        organization = rng.choice(organizations) if organizations and rng.random() < 0.8 else None
        country = organization.country if organization else rng.choices(countries, weights)[0]
        _city, zone, landline = rng.choice(names.CITIES[country])
        last, first, patronymic, language = _person(rng, country)
        # A US number belongs to its area as its landline does: a New York one with Chicago's zone misleads.
        phones = [phone(rng, country, landline_prefix=landline if country in GEOGRAPHIC_MOBILES else "")]
        if rng.random() < 0.4:
            phones.append(phone(rng, country, landline_prefix=landline))
        local = f"{fold(names.translit(first))[0]}.{_slug(last)}"
        domain = organization.website.removeprefix("https://") if organization and organization.website else ""
        email = f"{local}@{domain or rng.choice(names.MAIL_DOMAINS[language])}".lower()
        if email in used_emails:  # two people never share an address: the duplicates page would list them
            email = email.replace("@", f"{index}@", 1)
        used_emails.add(email)
        emails = [email]
        role = ""
        if organization is not None:
            seen = members.get(id(organization), 0)
            members[id(organization)] = seen + 1
            role = DecisionRole.DECISION_MAKER if seen == 0 else rng.choice(DecisionRole.values)
        group = rng.choices(
            [RelationshipGroup.PROSPECT, RelationshipGroup.DISTRIBUTOR, RelationshipGroup.ACQUAINTANCE],
            [85, 5, 10],
        )[0]
        shape = "never" if organization is not None and id(organization) in liquidated else shapes[index]
        client = Client(
            owner=_owner(rng, language, owners), organization=organization, decision_role=role,
            last_name=last, first_name=first, patronymic=patronymic,
            position=names.POSITIONS[role][language] if role else "", phones=phones, emails=emails,
            birthday=_birthday(rng, index, today), language=language, country=country,
            time_zone="" if organization is not None else zone, relationship_group=group,
        )  # fmt: skip
        if shape == "never":
            liquidated_org = organization is not None and id(organization) in liquidated
            client.never_reason = (
                NeverReason.LIQUIDATED if liquidated_org else rng.choice([NeverReason.DECEASED, NeverReason.GONE])
            )
        if shape == "prospect" and rng.random() < 0.015:
            client.do_not_contact = True
            client.do_not_contact_reason = names.DO_NOT_CONTACT_REASONS[language]
        vertical_tags = names.VERTICALS[_vertical_key(organization.vertical)] if organization else names.TAGS
        picked = rng.sample(vertical_tags, k=rng.randint(0, min(3, len(vertical_tags))))
        interests = [tag_name(tag, team_language) for tag in picked]
        age_days = rng.randint(400, 900) if rng.random() < 0.7 else rng.randint(20, 399)
        created = now - dt.timedelta(days=age_days, minutes=rng.randint(0, 600))
        drafts.append(Draft(client=client, created_at=created, archetype=shape, interests=interests))
    _link_referrals(rng, drafts)
    return drafts


def _link_referrals(rng: random.Random, drafts: list[Draft]) -> None:
    """About 8% came through another client (LAD-4 advocates), who must have been known before them."""
    by_age = sorted(range(len(drafts)), key=lambda i: drafts[i].created_at)
    for position, index in enumerate(by_age[1:], start=1):
        if rng.random() < 0.08:
            drafts[index].referrer = by_age[rng.randrange(position)]
            drafts[index].client.relationship_group = RelationshipGroup.REFERRAL


# LANG-1: the demo's own content in every UI language. Team-wide rows (industries, interests, the questionnaire,
# products) are written in the team lead's language, deals and journal entries in their manager's.
VERTICAL_NAMES: dict[str, dict[str, str]] = {
    "Logistics": {"ru": "Логистика", "ro": "Logistică"}, "Warehousing": {"ru": "Складские услуги", "ro": "Depozitare"},
    "Packaging": {"ru": "Упаковка", "ro": "Ambalaje"}, "Food production": {"ru": "Пищевое производство",
    "ro": "Industria alimentară"}, "Retail": {"ru": "Розничная торговля", "ro": "Comerț cu amănuntul"},
    "Wine making": {"ru": "Виноделие", "ro": "Vinificație"}, "Agriculture": {"ru": "Сельское хозяйство",
    "ro": "Agricultură"}, "Construction": {"ru": "Строительство", "ro": "Construcții"},
    "IT services": {"ru": "ИТ-услуги", "ro": "Servicii IT"}, "Manufacturing": {"ru": "Производство",
    "ro": "Producție"}, "Pharmaceuticals": {"ru": "Фармацевтика", "ro": "Industria farmaceutică"},
    "Education": {"ru": "Образование", "ro": "Educație"},
}  # fmt: skip
TAG_NAMES: dict[str, dict[str, str]] = {
    "logistics": {"ru": "логистика", "ro": "logistică"}, "packaging": {"ru": "упаковка", "ro": "ambalare"},
    "warehousing": {"ru": "склад", "ro": "depozitare"}, "software": {"ru": "программы", "ro": "software"},
    "training": {"ru": "обучение", "ro": "instruire"}, "insurance": {"ru": "страхование", "ro": "asigurări"},
}  # fmt: skip
QUESTIONNAIRE_TITLE = {"en": "First call: logistics", "ru": "Первый звонок: логистика",
                       "ro": "Primul apel: logistică"}  # fmt: skip
# (text by language, type, need class, interest tags), as sales.py asks them (NEED-1)
QUESTIONS: tuple[tuple[dict[str, str], str, str, tuple[str, ...]], ...] = (
    ({"en": "Do you run your own delivery fleet?", "ru": "У вас свой парк машин для доставки?",
      "ro": "Aveți propria flotă de livrare?"}, "closed", "safety", ("logistics",)),
    ({"en": "What happens when a shipment is late?", "ru": "Что происходит, когда поставка опаздывает?",
      "ro": "Ce se întâmplă când o livrare întârzie?"}, "open", "reliability", ()),
    ({"en": "Do you store goods in your own warehouse or rent space?",
      "ru": "Вы храните товар на своём складе или арендуете место?",
      "ro": "Păstrați marfa în depozitul propriu sau închiriați spațiu?"}, "alternative", "comfort", ("warehousing",)),
    ({"en": "Would training your staff on the new system help?",
      "ru": "Поможет ли обучение ваших сотрудников работе с новой системой?",
      "ro": "V-ar ajuta instruirea personalului pe noul sistem?"}, "leading", "novelty", ("training",)),
    ({"en": "So, who else takes part in the decision?", "ru": "Итак, кто ещё участвует в принятии решения?",
      "ro": "Deci, cine mai participă la decizie?"}, "clarifying", "belonging", ()),
)  # fmt: skip
# (name, description by language; interest tags; need class)
PRODUCTS: tuple[tuple[dict[str, tuple[str, str]], tuple[str, ...], str], ...] = (
    ({"en": ("Fleet tracker", "GPS tracking and route reports for delivery vans."),
      "ru": ("Трекер автопарка", "GPS-мониторинг и отчёты по маршрутам для машин доставки."),
      "ro": ("Tracker pentru flotă", "Monitorizare GPS și rapoarte de traseu pentru dubele de livrare.")},
     ("logistics", "software"), "reliability"),
    ({"en": ("Pallet racking", "Racking installed and certified in two days."),
      "ru": ("Паллетные стеллажи", "Монтаж и сертификация стеллажей за два дня."),
      "ro": ("Rafturi pentru paleți", "Rafturi montate și certificate în două zile.")},
     ("warehousing",), "safety"),
    ({"en": ("Warehouse staff course", "A two-day course on the warehouse system."),
      "ru": ("Курс для сотрудников склада", "Двухдневный курс по складской системе."),
      "ro": ("Curs pentru personalul depozitului", "Un curs de două zile despre sistemul de depozit.")},
     ("training", "warehousing"), "novelty"),
)  # fmt: skip
# SALE-1 journal entries: (method, result, feedback) by language
METHODS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "en": (
        ("Showed the savings on their own invoices", "Signed for a year", "Wants monthly reports"),
        ("Invited the decision-maker to the presentation", "Pilot for two vans", "Asked for a shorter contract"),
        ("Answered the price objection with a smaller package", "First order", "Faster delivery next time"),
        ("Referred by a partner; met the same week", "Signed", ""),
    ),
    "ru": (
        ("Показал экономию на их собственных счетах", "Подписали на год", "Хотят ежемесячные отчёты"),
        ("Пригласил на презентацию лицо, принимающее решение", "Пилот на две машины", "Просили договор покороче"),
        ("Ответил на возражение о цене пакетом поменьше", "Первый заказ", "В следующий раз — быстрее доставка"),
        ("Порекомендовал партнёр; встретились на той же неделе", "Подписали", ""),
    ),
    "ro": (
        ("Am arătat economiile pe propriile lor facturi", "Contract semnat pe un an", "Vor rapoarte lunare"),
        ("Am invitat decidentul la prezentare", "Pilot pentru două dube", "Au cerut un contract mai scurt"),
        ("Am răspuns la obiecția de preț cu un pachet mai mic", "Prima comandă", "Livrare mai rapidă data viitoare"),
        ("Recomandat de un partener; ne-am întâlnit în aceeași săptămână", "Semnat", ""),
    ),
}


def in_language(words: dict[str, str], english: str, language: str) -> str:
    """One of the demo's words in a language; English is the key itself where a table keeps only the others."""
    return words.get(language, english)


def _vertical_key(name: str) -> str:
    return next(key for key, words in VERTICAL_NAMES.items() if name == key or name in words.values())


def vertical_name(vertical: str, language: str) -> str:
    return in_language(VERTICAL_NAMES[vertical], vertical, language)


def tag_name(tag: str, language: str) -> str:
    return in_language(TAG_NAMES[tag], tag, language)
