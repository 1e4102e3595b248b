"""KeepWarm's own wording of every kind of letter in Russian, Romanian and English (LANG-1), used where a team has
not written its own. Letter text, not UI: it is in the letter's language whatever the reader's, so no gettext."""

from __future__ import annotations

from dataclasses import dataclass

from keepwarm.letters.models import LetterKind

_CLOSING = {"ru": "С уважением,\n{signature}", "ro": "Cu stimă,\n{signature}", "en": "Kind regards,\n{signature}"}
_WISHES = {
    "ru": "С наилучшими пожеланиями,\n{signature}",
    "ro": "Cu cele mai calde urări,\n{signature}",
    "en": "With warm wishes,\n{signature}",
}


@dataclass(frozen=True)
class DefaultTemplate:
    """A shipped template: looks like a LetterTemplate to whoever reads .subject and .body."""

    kind: str
    language: str
    subject: str
    body: str
    holiday: str = ""
    name: str = ""
    is_default: bool = True
    pk: None = None


def _letter(text: str, language: str, wishes: bool = False) -> str:
    return f"{{salutation}}\n\n{text}\n\n{(_WISHES if wishes else _CLOSING)[language]}\n"


# kind -> language -> (subject, the letter between the greeting line and the closing)
_TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    LetterKind.THANK_PURCHASE: {
        "ru": (
            "Благодарим за покупку",
            "Благодарим Вас за покупку от {purchase_date}: {product}. Нам очень приятно, что Вы выбрали нас.\n\n"
            "Если появятся вопросы по использованию или понадобится помощь, просто ответьте на это письмо "
            "или позвоните мне — я всегда на связи.",
        ),
        "ro": (
            "Vă mulțumim pentru achiziție",
            "Vă mulțumim pentru achiziția din {purchase_date}: {product}. Ne bucurăm că ne-ați ales.\n\n"
            "Dacă aveți întrebări despre utilizare sau aveți nevoie de ajutor, răspundeți la acest mesaj "
            "sau sunați-mă — vă stau oricând la dispoziție.",
        ),
        "en": (
            "Thank you for your purchase",
            "Thank you for your purchase of {purchase_date}: {product}. We are glad you chose us.\n\n"
            "If you have any questions about using it or need a hand, just reply to this e-mail or give me a "
            "call — I am always glad to help.",
        ),
    },
    LetterKind.THANK_REFUSAL: {
        "ru": (
            "Спасибо за уделённое время",
            "Спасибо, что нашли время поговорить со мной. Понимаю, что сейчас наше предложение Вам не подходит, "
            "и это совершенно нормально.\n\n"
            "Давайте оставаться на связи: если у Вас появятся новые задачи или вопросы, я с удовольствием помогу.",
        ),
        "ro": (
            "Vă mulțumim pentru timpul acordat",
            "Vă mulțumesc că ați găsit timp pentru o discuție. Înțeleg că, deocamdată, oferta noastră nu vi se "
            "potrivește, și este cât se poate de firesc.\n\n"
            "Aș vrea să rămânem în legătură: dacă apar noi nevoi sau întrebări, vă ajut cu plăcere.",
        ),
        "en": (
            "Thank you for your time",
            "Thank you for taking the time to talk with me. I understand that our offer is not right for you at "
            "the moment, and that is perfectly fine.\n\n"
            "Let's keep in touch: whenever new needs or questions come up, I will be happy to help.",
        ),
    },
    LetterKind.THANK_HELP: {
        "ru": (
            "Спасибо за Вашу помощь",
            "Хочу искренне поблагодарить Вас за помощь, которая вышла далеко за рамки Ваших обязанностей. "
            "Такое отношение дорогого стоит, и мы его очень ценим.",
        ),
        "ro": (
            "Vă mulțumim pentru ajutor",
            "Țin să vă mulțumesc sincer pentru ajutorul dumneavoastră, care a depășit cu mult obligațiile de "
            "serviciu. O asemenea atitudine contează enorm și o prețuim cu adevărat.",
        ),
        "en": (
            "Thank you for your help",
            "I want to thank you sincerely for your help, which went well beyond your duties. It means a great "
            "deal to us, and we truly appreciate it.",
        ),
    },
    LetterKind.BIRTHDAY: {
        "ru": (
            "С днём рождения!",
            "Примите мои искренние поздравления с днём рождения! Желаю Вам крепкого здоровья, благополучия, "
            "успехов во всех начинаниях и только хороших новостей.",
        ),
        "ro": (
            "La mulți ani!",
            "Vă urez din suflet La mulți ani! Multă sănătate, bucurii, succes în tot ce vă propuneți și numai "
            "vești bune.",
        ),
        "en": (
            "Happy birthday!",
            "Warmest wishes on your birthday! I wish you good health, happiness, success in everything you take "
            "on and only good news.",
        ),
    },
    LetterKind.ORG_ANNIVERSARY: {
        "ru": (
            "С годовщиной компании «{organization}»!",
            "Поздравляю Вас и всю команду «{organization}» с {years}-летием компании! Желаю стабильного роста, "
            "надёжных партнёров и новых достижений.",
        ),
        "ro": (
            "La mulți ani, {organization}!",
            "Vă felicit pe dumneavoastră și întreaga echipă {organization} cu ocazia împlinirii a {years_text} "
            "de activitate! Vă doresc creștere stabilă, parteneri de încredere și noi realizări.",
        ),
        "en": (
            "Happy anniversary, {organization}!",
            "Congratulations to you and the whole {organization} team on {years_text} in business! I wish you "
            "steady growth, reliable partners and new achievements.",
        ),
    },
    LetterKind.OFFER: {
        "ru": (
            "Предложение для Вас: {product}",
            "Обратите, пожалуйста, внимание на наше предложение: {product}. Думаю, оно может быть Вам полезно.\n\n"
            "Если интересно, я с удовольствием расскажу подробнее, пришлю материалы или договорюсь о встрече в "
            "удобное для Вас время. Просто ответьте на это письмо.",
        ),
        "ro": (
            "O ofertă pentru dumneavoastră: {product}",
            "Aș dori să vă atrag atenția asupra ofertei noastre: {product}. Cred că v-ar putea fi de folos.\n\n"
            "Dacă vă interesează, vă povestesc cu plăcere mai multe, vă trimit materiale sau stabilim o întâlnire "
            "când vă este comod. Este suficient să răspundeți la acest mesaj.",
        ),
        "en": (
            "An offer for you: {product}",
            "I would like to draw your attention to our offer: {product}. I think it could be useful to you.\n\n"
            "If you are interested, I will gladly tell you more, send you materials or arrange a meeting at a time "
            "that suits you. Just reply to this e-mail.",
        ),
    },
    # Also the letter that replaces a call after hang-ups (ANNOY-2): a soft keep-in-touch note.
    LetterKind.FREE: {
        "ru": (
            "Как у Вас дела?",
            "Давно не общались, и мне захотелось узнать, как у Вас дела. Если сейчас есть задачи, с которыми мы "
            "могли бы помочь, или просто вопросы — напишите мне или позвоните, я с удовольствием помогу.",
        ),
        "ro": (
            "Ce mai faceți?",
            "Nu am mai vorbit de ceva timp și am vrut să aflu ce mai faceți. Dacă aveți acum sarcini la care v-am "
            "putea ajuta sau pur și simplu întrebări, scrieți-mi sau sunați-mă — vă ajut cu plăcere.",
        ),
        "en": (
            "How are things?",
            "It has been a while since we last spoke, and I wanted to ask how you are doing. If there is anything "
            "we could help with right now, or you simply have a question, write to me or give me a call — I will "
            "gladly help.",
        ),
    },
    # A holiday without its own wording below (national_day, or a key added later): the name fills it in.
    LetterKind.HOLIDAY: {
        "ru": (
            "С праздником!",
            "Поздравляю Вас с праздником — {holiday}! Желаю мира, благополучия и процветания Вам и Вашим близким.",
        ),
        "ro": (
            "Sărbători fericite!",
            "Vă felicit cu ocazia sărbătorii: {holiday}! Vă doresc pace, prosperitate și bucurii alături de cei dragi.",
        ),
        "en": (
            "Happy holiday!",
            "Warm greetings on the occasion: {holiday}! I wish you and your loved ones peace, prosperity and joy.",
        ),
    },
}

# POST-5 greeting key -> language -> (subject, the wish)
_HOLIDAYS: dict[str, dict[str, tuple[str, str]]] = {
    "new_year": {
        "ru": (
            "С Новым годом!",
            "Поздравляю Вас с Новым годом! Пусть он принесёт здоровье, тепло в доме, интересные задачи и новые успехи.",
        ),
        "ro": (
            "La mulți ani și un An Nou fericit!",
            "Vă doresc un An Nou fericit! Să vă aducă sănătate, liniște în casă, proiecte frumoase și noi reușite.",
        ),
        "en": (
            "Happy New Year!",
            "Happy New Year! May it bring you good health, warmth at home, interesting work and new successes.",
        ),
    },
    "christmas": {
        "ru": ("С Рождеством!", "Поздравляю Вас с Рождеством! Желаю мира, тепла и радости Вам и Вашим близким."),
        "ro": ("Crăciun fericit!", "Vă doresc un Crăciun fericit, cu pace, căldură și bucurie alături de cei dragi."),
        "en": ("Merry Christmas!", "Merry Christmas! I wish you and your loved ones peace, warmth and joy."),
    },
    "orthodox_christmas": {
        "ru": (
            "С Рождеством Христовым!",
            "Поздравляю Вас с Рождеством Христовым! Желаю мира, тепла и радости Вам и Вашим близким.",
        ),
        "ro": (
            "Crăciun fericit pe stil vechi!",
            "Vă doresc sărbători fericite de Crăciun pe stil vechi, cu pace, căldură și bucurie alături de cei dragi.",
        ),
        "en": (
            "Merry Christmas!",
            "Merry Orthodox Christmas! I wish you and your loved ones peace, warmth and joy.",
        ),
    },
    "easter": {
        "ru": (
            "Со светлым праздником Пасхи!",
            "Поздравляю Вас со светлым праздником Пасхи! Пусть в Вашем доме будут мир, радость и благополучие.",
        ),
        "ro": ("Paște fericit!", "Vă doresc un Paște fericit, cu pace, lumină și bucurie alături de cei dragi."),
        "en": ("Happy Easter!", "Happy Easter! I wish you peace, joy and good time with your loved ones."),
    },
    "orthodox_easter": {
        "ru": (
            "Христос Воскресе!",
            "Поздравляю Вас со светлым праздником Пасхи! Пусть в Вашем доме будут мир, радость и благополучие.",
        ),
        "ro": (
            "Hristos a Înviat!",
            "Hristos a Înviat! Vă doresc sărbători pascale fericite, cu pace, lumină și bucurie alături de cei dragi.",
        ),
        "en": ("Happy Easter!", "Happy Orthodox Easter! I wish you peace, joy and good time with your loved ones."),
    },
    "womens_day": {
        "ru": (
            "С 8 Марта!",
            "Поздравляю Вас с Международным женским днём! Желаю весеннего настроения, радости, вдохновения и "
            "исполнения всех желаний.",
        ),
        "ro": (
            "La mulți ani de 8 Martie!",
            "Vă felicit cu ocazia Zilei Internaționale a Femeii! Vă doresc primăvară în suflet, bucurie, inspirație "
            "și împlinirea tuturor dorințelor.",
        ),
        "en": (
            "Happy International Women's Day!",
            "Happy International Women's Day! I wish you a spring mood, joy, inspiration and every wish come true.",
        ),
    },
}
GREETING_KINDS = frozenset({LetterKind.BIRTHDAY, LetterKind.HOLIDAY, LetterKind.ORG_ANNIVERSARY})

# The holiday's name in the letter's language, for {holiday}; national_day is named by the client's country.
_HOLIDAY_NAMES: dict[str, tuple[str, str, str]] = {  # ru, ro, en
    "new_year": ("Новый год", "Anul Nou", "New Year"),
    "christmas": ("Рождество", "Crăciunul", "Christmas"),
    "orthodox_christmas": ("Рождество Христово", "Crăciunul pe stil vechi", "Orthodox Christmas"),
    "easter": ("Пасха", "Paștele", "Easter"),
    "orthodox_easter": ("Пасха", "Paștele", "Orthodox Easter"),
    "womens_day": ("Международный женский день", "Ziua Internațională a Femeii", "International Women's Day"),
    "national_day": ("национальный праздник", "Ziua Națională", "National Day"),
}
_NATIONAL_DAYS: dict[str, tuple[str, str, str]] = {
    "MD": (
        "День независимости Республики Молдова",
        "Ziua Independenței Republicii Moldova",
        "Moldova's Independence Day",
    ),
    "RO": ("Национальный день Румынии", "Ziua Națională a României", "Romania's National Day"),
    "RU": ("День России", "Ziua Rusiei", "Russia Day"),
    "UA": ("День независимости Украины", "Ziua Independenței Ucrainei", "Ukraine's Independence Day"),
    "BY": ("День Независимости Республики Беларусь", "Ziua Independenței Belarusului", "Belarus Independence Day"),
    "KZ": ("День Независимости Казахстана", "Ziua Independenței Kazahstanului", "Kazakhstan's Independence Day"),
}
_INDEX = {"ru": 0, "ro": 1, "en": 2}


def holiday_name(key: str, language: str, country: str = "") -> str:
    """A POST-5 greeting's holiday in the letter's language (unknown keys stay as they are)."""
    names = _NATIONAL_DAYS.get(country) if key == "national_day" else None
    names = names or _HOLIDAY_NAMES.get(key)
    return names[_INDEX.get(language, 2)] if names else key


def default_template(kind: str, language: str, holiday: str = "") -> DefaultTemplate:
    """The shipped template of a kind (a holiday's own, else the holiday kind's) in a language (else English)."""
    language = language if language in _INDEX else "en"
    wishes = kind in GREETING_KINDS
    if kind == LetterKind.HOLIDAY and holiday in _HOLIDAYS:
        subject, text = _HOLIDAYS[holiday][language]
    else:
        subject, text = _TEXTS.get(kind, _TEXTS[LetterKind.FREE])[language]
    body = _letter(text, language, wishes)
    return DefaultTemplate(kind=kind, language=language, subject=subject, body=body, holiday=holiday)


def default_templates() -> list[DefaultTemplate]:
    """Every shipped template: each kind in each language, and each holiday with its own wording."""
    found = [default_template(kind, language) for kind in LetterKind.values for language in _INDEX]
    found += [default_template(LetterKind.HOLIDAY, language, key) for key in _HOLIDAYS for language in _INDEX]
    return found
