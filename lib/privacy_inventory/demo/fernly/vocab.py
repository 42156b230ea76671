"""Fake-data vocabularies for Fernly (an Irish personal-finance app), kept apart so the generator stays readable."""

from __future__ import annotations

FIRST_NAMES = ("Aoife", "Ciarán", "Siobhán", "Niamh", "Eoin", "Saoirse", "Conor", "Róisín", "Darragh", "Orla", "Seán",
               "Caoimhe", "Fionn", "Aisling", "Cillian", "Emma", "Jack", "Sophie", "James", "Grace", "Tomasz", "Agnieszka",
               "Mateusz", "Ana", "Lucas", "Priya", "Arjun", "Chidi", "Amara", "Oksana")
LAST_NAMES = ("Murphy", "Kelly", "O'Sullivan", "Walsh", "Smith", "O'Brien", "Byrne", "Ryan", "O'Connor", "O'Neill",
              "Ó Briain", "Doyle", "McCarthy", "Gallagher", "Doherty", "Kennedy", "Lynch", "Nowak", "Kowalski", "Silva",
              "Sharma", "Okafor", "Kovalenko", "Quinn", "Brennan")
TOWNS = (("Dublin 2", "D02"), ("Dublin 8", "D08"), ("Dublin 15", "D15"), ("Cork", "T12"), ("Galway", "H91"),
         ("Limerick", "V94"), ("Waterford", "X91"), ("Kilkenny", "R95"), ("Sligo", "F91"), ("Drogheda", "A92"),
         ("Athlone", "N37"), ("Tralee", "V92"))
STREETS = ("Main Street", "Church Road", "Harbour View", "Oak Park", "Castle Avenue", "Bóthar na Trá", "Mill Lane",
           "Greenfield Close", "Station Road", "Abbey Street")
EMAIL_DOMAINS = ("gmail.com", "gmail.com", "outlook.com", "hotmail.com", "yahoo.ie", "eircom.net", "icloud.com", "proton.me")
BANKS = (("AIBK", "AIBKIE2D", "AIB"), ("BOFI", "BOFIIE2D", "Bank of Ireland"), ("IPBS", "IPBSIE2D", "PTSB"),
         ("REVO", "REVOIE23", "Revolut Bank"))
# (trading name, legal suffix, MCC). Special MCCs: 8651 political, 8661 religious, 8699 membership (trade unions).
MERCHANTS = (
    ("Tesco Ireland", "Limited", "5411"), ("Dunnes Stores", "Unlimited Company", "5311"), ("Lidl Ireland", "GmbH", "5411"),
    ("Boots Pharmacy", "Limited", "5912"), ("Irish Rail", "DAC", "4112"), ("Dublin Bus", "DAC", "4131"),
    ("Circle K", "Limited", "5541"), ("Penneys", "Limited", "5651"), ("Harvey Norman", "Limited", "5732"),
    ("Eir", "Limited", "4814"), ("Electric Ireland", "DAC", "4900"), ("Bord Gáis Energy", "DAC", "4900"),
    ("Just Eat", "Limited", "5814"), ("Easons", "Limited", "5942"), ("Smyths Toys", "Limited", "5945"),
    ("Ryanair", "DAC", "4511"), ("Aer Lingus", "Limited", "4511"), ("Vue Cinemas", "Limited", "7832"),
    ("Paddy Power", "Limited", "7995"), ("Fórsa Trade Union", "", "8699"), ("SIPTU", "", "8699"),
    ("St. Mary's Parish Collection", "", "8661"), ("Islamic Cultural Centre", "", "8661"), ("Party Membership Ireland", "", "8651"),
)
SPECIAL_MCC = ("8651", "8661", "8699")
DOC_TYPES = ("passport", "passport", "driving_licence", "national_id")
SIGNALS = ("velocity", "geo_mismatch", "new_device", "emulator", "proxy_ip")
CAMPAIGNS = ("spring-savings", "pay-in-3-launch", "refer-a-friend", "summer-travel", "black-friday", "tax-refund-tips")
TICKET_SUBJECTS = (
    ("Card declined at till", "My card was declined in {town} although I had funds. Can you check?"),
    ("Change of address", "I have moved to {town}, please update my address."),
    ("Pay in 3 question", "How do I pay off my plan early?"),
    ("Bank link expired", "The link to my bank keeps expiring every 90 days."),
    ("Refund not received", "A merchant refund has not arrived after ten days."),
    ("App crash", "The app closes when I open the savings pot screen."),
)
APP_EVENTS = ("app_open", "screen_view", "tap_pay_in_3", "pot_created", "card_frozen", "notification_opened")
SCREENS = ("home", "card", "pots", "plans", "settings", "help")
LEAD_SOURCES = ("comparison site", "giveaway form", "partner list")
CONFIG = (
    ("fx.provider", "ecb"), ("kyc.vendor", "onfido"), ("open_banking.aisp", "tink"),
    ("open_banking.client_secret", "vault:secret/data/fernly/tink#client_secret"),
    ("payments.webhook_key", "${CARD_WEBHOOK_KEY}"),
    ("kyc.api_token", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fernly/onfido-token"),
    ("support.email", "help@fernly.ie"), ("credit.model", "model-v4"), ("credit.max_principal_eur", "1500"),
)
