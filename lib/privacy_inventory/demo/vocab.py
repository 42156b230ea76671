"""Fake-data vocabularies for the demo organisation, kept apart so the generator stays readable."""

from __future__ import annotations

# Names from several cultures: IMVBox serves Iranian film lovers at home and in the diaspora.
FIRST_NAMES: dict[str, tuple[str, ...]] = {
    "persian": (
        "Maryam", "Reza", "Sara", "Ali", "Narges", "Mehdi", "Shirin", "Hossein", "Leila", "Amir",
        "Parisa", "Babak", "Niloofar", "Kaveh", "Fatemeh", "Dariush", "Mahsa", "Farhad", "Roya",
        "Arash", "Golnaz", "Omid", "Azadeh", "Siavash", "Yasaman", "Behrouz", "Taraneh", "Pouya",
    ),
    "english": (
        "James", "Emily", "Oliver", "Sophie", "Daniel", "Hannah", "Michael", "Grace", "Thomas",
        "Olivia", "Jack", "Charlotte", "William", "Amelia",
    ),
    "german": ("Lukas", "Anna", "Jonas", "Lea", "Felix", "Marie", "Maximilian", "Laura", "Paul", "Johanna"),
    "french": ("Louis", "Camille", "Hugo", "Chloé", "Julien", "Manon", "Antoine", "Léa", "Mathieu", "Inès"),
    "swedish": ("Erik", "Astrid", "Lars", "Ingrid", "Johan", "Elsa", "Nils", "Maja"),
    "arabic": ("Omar", "Layla", "Yusuf", "Aisha", "Khalid", "Noor", "Karim", "Yasmin"),
    "turkish": ("Emre", "Elif", "Burak", "Zeynep", "Can", "Ayşe", "Mert", "Defne"),
}

LAST_NAMES: dict[str, tuple[str, ...]] = {
    "persian": (
        "Ahmadi", "Hosseini", "Mohammadi", "Rezaei", "Karimi", "Moradi", "Jafari", "Tehrani",
        "Shirazi", "Esfahani", "Rahimi", "Kazemi", "Farahani", "Sadeghi", "Ghorbani", "Najafi",
        "Abbasi", "Hashemi", "Mousavi", "Rostami", "Azizi", "Soltani", "Bahrami", "Zand",
    ),
    "english": ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Walker", "Wright", "Hughes"),
    "german": ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Wagner", "Hoffmann"),
    "french": ("Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Lefèvre", "Girard", "Roux"),
    "swedish": ("Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson"),
    "arabic": ("Haddad", "Khalil", "Nasser", "Saleh", "Mansour", "Hamdan"),
    "turkish": ("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Aydın"),
}

# A few Persian-script renderings: profiles typed on Persian keyboards.
PERSIAN_SCRIPT_NAMES: tuple[str, ...] = (
    "مریم احمدی", "رضا حسینی", "سارا محمدی", "علی رضایی", "نرگس کریمی", "مهدی مرادی",
    "شیرین جعفری", "حسین تهرانی", "لیلا شیرازی", "امیر کاظمی", "پریسا فراهانی", "بابک صادقی",
)

# Country code -> (name, culture weights key, cities, phone region, currency).
COUNTRIES: dict[str, tuple[str, str, tuple[str, ...], str]] = {
    "IR": ("Iran", "persian", ("Tehran", "Isfahan", "Shiraz", "Mashhad", "Tabriz", "Rasht"), "IRR"),
    "US": ("United States", "persian", ("Los Angeles", "New York", "San Jose", "Houston", "Seattle"), "USD"),
    "CA": ("Canada", "persian", ("Toronto", "Vancouver", "Montreal", "Ottawa"), "CAD"),
    "GB": ("United Kingdom", "english", ("London", "Manchester", "Birmingham", "Glasgow"), "GBP"),
    "DE": ("Germany", "german", ("Berlin", "Hamburg", "Cologne", "Frankfurt am Main", "Munich"), "EUR"),
    "SE": ("Sweden", "swedish", ("Stockholm", "Gothenburg", "Malmö", "Uppsala"), "SEK"),
    "FR": ("France", "french", ("Paris", "Lyon", "Marseille", "Toulouse"), "EUR"),
    "NL": ("Netherlands", "english", ("Amsterdam", "Rotterdam", "Utrecht", "The Hague"), "EUR"),
    "AU": ("Australia", "english", ("Sydney", "Melbourne", "Brisbane", "Perth"), "AUD"),
    "TR": ("Türkiye", "turkish", ("Istanbul", "Ankara", "Izmir", "Van"), "TRY"),
    "AE": ("United Arab Emirates", "arabic", ("Dubai", "Abu Dhabi", "Sharjah"), "AED"),
    "NO": ("Norway", "swedish", ("Oslo", "Bergen", "Trondheim"), "NOK"),
}
# Weighted toward the diaspora countries and Iran.
COUNTRY_WEIGHTS: dict[str, int] = {
    "IR": 16, "US": 18, "CA": 12, "GB": 12, "DE": 10, "SE": 7, "FR": 5, "NL": 4, "AU": 5, "TR": 4, "AE": 4, "NO": 3,
}
# Share of Persian names among residents of non-Iranian countries (diaspora).
DIASPORA_SHARE = 0.55

EMAIL_DOMAINS: tuple[str, ...] = (
    "gmail.com", "gmail.com", "gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "icloud.com",
    "gmx.de", "web.de", "t-online.de", "mail.ru", "yahoo.co.uk", "btinternet.com", "orange.fr",
    "free.fr", "live.se", "protonmail.com", "chmail.ir", "yandex.com", "aol.com", "hotmail.de",
    "shaw.ca", "bigpond.com", "ziggo.nl", "online.no",
)

HEARD_ABOUT_US: tuple[str | None, ...] = (
    "Facebook", "Instagram", "A friend", "Google search", "YouTube", "Radio Javan ad", "Manoto TV",
    "Film festival", "Newsletter", "Other", None,
)

# (title, year, director, runtime minutes, genre names)
FILMS: tuple[tuple[str, int, str, int, tuple[str, ...]], ...] = (
    ("A Separation", 2011, "Asghar Farhadi", 123, ("Drama",)),
    ("About Elly", 2009, "Asghar Farhadi", 119, ("Drama", "Mystery")),
    ("The Salesman", 2016, "Asghar Farhadi", 125, ("Drama", "Thriller")),
    ("Fireworks Wednesday", 2006, "Asghar Farhadi", 104, ("Drama",)),
    ("Taste of Cherry", 1997, "Abbas Kiarostami", 95, ("Drama",)),
    ("Close-Up", 1990, "Abbas Kiarostami", 98, ("Documentary", "Drama")),
    ("Where Is the Friend's House?", 1987, "Abbas Kiarostami", 83, ("Drama", "Family")),
    ("Children of Heaven", 1997, "Majid Majidi", 89, ("Drama", "Family")),
    ("The Color of Paradise", 1999, "Majid Majidi", 90, ("Drama", "Family")),
    ("Baran", 2001, "Majid Majidi", 94, ("Drama", "Romance")),
    ("The White Balloon", 1995, "Jafar Panahi", 85, ("Drama", "Family")),
    ("Offside", 2006, "Jafar Panahi", 93, ("Comedy", "Drama")),
    ("Taxi", 2015, "Jafar Panahi", 82, ("Documentary", "Comedy")),
    ("The Cow", 1969, "Dariush Mehrjui", 105, ("Drama", "Classic")),
    ("Leila", 1997, "Dariush Mehrjui", 102, ("Drama", "Romance")),
    ("Hamoun", 1990, "Dariush Mehrjui", 120, ("Drama", "Classic")),
    ("Bashu, the Little Stranger", 1989, "Bahram Beyzai", 120, ("Drama", "War")),
    ("Gabbeh", 1996, "Mohsen Makhmalbaf", 75, ("Drama", "Romance")),
    ("Kandahar", 2001, "Mohsen Makhmalbaf", 85, ("Drama", "War")),
    ("Blackboards", 2000, "Samira Makhmalbaf", 85, ("Drama", "War")),
    ("Turtles Can Fly", 2004, "Bahman Ghobadi", 98, ("Drama", "War")),
    ("No One Knows About Persian Cats", 2009, "Bahman Ghobadi", 106, ("Drama", "Music")),
    ("Crimson Gold", 2003, "Jafar Panahi", 97, ("Crime", "Drama")),
    ("Under the Skin of the City", 2001, "Rakhshan Banietemad", 92, ("Drama",)),
    ("The May Lady", 1998, "Rakhshan Banietemad", 82, ("Drama",)),
    ("Tales", 2014, "Rakhshan Banietemad", 88, ("Drama",)),
    ("Life and a Day", 2016, "Saeed Roustayi", 124, ("Drama", "Family")),
    ("Just 6.5", 2019, "Saeed Roustayi", 131, ("Crime", "Thriller")),
    ("Cold Sweat", 2018, "Soheil Beiraghi", 88, ("Drama", "Sport")),
    ("Lantouri", 2016, "Reza Dormishian", 115, ("Crime", "Drama")),
    ("Marmoulak", 2004, "Kamal Tabrizi", 115, ("Comedy",)),
    ("Ekhrajiha", 2007, "Masoud Dehnamaki", 110, ("Comedy", "War")),
    ("The Lizard Hunters", 2012, "Hamid Nematollah", 90, ("Comedy",)),
    ("Dar Baare-ye Sarzamin", 2020, "Mehrdad Farid", 70, ("Documentary",)),
    ("Voices of the Caspian", 2017, "Negar Azarbayjani", 64, ("Documentary", "Music")),
    ("Nights of Rasht", 2021, "Hamid Jafari", 99, ("Drama", "Mystery")),
)
GENRES: tuple[str, ...] = tuple(sorted({g for film in FILMS for g in film[4]} | {"Animation", "Short"}))

SYNOPSIS_OPENERS: tuple[str, ...] = (
    "A family in {city} is torn apart when", "Two strangers meet in {city} after", "A young teacher in {city} discovers",
    "An old man returns to {city} as", "A taxi driver in {city} slowly learns",
)
SYNOPSIS_ENDINGS: tuple[str, ...] = (
    "a secret from the past resurfaces.", "a wedding goes badly wrong.", "the river floods the village.",
    "a lost letter changes everything.", "the football match of the year begins.",
)

SUBTITLE_LANGS: tuple[str, ...] = ("en", "fa", "de", "fr", "sv", "ar", "tr", "es", "nl")
PLANS: tuple[tuple[str, float], ...] = (("plus_monthly", 4.99), ("plus_yearly", 49.0), ("plus_family", 8.99))
CARD_BRANDS: tuple[str, ...] = ("visa", "visa", "mastercard", "mastercard", "amex", "discover")
PROCESSORS: tuple[tuple[str, str], ...] = (("stripe", "ch_"), ("braintree", "bt_"), ("paypal", "PAYID-"))

SEARCH_TERMS: tuple[str, ...] = (
    "farhadi", "kiarostami", "comedy", "war movies", "films with english subtitles", "shahab hosseini",
    "leila hatami", "taraneh alidoosti", "new releases", "documentary iran", "children films", "persian cats",
    "makhmalbaf", "best of 2016", "romantic", "panahi taxi", "football", "music documentary",
)

REVIEW_OPENERS: tuple[str, ...] = (
    "Absolutely loved it.", "Beautiful cinematography.", "A bit slow in the middle.", "Masterpiece!",
    "My parents watched this in Tehran years ago.", "Subtitles were out of sync at times.", "Not my taste.",
)
REVIEW_CLOSERS: tuple[str, ...] = (
    "The acting was superb.", "Would recommend to anyone.", "The ending stayed with me for days.",
    "Great to see classic Iranian cinema online.", "The sound mix could be better.", "Watched it twice.",
)
REVIEW_TITLES: tuple[str, ...] = ("Wonderful", "Classic", "Mixed feelings", "A must-see", "Okay", "Moving")

SURVEY_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("NPS2019", "What could we do better?"),
    ("NPS2019", "Why did you choose IMVBox?"),
    ("CONTENT2021", "Which films would you like us to add?"),
    ("CONTENT2021", "How do you usually watch films?"),
)
SURVEY_ANSWERS: tuple[str, ...] = (
    "More classic films from the 70s please.", "Better subtitles in German.", "I watch with my family on the TV.",
    "Cheaper yearly plan.", "Add films by Bahram Beyzai.", "Mostly on my phone during the commute.",
    "Because I can find films I grew up with.", "Faster streaming in Iran.", "More documentaries.",
)

SUPPORT_SUBJECTS: tuple[tuple[str, str], ...] = (
    ("Payment failed", "My card was charged but my plus membership is not active. Please check order {ref}."),
    ("Cannot log in", "I reset my password twice and still cannot log in on my smart TV."),
    ("Subtitles missing", "The English subtitles for {film} stop after 40 minutes."),
    ("Refund request", "I was charged twice this month, please refund one payment."),
    ("Video buffering", "Playback keeps buffering in the evening, my connection is fine otherwise."),
    ("Delete my account", "Please close my account and remove my data."),
    ("Film request", "Could you add more films by {director}? I love their work."),
    ("Change email", "I would like to change the email address on my account."),
)
# Free text revealing a health condition (special category data, GDPR Art. 9): planted on purpose.
HEALTH_SUPPORT: tuple[tuple[str, str, str], ...] = (
    ("Subtitles for hearing loss", "I have severe hearing loss and need subtitles on every film, including the Persian ones.", "hearing loss"),
    ("Flashing scenes", "I have epilepsy. Can you add a warning to films with flashing lights? {film} triggered a seizure.", "epilepsy"),
    ("Pause my subscription", "I am pregnant and on bed rest, can I pause billing for three months?", "pregnant"),
    ("Watching at night", "Because of my depression I can't sleep and watch films at night; the autoplay is too loud.", "depression"),
    ("Payment late", "Sorry the payment is late, I was in hospital after my diabetes got worse.", "diabetes"),
    ("Audio description", "My mother is blind since her stroke; do you have audio description?", "stroke"),
    ("Account for my son", "My son has autism and loves Children of Heaven; can he have his own profile?", "autism"),
    ("Chemotherapy", "I am going through chemotherapy for cancer and watch a lot from the hospital bed.", "cancer"),
)
HEALTH_KEYWORDS: tuple[str, ...] = tuple(sorted({h[2] for h in HEALTH_SUPPORT}))

DEVICES: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    # (type, manufacturer, model, os, os versions)
    ("mobile", "Apple", "iPhone 13", "iOS", ("16.7", "17.5", "18.1")),
    ("mobile", "Apple", "iPhone SE", "iOS", ("15.8", "16.7")),
    ("mobile", "Samsung", "Galaxy S21", "Android", ("12", "13", "14")),
    ("mobile", "Samsung", "Galaxy A52", "Android", ("11", "13")),
    ("mobile", "Xiaomi", "Redmi Note 10", "Android", ("11", "12")),
    ("tablet", "Apple", "iPad Air", "iPadOS", ("16.6", "17.4")),
    ("tablet", "Samsung", "Galaxy Tab S7", "Android", ("12", "13")),
    ("tv", "Samsung", "QE55Q80", "Tizen", ("6.0", "7.0")),
    ("tv", "LG", "OLED55C1", "webOS", ("6.3", "22")),
    ("tv", "Google", "Chromecast", "Android TV", ("12",)),
    ("desktop", "Apple", "MacBook Pro", "macOS", ("13.6", "14.4")),
    ("desktop", "Dell", "XPS 13", "Windows", ("10", "11")),
    ("desktop", "Lenovo", "ThinkPad T14", "Linux", ("6.1", "6.5")),
)
APP_VERSIONS: tuple[str, ...] = ("3.2.1", "3.4.0", "4.0.2", "4.1.0", "4.2.3", "5.0.0")
USER_AGENTS: tuple[str, ...] = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    "Mozilla/5.0 (Linux; Android 13; SM-G991B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0 Mobile Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "IMVBox/4.2.3 (Android TV 12; Chromecast)",
    "IMVBox/5.0.0 (iOS 18.1; iPad)",
)
LANGUAGES: tuple[str, ...] = ("fa-IR", "en-US", "en-GB", "de-DE", "fr-FR", "sv-SE", "nl-NL", "tr-TR", "ar-AE", "fa")

AD_NETWORKS: tuple[str, ...] = ("Google Ad Manager", "Criteo", "AppNexus", "Facebook Audience Network", "Taboola")
PARTNERS: tuple[str, ...] = ("Acxiom", "Experian Marketing Services", "DiasporaInsights Ltd", "Oracle Data Cloud")
INTERESTS: tuple[str, ...] = (
    "cinema", "persian music", "travel", "cooking", "football", "poetry", "history", "technology", "fashion",
    "parenting", "fitness", "politics",
)
RELIGIONS: tuple[str, ...] = ("Muslim (Shia)", "Muslim (Sunni)", "Bahá'í", "Zoroastrian", "Christian", "Jewish", "None")
INCOME_BANDS: tuple[str, ...] = ("<20k", "20-40k", "40-70k", "70-100k", "100k+")
AGE_RANGES: tuple[str, ...] = ("18-24", "25-34", "35-44", "45-54", "55-64", "65+")

AUTHORITIES: tuple[tuple[str, str], ...] = (
    ("Metropolitan Police Service", "MPS"), ("National Crime Agency", "NCA"), ("Bundeskriminalamt", "BKA"),
    ("Polisen (Swedish Police Authority)", "SPA"), ("Federal Bureau of Investigation", "FBI"),
)
DISCLOSED: tuple[str, ...] = (
    "account email, created date", "IP addresses and session times (90 days)", "payment records",
    "account email, profile name, country", "none (request rejected: no valid legal basis)",
)

WEAK_PASSWORD_WORDS: tuple[str, ...] = (
    "tehran", "persepolis", "esteghlal", "qwerty", "iloveyou", "maryam", "shiraz", "password", "azadi",
    "letmein", "sunshine", "football", "monkey", "dragon",
)
