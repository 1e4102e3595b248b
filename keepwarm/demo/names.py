"""Name and word lists for the demo data: kept apart so data.py stays about generation, not vocabulary.

Everything here is data (shown as-is in the UI), so none of it is marked for translation.
"""

from __future__ import annotations

# Father's name -> (patronymic of a son, patronymic of a daughter); irregular forms listed, not derived.
RU_FATHER_NAMES: dict[str, tuple[str, str]] = {
    "Александр": ("Александрович", "Александровна"), "Алексей": ("Алексеевич", "Алексеевна"),
    "Андрей": ("Андреевич", "Андреевна"), "Борис": ("Борисович", "Борисовна"),
    "Виктор": ("Викторович", "Викторовна"), "Владимир": ("Владимирович", "Владимировна"),
    "Дмитрий": ("Дмитриевич", "Дмитриевна"), "Евгений": ("Евгеньевич", "Евгеньевна"),
    "Иван": ("Иванович", "Ивановна"), "Игорь": ("Игоревич", "Игоревна"), "Илья": ("Ильич", "Ильинична"),
    "Константин": ("Константинович", "Константиновна"), "Лев": ("Львович", "Львовна"),
    "Михаил": ("Михайлович", "Михайловна"), "Николай": ("Николаевич", "Николаевна"),
    "Никита": ("Никитич", "Никитична"), "Олег": ("Олегович", "Олеговна"), "Павел": ("Павлович", "Павловна"),
    "Пётр": ("Петрович", "Петровна"), "Сергей": ("Сергеевич", "Сергеевна"), "Юрий": ("Юрьевич", "Юрьевна"),
    "Фёдор": ("Фёдорович", "Фёдоровна"), "Григорий": ("Григорьевич", "Григорьевна"),
    "Серик": ("Серикович", "Сериковна"), "Нурлан": ("Нурланович", "Нурлановна"),
}  # fmt: skip
RU_MALE = (
    "Александр", "Алексей", "Андрей", "Артём", "Борис", "Вадим", "Виктор", "Владимир", "Дмитрий", "Евгений",
    "Иван", "Игорь", "Илья", "Кирилл", "Константин", "Максим", "Михаил", "Никита", "Николай", "Олег",
    "Павел", "Роман", "Сергей", "Станислав", "Юрий", "Ярослав", "Фёдор", "Григорий",
)  # fmt: skip
RU_FEMALE = (
    "Анна", "Алёна", "Валентина", "Вера", "Дарья", "Екатерина", "Елена", "Ирина", "Ксения", "Людмила",
    "Марина", "Мария", "Наталья", "Нина", "Оксана", "Ольга", "Светлана", "Татьяна", "Юлия", "Галина",
)  # fmt: skip
# Male forms; feminine_surname() gives the female form.
RU_SURNAMES = (
    "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков",
    "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов",
    "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв",
    "Борисов", "Яковлев", "Григорьев", "Романов", "Воробьёв", "Сергеев", "Фомин", "Белов", "Ильин",
    "Гусев", "Титов", "Кудрявцев", "Баранов", "Куликов", "Калинин", "Ковалевский", "Вишневский",
    "Белецкий", "Толстой", "Крюков", "Чернов", "Тарасов", "Жуков",
)  # fmt: skip
UA_SURNAMES = (
    "Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравченко", "Олейник", "Мельник", "Савчук",
    "Поліщук", "Лисенко", "Марченко", "Гончарук", "Руденко", "Мороз",
)  # fmt: skip
KZ_MALE = ("Нурлан", "Ерлан", "Серик", "Даурен", "Асхат", "Бауыржан", "Тимур", "Арман")
KZ_FEMALE = ("Айгерим", "Динара", "Гульнара", "Асель", "Жанар", "Сауле", "Камила")
KZ_SURNAMES = ("Ахметов", "Жумабаев", "Сейтказин", "Касымов", "Нурпеисов", "Абенов", "Омаров", "Искаков")

RO_MALE = (
    "Ion", "Andrei", "Mihai", "Vasile", "Ștefan", "Gheorghe", "Alexandru", "Cristian", "Dumitru", "Constantin",
    "Răzvan", "Sorin", "Tudor", "Vlad", "Călin", "Bogdan", "Octavian", "Florin", "Nicolae", "Petru",
    "Radu", "Victor", "Iulian", "Dănuț",
)  # fmt: skip
RO_FEMALE = (
    "Maria", "Elena", "Ioana", "Ana", "Mihaela", "Cristina", "Andreea", "Alexandra", "Ștefania", "Irina",
    "Mădălina", "Roxana", "Lăcrămioara", "Oana", "Simona", "Corina", "Tatiana", "Doina", "Viorica", "Angela",
    "Rodica", "Natalia",
)  # fmt: skip
RO_SURNAMES = (
    "Popescu", "Ionescu", "Rusu", "Munteanu", "Ciobanu", "Țurcanu", "Lungu", "Cojocaru", "Moraru", "Ceban",
    "Bălan", "Stănescu", "Dumitrașcu", "Rădulescu", "Ștefănescu", "Chiriță", "Roșca", "Țăranu", "Pîrvu",
    "Mândru", "Cîrstea", "Găină", "Nistor", "Bîrsan", "Vîlcu", "Sârbu", "Pâslaru", "Grosu", "Câmpeanu",
    "Botnaru", "Spătaru", "Onu", "Crăciun", "Mocanu",
)  # fmt: skip

DE_MALE = ("Thomas", "Jürgen", "Stefan", "Michael", "Andreas", "Klaus", "Matthias", "Jörg")
DE_FEMALE = ("Anna", "Katrin", "Sabine", "Julia", "Claudia", "Birgit", "Jana", "Monika")
DE_SURNAMES = ("Müller", "Schneider", "Fischer", "Weiß", "Wagner", "Becker", "Schäfer", "Hoffmann", "Krüger")
US_MALE = ("John", "Michael", "David", "James", "Robert", "Daniel", "Kevin", "Brian")
US_FEMALE = ("Jennifer", "Emily", "Sarah", "Jessica", "Laura", "Megan", "Rachel", "Linda")
US_SURNAMES = ("Smith", "Johnson", "Brown", "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Moore")

# country -> (city, time zone, landline prefix after the country code)
CITIES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "RU": (
        ("Москва", "Europe/Moscow", "495"), ("Москва", "Europe/Moscow", "499"),
        ("Санкт-Петербург", "Europe/Moscow", "812"), ("Казань", "Europe/Moscow", "843"),
        ("Нижний Новгород", "Europe/Moscow", "831"), ("Ростов-на-Дону", "Europe/Moscow", "863"),
        ("Екатеринбург", "Asia/Yekaterinburg", "343"), ("Челябинск", "Asia/Yekaterinburg", "351"),
        ("Пермь", "Asia/Yekaterinburg", "342"), ("Тюмень", "Asia/Yekaterinburg", "345"),
        ("Новосибирск", "Asia/Novosibirsk", "383"), ("Владивосток", "Asia/Vladivostok", "423"),
        ("Хабаровск", "Asia/Vladivostok", "421"),
    ),
    "MD": (
        ("Chișinău", "Europe/Chisinau", "22"), ("Chișinău", "Europe/Chisinau", "22"),
        ("Bălți", "Europe/Chisinau", "231"), ("Cahul", "Europe/Chisinau", "299"),
        ("Orhei", "Europe/Chisinau", "235"), ("Ungheni", "Europe/Chisinau", "236"),
        ("Comrat", "Europe/Chisinau", "298"),
    ),
    "RO": (
        ("București", "Europe/Bucharest", "21"), ("Cluj-Napoca", "Europe/Bucharest", "264"),
        ("Iași", "Europe/Bucharest", "232"), ("Timișoara", "Europe/Bucharest", "256"),
        ("Constanța", "Europe/Bucharest", "241"), ("Brașov", "Europe/Bucharest", "268"),
    ),
    "UA": (
        ("Київ", "Europe/Kyiv", "44"), ("Одеса", "Europe/Kyiv", "48"), ("Львів", "Europe/Kyiv", "32"),
        ("Дніпро", "Europe/Kyiv", "56"), ("Харків", "Europe/Kyiv", "57"),
    ),
    "KZ": (("Алматы", "Asia/Almaty", "727"), ("Астана", "Asia/Almaty", "7172"), ("Караганда", "Asia/Almaty", "7212")),
    "DE": (("Berlin", "Europe/Berlin", "30"), ("München", "Europe/Berlin", "89"), ("Hamburg", "Europe/Berlin", "40")),
    "US": (("Chicago", "America/Chicago", "312"), ("New York", "America/New_York", "212")),
}  # fmt: skip
# Mobile prefixes after the country code, with the national number's length.
MOBILE_PREFIXES: dict[str, tuple[str, ...]] = {
    "RU": ("903", "915", "916", "926", "985", "912", "922", "913", "914", "950"),
    "MD": ("69", "68", "79", "78", "60"), "RO": ("72", "73", "74", "75", "76"),
    "UA": ("50", "66", "67", "68", "93", "95", "97"), "KZ": ("701", "702", "705", "707", "747", "777"),
    "DE": ("151", "160", "170", "171", "176"),  # a US number takes its city's area code (data.GEOGRAPHIC_MOBILES)
}  # fmt: skip
NATIONAL_LENGTH = {"RU": 10, "MD": 8, "RO": 9, "UA": 9, "KZ": 10, "DE": 11, "US": 10}
LANDLINE_LENGTH = {"DE": 10}

CURRENCIES = {"RU": "RUB", "MD": "MDL", "RO": "RON", "UA": "UAH", "KZ": "KZT", "DE": "EUR", "US": "USD"}
ORDER_CURRENCIES = {"RU": "RUB", "MD": "MDL", "RO": "RON"}  # everyone else is invoiced in EUR
TLDS = {"RU": "ru", "MD": "md", "RO": "ro", "UA": "ua", "KZ": "kz", "DE": "de", "US": "com"}
MAIL_DOMAINS = {
    "ru": ("mail.ru", "yandex.ru", "gmail.com", "inbox.ru"),
    "ro": ("gmail.com", "yahoo.com", "mail.md"),
    "en": ("gmail.com", "outlook.com", "web.de"),
}

# Legal forms: (form, True if written before the name).
ORG_FORMS = {
    "RU": (("ООО", True), ("ООО", True), ("АО", True), ("ПАО", True)), "KZ": (("ТОО", True), ("АО", True)),
    "UA": (("ТОВ", True), ("ПрАТ", True)), "MD": (("SRL", True), ("SRL", True), ("SA", True), ("ÎI", True)),
    "RO": (("SRL", False), ("SRL", False), ("SA", False)), "DE": (("GmbH", False), ("AG", False)),
    "US": (("LLC", False), ("Inc.", False)),
}  # fmt: skip
CYRILLIC_STEMS = (
    "Логистик", "Агро", "Транс", "Склад", "Сиб", "Урал", "Даль", "Волга", "Нева", "Техно", "Пром", "Строй",
    "Пак", "Тара", "Софт", "Мед", "Экспресс", "Север", "Кама", "Альфа", "Вектор", "Гранит", "Меридиан",
)  # fmt: skip
CYRILLIC_ENDINGS = (
    "-Сервис",
    "Групп",
    "Комплект",
    "Трейд",
    "Снаб",
    "Маркет",
    "-Плюс",
    "Холдинг",
    "Ресурс",
    "Логистика",
)
LATIN_STEMS = (
    "Agro", "Trans", "Depozit", "Nord", "Sud", "Vin", "Construct", "Ambalaj", "Lacto", "Frigo", "Carpat",
    "Prut", "Codru", "Nistru", "Tehno", "Mobil", "Cargo", "Farm", "Bio", "Elit", "Danubius", "Moldo",
)  # fmt: skip
LATIN_ENDINGS = ("trans", "com", "pack", "service", " Grup", " Logistic", "prim", " Impex", "tex", "star")
WESTERN_NAMES = (
    "Nordpack", "Rhein Logistik", "Alpen Lager", "Great Lakes Freight", "Hudson Supply", "Prairie Packaging",
    "Elbe Cargo", "Midwest Storage",
)  # fmt: skip

# vertical -> interest tags its people tend to have (POST-3)
VERTICALS: dict[str, tuple[str, ...]] = {
    "Logistics": ("logistics", "warehousing", "insurance"), "Warehousing": ("warehousing", "logistics", "software"),
    "Packaging": ("packaging", "logistics"), "Food production": ("packaging", "warehousing", "training"),
    "Retail": ("software", "packaging", "training"), "Wine making": ("packaging", "logistics", "insurance"),
    "Agriculture": ("logistics", "insurance", "warehousing"), "Construction": ("insurance", "training"),
    "IT services": ("software", "training"), "Manufacturing": ("packaging", "software", "warehousing"),
    "Pharmaceuticals": ("warehousing", "insurance", "software"), "Education": ("training", "software"),
}  # fmt: skip
TAGS = ("logistics", "packaging", "warehousing", "software", "training", "insurance")

# decision role -> title by language (CORP-1)
POSITIONS: dict[str, dict[str, str]] = {
    "decision_maker": {"ru": "Генеральный директор", "ro": "Director general", "en": "Managing director"},
    "influencer": {"ru": "Главный инженер", "ro": "Inginer-șef", "en": "Head of operations"},
    "negotiator": {"ru": "Менеджер по закупкам", "ro": "Manager achiziții", "en": "Purchasing manager"},
    "user": {"ru": "Начальник склада", "ro": "Șef depozit", "en": "Warehouse manager"},
    "gatekeeper": {"ru": "Офис-менеджер", "ro": "Secretară", "en": "Office manager"},
}
REFUSAL_NOTES = {
    "ru": (
        "Не видит разницы с текущим поставщиком", "Бюджет на этот год уже распределён", "Просил вернуться после сезона",
        "Директор в отпуске, без него не решают", "Считает, что дорого для их объёмов", "Пока хватает старых запасов",
    ),
    "ro": (
        "Nu vede diferența față de furnizorul actual", "Bugetul pe anul acesta este deja împărțit",
        "A cerut să revenim după sezon", "Directorul e în concediu, fără el nu decid",
        "Consideră prețul prea mare pentru volumele lor",
    ),
    "en": ("Sees no difference from the current supplier", "Budget for this year is already spent",
           "Asked us to come back after the season", "The decision-maker is away"),
}  # fmt: skip
COMPETITORS = ("Metro Cash & Carry", "Raben", "DHL Supply Chain", "Мегапак", "Ambalaj-Plus", "ТрансЛогистик")
COMPETITOR_ADVICE = {
    "ru": ("Дайте отсрочку платежа — тогда вернёмся", "Быстрее отвечайте на запросы"),
    "ro": ("Oferiți plata amânată și revenim", "Răspundeți mai repede la cereri"),
    "en": ("Offer deferred payment and we will come back", "Answer requests faster"),
}
ORDER_ITEMS = {
    "ru": ("Стретч-плёнка, 200 рулонов", "Гофрокороба, 5 000 шт.", "Стеллажи паллетные, 12 секций",
           "Обучение персонала склада, 2 дня", "Лицензии WMS, 10 мест", "Страхование грузов, годовой полис"),
    "ro": ("Folie stretch, 200 de role", "Cutii din carton, 5 000 buc.", "Rafturi paletizare, 12 secțiuni",
           "Instruire personal depozit, 2 zile", "Licențe WMS, 10 locuri", "Asigurare mărfuri, poliță anuală"),
    "en": ("Stretch film, 200 rolls", "Cardboard boxes, 5,000 pcs", "Pallet racking, 12 bays",
           "Warehouse staff training, 2 days", "WMS licences, 10 seats", "Cargo insurance, annual policy"),
}  # fmt: skip
MATERIALS = {  # what was sent, in the client's language (indicator 21 counts the same material sent again)
    "ru": ("Прайс-лист", "Презентация решений для склада", "Каталог упаковки", "Коммерческое предложение",
           "Кейс: склад под ключ"),
    "ro": ("Listă de prețuri", "Prezentarea soluțiilor pentru depozit", "Catalog ambalaje", "Ofertă comercială",
           "Studiu de caz: depozit la cheie"),
    "en": ("Price list", "Warehouse solutions presentation", "Packaging catalogue", "Commercial offer",
           "Case study: a turnkey warehouse"),
}  # fmt: skip
DO_NOT_CONTACT_REASONS = {
    "ru": "Просил не звонить, только письма",
    "ro": "A cerut să nu mai fie sunat, doar scrisori",
    "en": "Asked not to be called; letters only",
}

_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "-",
            "y",
            "-",
            "e",
            "yu",
            "ya",
            "i",
            "yi",
            "ye",
            "g",
        ],
        strict=True,
    )
)


def feminine_surname(male: str) -> str:
    """Russian surnames agree in gender (Иванов -> Иванова, Вишневский -> Вишневская); -енко, -ук do not."""
    if male.endswith(("ский", "цкий")):
        return male[:-2] + "ая"
    if male.endswith("ой"):
        return male[:-2] + "ая"
    if male.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return male + "а"
    return male


def translit(text: str) -> str:
    """Latin letters for e-mail addresses and web sites (Смирнов -> smirnov)."""
    out = []
    for char in text.lower():
        latin = _TRANSLIT.get(char, char)
        out.append("" if latin == "-" and char in "ъь" else latin)
    return "".join(out)
