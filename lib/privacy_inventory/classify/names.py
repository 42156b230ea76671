"""Column-name rules: tokenised names -> candidate data categories, first matching rule wins, scoped by table."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from privacy_inventory.classify.tokens import phrase, tokenize

# Scope of a rule:
#   any     personal wherever it appears (date of birth, religion, national id)
#   contact personal unless it is an organisation's / system's contact detail
#   person  personal only in a person table (`name`, `url`, `description` of a person)
#   about   a person's attribute: personal in a person table or in a table that belongs to a person
#   owned   personal when the row belongs to a person (person table, person foreign key, content table)
#   secret  a credential: personal only when a person owns it and no system word prefixes it
#   none    explicitly not personal (timestamps, counters, flags, sort orders, versions)


@dataclass(frozen=True)
class NameRule:
    """One rule: a whole-word pattern over the tokenised name and what it means."""

    pattern: re.Pattern[str]
    category: str | None
    score: float
    label: str
    scope: str
    flag: str | None = None
    needs_values: bool = False  # ambiguous name (`ad_id`): personal only when the values confirm it


def _r(pattern: str, category: str | None, score: float, label: str, scope: str, flag: str | None = None,
       needs_values: bool = False) -> NameRule:
    return NameRule(re.compile(pattern), category, score, label, scope, flag, needs_values)


_PERSON_WORDS = (r"(user|customer|member|patient|person|contact|billing|shipping|recipient|cardholder|card holder|"
                 r"author|owner|buyer|sender|employee|student|guest|client|account holder|holder|subscriber|"
                 r"applicant|guardian|parent|emergency contact|beneficiary|legal|real|maiden|preferred|nick|"
                 r"display|full|screen|nice|commenter|reviewer|traveller|traveler|passenger|invitee|inviter|referrer|"
       r"referee|friend|spouse|next of kin|kin|father|mother|attendee|participant|signer|respondent)")
# Social-login providers: a `name` in their tables is the person's name as the provider gave it.
SOCIAL_WORDS = frozenset({"facebook", "google", "twitter", "github", "gitlab", "linkedin", "apple", "social",
                          "oauth", "sso", "saml", "openid", "gplus", "instagram", "microsoft", "azure", "okta"})

RULES: tuple[NameRule, ...] = (
    # --- privacy preferences (before generic boolean flags) ---
    _r(r" (consent|consents|consented|opt in|optin|opt out|optout|opted in|opted out|marketing|newsletter|"
       r"unsubscribe|unsubscribed|do not track|dnt|gdpr|allow tracking|tracking allowed|cookie consent|"
       r"cookie settings?|cookie preferences?|privacy settings?|privacy preferences?|accepted terms|"
       r"terms accepted|accept terms|tos accepted|communication preferences?|contact preferences?|"
       r"allow (email|emails|sms|contact|marketing)|email opt in|sms opt in|do not (email|call|contact)) ",
       "user.privacy_preferences", 0.7, "privacy preference", "owned"),
    # --- birth (before timestamps) ---
    _r(r" (birth place|place of birth|country of birth|birth country|city of birth) ", "user.demographic", 0.6,
       "place of birth", "any"),
    _r(r" (date of birth|birth date|birth|born|birth year|year of birth|geburtsdatum|date naissance) ",
       "user.demographic.date_of_birth", 0.85, "date of birth", "any"),
    # --- special categories (Art. 9) and criminal data ---
    _r(r" (religion|religious|faith|denomination) ", "user.demographic.religious_belief",
       0.85, "religion", "any", "special:religion"),
    _r(r" (ethnicity|ethnic|ethnic group|race|racial|ethnic origin) ", "user.demographic.race_ethnicity", 0.85,
       "race or ethnicity", "any", "special:ethnicity"),
    _r(r" (sexual orientation|sexuality) ", "user.demographic.sexual_orientation", 0.9,
       "sexual orientation", "any", "special:sexual_orientation"),
    _r(r" (political|politics|political party|party affiliation|political affiliation|political opinion) ",
       "user.demographic.political_opinion", 0.85, "political opinion", "any", "special:politics"),
    _r(r" (trade union|union member|union membership) ", "user.demographic", 0.8, "trade-union membership", "any",
       "special:trade_union"),
    _r(r" (genetic|dna|genome|genotype|gene test) ", "user.health_and_medical.genetic", 0.85, "genetic data",
       "any", "special:genetic"),
    _r(r" (medical record number|mrn|medical record|chart number|health record) ",
       "user.health_and_medical.record_id", 0.8, "medical record id", "any", "special:health"),
    _r(r" (insurance|policy number) ", "user.health_and_medical.insurance_beneficiary_id", 0.6,
       "insurance beneficiary id", "owned", "special:health"),
    _r(r" (health|medical|diagnosis|diagnoses|allergy|allergies|medication|medications|prescription|"
       r"disability|disabilities|symptom|symptoms|blood type|blood group|treatment|vaccination|vaccine|"
       r"pregnant|pregnancy|illness|disease|icd|icd10|clinical|therapy|mental health) ",
       "user.health_and_medical", 0.8, "health data", "any", "special:health"),
    _r(r" (sdh|hard of hearing|hearing impaired|deaf|audio description|audio described|visually impaired|"
       r"sign language|screen reader|accessibility needs|accessibility need|disability access) ",
       "user.health_and_medical", 0.6, "accessibility need (implies a disability)", "owned", "special:health"),
    _r(r" (fingerprint template|fingerprint image|finger print|fingerprint hash) ", "user.biometric.fingerprint",
       0.85, "fingerprint", "any", "special:biometric"),
    _r(r" (retina|retinal|iris scan) ", "user.biometric.retinal", 0.8, "retina or iris scan", "any",
       "special:biometric"),
    _r(r" (voice print|voiceprint|voice sample) ", "user.biometric.voice", 0.8, "voice print", "any",
       "special:biometric"),
    _r(r" (biometric|biometrics|face template|face encoding|facial|face id) ", "user.biometric", 0.8,
       "biometric data", "any", "special:biometric"),
    _r(r" (criminal|conviction|convictions|offence|offense|offences|arrest|police record|criminal record|"
       r"background check) ", "user.criminal_history", 0.85, "criminal record", "any", "special:criminal"),
    _r(r" (marital status|marital|married|civil status) ", "user.demographic.marital_status", 0.8, "marital status",
       "any"),
    # --- payment cards and bank accounts (before timestamps: card expiry) ---
    _r(r" (card number|credit card|debit card|cc number|cc last 4|cc type|cc exp|cc expiry|pan|"
       r"card last 4|last 4|last four|card token|card fingerprint|card expiry|card exp|exp month|exp year|"
       r"expiry month|expiry year|cvv|cvc|card brand|card type|cardholder|card holder|masked card|masked pan) ",
       "user.financial.credit_card", 0.8, "payment card", "contact"),
    _r(r" (iban|bank account|bank account number|account number|routing number|sort code|bic|swift|bank code|"
       r"bsb|account holder) ", "user.financial.bank_account", 0.75, "bank account", "contact"),
    _r(r" (salary|income|wage|wages|credit score|net worth|credit limit) ", "user.financial", 0.7,
       "financial data", "owned"),
    # --- location derived from IPs or sessions (before IPs) ---
    _r(r" (ip|geo|login|current|last|detected|signup|sign up|registration|registered) "
       r"(city|country|region|location) ", "user.location.imprecise", 0.65, "imprecise location", "owned"),
    # --- network address (before timestamps: last_sign_in_ip) ---
    _r(r" (ip|ip address|remote address|client ip|ipv4|ipv6|x forwarded for|forwarded for) ",
       "user.device.ip_address", 0.85, "IP address", "contact"),
    # --- timestamps, dates and counters: not personal ---
    _r(r" (at|on|date|time|timestamp|datetime|until|since|expires|expire|expiry|expiration|expired|ttl|"
       r"year|month|day|hour|duration|seconds|minutes|ms) $", None, 0.85, "timestamp or date", "none"),
    _r(r"^ (created|updated|modified|deleted|inserted|changed|last modified|last updated|date|time|timestamp) ",
       None, 0.85, "record timestamp", "none"),
    _r(r" last (login|seen|sign in|signin|activity|active|visit|visited|used|access|accessed|emailed|posted) ",
       None, 0.8, "last-activity timestamp", "none"),
    _r(r" (count|counter|total count|number of|num of|attempts|tries|retries) ", None, 0.85, "counter", "none"),
    _r(r"^ (is|has|can|should|was|did|allow|enable|disable|show|hide|use|needs|requires|must) ", None, 0.85,
       "status flag", "none"),
    # --- credentials ---
    _r(r" (token|tokens|secret|secrets|otp|api key|access key|auth key|activation key|"
       r"session key|session id|session token|session data|recovery code|recovery codes|backup codes|"
       r"security question|security answer|verification code|confirmation code|magic link|nonce|"
       r"webauthn|credential|credentials|remember token|persistence token|perishable token|"
       r"key hash|private key|two factor|2fa|passkey|auth code|authentication code|one time password|"
       r"reset key|unlock key|oauth|openid) ",
       "user.authorization.credentials", 0.8, "authentication credential", "secret"),
    _r(r" (password|password hash|hashed password|encrypted password|password digest|crypted password|"
       r"password salt|salt|pin|pin hash|user password|passwort|mot de passe) ",
       "user.authorization.password", 0.85, "password or hash", "secret"),
    _r(r"^ key $", "user.authorization.credentials", 0.7, "authentication key", "secret_key"),
    # --- devices ---
    _r(r" (mac address|device id|device uuid|device identifier|idfa|gaid|android id|advertising id|"
       r"imei|udid|push token|fcm token|apns token|device token|hardware id|serial number) ",
       "user.device.device_id", 0.75, "device identifier", "owned"),
    _r(r" (cookie id|cookie|cookies|ga client id|cookie value) ", "user.device.cookie_id", 0.7, "cookie identifier",
       "owned"),
    _r(r" (user agent|browser|browser version|os|os version|operating system|device model|device type|"
       r"device name|device|platform version|screen resolution|http user agent|agent) ",
       "user.device", 0.65, "device or browser", "owned"),
    _r(r"^ (model|manufacturer|brand|make|maker|vendor|platform|carrier|os name|os ver|os version|"
       r"screen|resolution) $", "user.device", 0.6, "device model or maker", "device_table"),
    # --- contact details ---
    _r(r" email (template|templates|subject|body|content|format|frequency|digest|digests|setting|settings|"
       r"notification|notifications|level|type|status|sent|opt|domain|domains|provider|footer|header|"
       r"layout|queue|log|logs|campaign|list|lists|verified|confirmed|bounced|bounce|valid|enabled|"
       r"disabled|private|public|visible|hidden|always|policy|mode|in reply to|message id) ", None, 0.7,
       "email setting", "none"),
    _r(r" (to|from|cc|bcc|reply to|sender|recipient) (address|addresses) ", "user.contact.email", 0.7,
       "email address of a sender or recipient", "contact"),
    _r(r" (email|emails|email address|courriel|correo) ", "user.contact.email", 0.8, "email address", "contact"),
    _r(r" fax ", "user.contact.fax_number", 0.75, "fax number", "contact"),
    _r(r" (phone|phones|mobile number|cell number|contact number|telefon|telefono|whatsapp|sms number|"
       r"landline) ", "user.contact.phone_number", 0.8, "phone number", "contact"),
    _r(r" (postal code|post code|zip|postcode|pincode) ", "user.contact.address.postal_code", 0.75, "postal code",
       "contact"),
    _r(r" (street|address|address line|line 1|line 2|house number|apartment|apt|flat number|"
       r"street address|strasse|adresse|direccion) ", "user.contact.address.street", 0.7, "street address",
       "contact"),
    # --- location ---
    _r(r" (latitude|longitude|geo|geolocation|geo location|coordinates|coords|gps|geo point|geopoint|"
       r"lat long|location point|geohash) ", "user.location.precise", 0.75, "precise location", "owned"),
    _r(r" (location|current location|last location|hometown|home town|locality) ", "user.location.imprecise",
       0.6, "imprecise location", "person_attr"),
    _r(r" (city|town|ville|stadt|ciudad) ", "user.contact.address.city", 0.7, "city", "contact"),
    _r(r" (country|country code|country name) ", "user.contact.address.country", 0.6, "country", "contact"),
    _r(r" (state|province|region|county|state province|state code|prefecture) ", "user.contact.address.state",
       0.5, "state or region", "address"),
    _r(r" (time zone|timezone) ", "user.location.imprecise", 0.45, "time zone", "owned"),
    # --- names ---
    _r(r" (first name|given name|forename|vorname|prenom) ", "user.name.first", 0.85, "first name", "contact"),
    _r(r" (last name|surname|family name|nachname|apellido) ", "user.name.last", 0.85, "last name", "contact"),
    _r(r" (user name|login|handle|screen name|login name|user login|account name|nick name|nice name|alias) ",
       "user.account.username", 0.75, "username", "about"),
    _r(r" (middle name|middle initial|(?:" + _PERSON_WORDS[1:-1] + r") name) ", "user.name", 0.8, "personal name",
       "contact"),
    # --- workplace and job (before the bare `name`) ---
    _r(r" (employer|workplace|company|company name|organization|organisation|organization name|business name|"
       r"works at) ", "user.workplace", 0.6, "employer", "person"),
    _r(r" (job title|job|occupation|profession|position title|designation|job role|job position|function) ",
       "user.job_title", 0.7, "job title", "person"),
    _r(r"^ (full name|display name|real name|legal name|maiden name|contact person|name|names) $", "user.name", 0.7,
       "personal name", "person"),
    _r(r"^ (facebook|google|twitter|github|gitlab|linkedin|apple|social|oauth|sso|saml|instagram|microsoft) "
       r"(full |display |real )?name $", "user.name", 0.75, "name from a social login", "owned"),
    # --- government identifiers ---
    _r(r" (ssn|social security|nino|national id|national identification|national insurance|national number|"
       r"personal number|personnummer|bsn|codice fiscale|nif|dni|nie|cpf|aadhaar|pesel|sin|tin|tax id|"
       r"tax number|taxpayer id|melli code|national code|id card|identity card|id number|identity number|vat) ",
       "user.government_id.national_identification_number", 0.8, "national identity number", "contact"),
    _r(r" ss $", "user.government_id.national_identification_number", 0.6, "social security number", "person"),
    _r(r" (passport) ", "user.government_id.passport_number", 0.85, "passport number", "any"),
    _r(r" (driving license|drivers license|driver license|driving licence|drivers licence|driver licence|"
       r"license number|licence number) ", "user.government_id.drivers_license_number", 0.75, "driving licence",
       "contact"),
    _r(r" (birth certificate) ", "user.government_id.birth_certificate", 0.85, "birth certificate", "any"),
    _r(r" (visa|immigration|residence permit|work permit|alien number) ",
       "user.government_id.immigration", 0.75, "immigration document", "contact"),
    _r(r" (license plate|licence plate|number plate|vehicle registration|plate number|registration plate|vin) ",
       "user.government_id.vehicle_registration", 0.7, "vehicle registration", "contact"),
    # --- demographics ---
    _r(r" (age rating|age limit|age restriction|min age|max age|minimum age|maximum age|age certificate) ", None,
       0.8, "age rating", "none"),
    _r(r" (age|age range|age group|age bracket|age band) ", "user.demographic.age_range", 0.7, "age", "about"),
    _r(r" (gender|gender identity|pronoun|pronouns|salutation|geschlecht) ",
       "user.demographic.gender", 0.75, "gender", "about"),
    _r(r" (nationality|citizenship) ", "user.demographic", 0.75, "nationality", "any"),
    _r(r" (language|languages|locale|preferred language|mother tongue|native language) ",
       "user.demographic.language", 0.6, "language", "about"),
    _r(r" (interest|interests|hobby|hobbies|favorite|favourite|favorites|favourites|personality) ",
       "user.demographic.profile", 0.55, "profile and interests", "about"),
    # --- behaviour ---
    _r(r" (search query|search term|search terms|search string|query|search keyword|search|keyword|keywords|term) ",
       "user.behavior.search_history", 0.6, "search history", "search"),
    _r(r" (watch history|viewing history|view history|play history|playback|playback position|watched|"
       r"watch time|watch progress|last watched|watchlist|watch list|listening history|play position|"
       r"resume position|stream history|viewing progress|progress|position seconds|resume at) ",
       "user.behavior.media_consumption", 0.65, "media consumption", "media"),
    _r(r" (purchase history|order history|purchases|last order|last purchase|lifetime value|total spent|"
       r"ltv|purchased items) ", "user.behavior.purchase_history", 0.65, "purchase history", "owned"),
    _r(r" (website|homepage|home page|blog|url|website url|twitter|facebook|linkedin|instagram|github|skype|"
       r"social link|social links) ", "user.contact.url", 0.55, "personal web address", "person_or_prefixed"),
    _r(r" (page views|browsing history|visited|visited pages|page url|referrer|referer|landing page|"
       r"clickstream|click path|visited url|request path|request uri|page path|utm source|utm campaign|"
       r"utm medium|url|path) ", "user.behavior.browsing_history", 0.6, "browsing history", "browsing"),
    # --- content ---
    _r(r" (avatar|photo|picture|profile image|profile picture|profile photo|headshot|selfie|portrait|"
       r"profile background|gravatar|mugshot) ", "user.content.self_image", 0.7, "picture of the person", "owned"),
    _r(r"^ (about|about you|about yourself) $| (bio|biography|about me|signature|headline|tagline|"
       r"status message|profile text) ",
       "user.content.public", 0.65, "profile text the person published", "owned"),
    _r(r" (message|messages|note|notes|comment|comments|feedback|remark|remarks|memo|request body|complaint|"
       r"reason|body|content|text|raw|cooked|excerpt|subject|title|review|answer|reply|description|"
       r"details|summary|story|post|transcript|chat|conversation|question|additional information|"
       r"special instructions|instructions)( html| markdown| plain| raw| cooked| text| md)? $", "user.content.private", 0.6, "text written by a person",
       "content"),
    # --- social ---
    _r(r" (friends|followers|following|connections|contacts|friend list|blocked users|muted users|"
       r"social graph|relationships) ", "user.social", 0.65, "social connections", "owned"),
    # --- payment amounts of a person ---
    _r(r" (amount|amount paid|paid amount|price paid|total paid|charge amount|refund amount|grand total|"
       r"subtotal|total|paid|balance|payment amount|payment method|payment type|billing amount) ",
       "user.payment", 0.5, "payment of a person", "payment"),
    # --- other non-personal columns ---
    _r(r" (views|likes|score|rank|ranking|position|sort|sort order|order|ordering|sequence|seq|priority|weight|"
       r"version|lock version|status|type|kind|flag|flags|enabled|active|visible|deleted|archived|level|"
       r"trust level|mode|format|color|colour|theme|width|height|size|length|checksum|etag|mime type|"
       r"content type|extension|filename|file name|slug|uuid|guid|hash|code|currency|rate|percent|"
       r"quantity|stock|sku|tax|discount|price|cost) $", None, 0.7, "non-personal attribute", "none"),
)

# Names ending in an id: the person ones are identifiers of people; a few others name a personal identifier.
ID_RULES: tuple[NameRule, ...] = (
    _r(r" (device|android|advertising|hardware|vendor device|installation|push|idfa|gaid) id $",
       "user.device.device_id", 0.75, "device identifier", "owned"),
    _r(r"^ ad id $", "user.device.device_id", 0.7, "advertising identifier", "owned", needs_values=True),
    _r(r" (session) id $", "user.authorization.credentials", 0.7, "session identifier", "secret"),
    _r(r" (cookie|ga client|browser) id $", "user.device.cookie_id", 0.7, "cookie identifier", "owned"),
    _r(r" (anonymous|visitor|distinct|tracking|fingerprint|analytics|ga|segment anonymous) id $",
       "user.unique_id.pseudonymous", 0.7, "pseudonymous identifier", "any"),
    _r(r" (national|tax|taxpayer|personal|government|citizen|voter|social security) id $",
       "user.government_id.national_identification_number", 0.75, "national identity number", "contact"),
    _r(r" (passport) id $", "user.government_id.passport_number", 0.8, "passport number", "any"),
    _r(r" (country) id $", "user.contact.address.country", 0.5, "country", "contact"),
    _r(r" (external|extern|provider|social|oauth|oidc|saml|ldap|google|facebook|github|apple|twitter|"
       r"stripe customer|customer number|member number|patient number) (user )?(id|uid)s? $",
       "user.unique_id", 0.65, "identifier of a person in another system", "owned"),
)

# Nouns whose id is the id of a person (`user_id`, `author_id`, `created_by`).
PERSON_REF_NOUNS = frozenset({
    "user", "customer", "member", "patient", "author", "owner", "creator", "person", "employee", "subscriber",
    "contact", "account", "profile", "student", "buyer", "seller", "recipient", "sender", "assignee", "reporter",
    "reviewer", "approver", "actor", "uploader", "editor", "moderator", "follower", "followee", "following",
    "followed", "friend", "invitee", "inviter", "sponsor", "guardian", "doctor",
    "physician", "nurse", "staff", "admin", "participant", "attendee", "guest", "partner", "teacher", "pupil",
    "learner", "player", "applicant", "candidate", "volunteer", "donor", "traveler", "traveller", "passenger",
    "beneficiary", "commenter", "poster", "requester", "requestor", "operator", "resource owner",
    "target user", "acting user", "impersonator", "blocker", "blocked", "muted", "liker", "voter", "winner",
    "lead", "individual", "signer", "respondent", "pid", "uid",
})

# Words before a contact field that make it an organisation's or system's detail.
ORG_PREFIXES = frozenset({
    "company", "organization", "organisation", "org", "store", "shop", "vendor", "supplier", "merchant",
    "business", "support", "sales", "noreply", "smtp", "site", "tenant", "clinic", "facility",
    "branch", "office", "webhook", "system", "admin", "notification", "notifications",
    "default", "contact us", "help", "helpdesk", "info", "hospital", "pharmacy", "lab", "school", "bank",
    "warehouse", "corporate", "service", "server", "host", "mail server", "press", "billing dept",
    "agency", "insurer", "insurance company", "provider", "manufacturer", "carrier", "publisher", "brand",
})
# Words that make a secret a system credential, whatever table it sits in.
SYSTEM_SECRET_WORDS = frozenset({
    "smtp", "ldap", "db", "database", "redis", "webhook", "encryption", "signing", "jwt", "client", "app",
    "application", "server", "host", "proxy", "ftp", "sftp", "s3", "aws", "stripe", "paypal", "twilio",
    "sendgrid", "mailgun", "integration", "service", "tenant", "site", "system", "master", "root", "license",
    "licence", "consumer", "bot", "secret key base", "hmac", "cipher", "kms", "ssh", "gpg", "deploy", "runner",
    "registration", "shared", "store", "merchant", "vendor", "partner", "mail", "imap", "pop3", "sms",
    "recaptcha", "captcha", "pusher", "slack", "mailchimp", "salesforce", "hubspot", "firebase", "sentry",
})


@lru_cache(maxsize=65536)
def match_name(column: str) -> tuple[NameRule, ...]:
    """Every rule matching a column name, in priority order (the caller takes the first whose scope holds)."""
    toks = tuple(t for t in tokenize(column) if not t.isdigit() or t == "4")
    text = phrase(toks)
    return tuple(rule for rule in RULES if rule.pattern.search(text))


def has_org_prefix(tokens: tuple[str, ...]) -> bool:
    """True when a contact field is prefixed by an organisation word (`support_email`, `store_phone`)."""
    return bool(tokens) and any(t in ORG_PREFIXES for t in tokens[:-1])


def has_system_word(tokens: tuple[str, ...]) -> bool:
    """True when a secret is named as a system one (`smtp_password`, `webhook_secret`, `client_secret`)."""
    return any(t in SYSTEM_SECRET_WORDS for t in tokens)
