# ruff: noqa: RUF001 - native spellings keep their own apostrophes and letters.
"""BCP-47 language tags for captions and chapters: validation and native display names.

api.video accepts tags made of letters and dashes (``en``, ``fr-CA``, ``zh-Hans-CN``,
``sr-Cyrl``; plus UN M.49 area codes such as ``es-419``) from the CLDR locale list and names
each one in its own language (``fr-CA`` -> ``Français (Canada)``).

This is a compact table written for the emulator, not CLDR. The emulator's rule:

* characters other than letters, digits and dashes, or empty subtags -> the "must contain only
  letters and dashes" problem;
* shape ``language[-Script][-REGION]`` where language is 2-3 letters, Script 4 letters and
  REGION 2 letters or 3 digits; anything else -> "is not valid";
* the language must be one this table knows (about 100 common ones) -> else "is not valid";
* a well-formed script or region this table does not know is accepted and shown by its code
  (``xx-QQ`` style regions are rare, refusing them would be stricter than useful).

Display names: the native language name with its first letter capitalised, then in parentheses
the script and region, named in that language where the table has the word, else in English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ALLOWED_CHARS = re.compile(r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}$")
_SCRIPT = re.compile(r"^[A-Za-z]{4}$")
_REGION = re.compile(r"^(?:[A-Za-z]{2}|\d{3})$")

FORMAT_DETAIL = (
    'The "language" attribute must contain only letters and dashes (for example "fr", "fr-BE").'
)
INVALID_DETAIL = 'The "language" attribute is not valid.'

# Native names (CLDR spelling, lower case where CLDR writes them so).
LANGUAGE_NAMES: dict[str, str] = {
    "af": "Afrikaans",
    "am": "አማርኛ",
    "ar": "العربية",
    "as": "অসমীয়া",
    "az": "azərbaycan",
    "be": "беларуская",
    "bg": "български",
    "bn": "বাংলা",
    "br": "brezhoneg",
    "bs": "bosanski",
    "ca": "català",
    "ceb": "Cebuano",
    "cs": "čeština",
    "cy": "Cymraeg",
    "da": "dansk",
    "de": "Deutsch",
    "el": "Ελληνικά",
    "en": "English",
    "eo": "esperanto",
    "es": "español",
    "et": "eesti",
    "eu": "euskara",
    "fa": "فارسی",
    "fi": "suomi",
    "fil": "Filipino",
    "fo": "føroyskt",
    "fr": "français",
    "fy": "Frysk",
    "ga": "Gaeilge",
    "gd": "Gàidhlig",
    "gl": "galego",
    "gu": "ગુજરાતી",
    "ha": "Hausa",
    "haw": "ʻŌlelo Hawaiʻi",
    "he": "עברית",
    "hi": "हिन्दी",
    "hr": "hrvatski",
    "ht": "créole haïtien",
    "hu": "magyar",
    "hy": "հայերեն",
    "id": "Indonesia",
    "ig": "Igbo",
    "is": "íslenska",
    "it": "italiano",
    "ja": "日本語",
    "jv": "Jawa",
    "ka": "ქართული",
    "kk": "қазақ тілі",
    "km": "ខ្មែរ",
    "kn": "ಕನ್ನಡ",
    "ko": "한국어",
    "ku": "kurdî",
    "ky": "кыргызча",
    "la": "Latina",
    "lb": "Lëtzebuergesch",
    "lo": "ລາວ",
    "lt": "lietuvių",
    "lv": "latviešu",
    "mg": "Malagasy",
    "mi": "Māori",
    "mk": "македонски",
    "ml": "മലയാളം",
    "mn": "монгол",
    "mr": "मराठी",
    "ms": "Melayu",
    "mt": "Malti",
    "my": "မြန်မာ",
    "nb": "norsk bokmål",
    "ne": "नेपाली",
    "nl": "Nederlands",
    "nn": "norsk nynorsk",
    "no": "norsk",
    "oc": "occitan",
    "or": "ଓଡ଼ିଆ",
    "pa": "ਪੰਜਾਬੀ",
    "pl": "polski",
    "ps": "پښتو",
    "pt": "português",
    "qu": "Runasimi",
    "rm": "rumantsch",
    "ro": "română",
    "ru": "русский",
    "rw": "Kinyarwanda",
    "sd": "سنڌي",
    "si": "සිංහල",
    "sk": "slovenčina",
    "sl": "slovenščina",
    "sm": "Gagana faʻa Sāmoa",
    "sn": "chiShona",
    "so": "Soomaali",
    "sq": "shqip",
    "sr": "српски",
    "st": "Sesotho",
    "su": "Basa Sunda",
    "sv": "svenska",
    "sw": "Kiswahili",
    "ta": "தமிழ்",
    "te": "తెలుగు",
    "tg": "тоҷикӣ",
    "th": "ไทย",
    "ti": "ትግርኛ",
    "tk": "türkmen dili",
    "tl": "Tagalog",
    "to": "lea fakatonga",
    "tr": "Türkçe",
    "tt": "татар",
    "ug": "ئۇيغۇرچە",
    "uk": "українська",
    "ur": "اردو",
    "uz": "o‘zbek",
    "vi": "Tiếng Việt",
    "wo": "Wolof",
    "xh": "isiXhosa",
    "yi": "ייִדיש",
    "yo": "Èdè Yorùbá",
    "yue": "粵語",
    "zh": "中文",
    "zu": "isiZulu",
}

SCRIPT_NAMES_EN: dict[str, str] = {
    "Arab": "Arabic",
    "Beng": "Bangla",
    "Cyrl": "Cyrillic",
    "Deva": "Devanagari",
    "Grek": "Greek",
    "Guru": "Gurmukhi",
    "Hans": "Simplified",
    "Hant": "Traditional",
    "Hebr": "Hebrew",
    "Jpan": "Japanese",
    "Kore": "Korean",
    "Latn": "Latin",
    "Taml": "Tamil",
    "Thai": "Thai",
}

# Script names in the language they qualify, where the table has the word.
SCRIPT_NAMES_NATIVE: dict[tuple[str, str], str] = {
    ("az", "Cyrl"): "kiril",
    ("az", "Latn"): "latın",
    ("bs", "Cyrl"): "ćirilica",
    ("bs", "Latn"): "latinica",
    ("pa", "Arab"): "عربی",
    ("pa", "Guru"): "ਗੁਰਮੁਖੀ",
    ("sr", "Cyrl"): "ћирилица",
    ("sr", "Latn"): "латиница",
    ("uz", "Arab"): "arab",
    ("uz", "Cyrl"): "kirill",
    ("uz", "Latn"): "lotin",
    ("yue", "Hans"): "简体",
    ("yue", "Hant"): "繁體",
    ("zh", "Hans"): "简体",
    ("zh", "Hant"): "繁體",
}

REGION_NAMES_EN: dict[str, str] = {
    "001": "World",
    "150": "Europe",
    "419": "Latin America",
    "AE": "United Arab Emirates",
    "AO": "Angola",
    "AR": "Argentina",
    "AT": "Austria",
    "AU": "Australia",
    "BA": "Bosnia & Herzegovina",
    "BE": "Belgium",
    "BO": "Bolivia",
    "BR": "Brazil",
    "BY": "Belarus",
    "CA": "Canada",
    "CH": "Switzerland",
    "CI": "Côte d’Ivoire",
    "CL": "Chile",
    "CM": "Cameroon",
    "CN": "China",
    "CO": "Colombia",
    "CR": "Costa Rica",
    "CU": "Cuba",
    "CZ": "Czechia",
    "DE": "Germany",
    "DK": "Denmark",
    "DO": "Dominican Republic",
    "DZ": "Algeria",
    "EC": "Ecuador",
    "EG": "Egypt",
    "ES": "Spain",
    "FI": "Finland",
    "FR": "France",
    "GB": "United Kingdom",
    "GR": "Greece",
    "GT": "Guatemala",
    "HK": "Hong Kong",
    "HN": "Honduras",
    "HT": "Haiti",
    "HU": "Hungary",
    "ID": "Indonesia",
    "IE": "Ireland",
    "IL": "Israel",
    "IN": "India",
    "IQ": "Iraq",
    "IR": "Iran",
    "IT": "Italy",
    "JO": "Jordan",
    "JP": "Japan",
    "KE": "Kenya",
    "KR": "South Korea",
    "KZ": "Kazakhstan",
    "LB": "Lebanon",
    "LI": "Liechtenstein",
    "LU": "Luxembourg",
    "MA": "Morocco",
    "MC": "Monaco",
    "ME": "Montenegro",
    "MO": "Macao",
    "MX": "Mexico",
    "MY": "Malaysia",
    "MZ": "Mozambique",
    "NG": "Nigeria",
    "NI": "Nicaragua",
    "NL": "Netherlands",
    "NO": "Norway",
    "NZ": "New Zealand",
    "PA": "Panama",
    "PE": "Peru",
    "PH": "Philippines",
    "PK": "Pakistan",
    "PL": "Poland",
    "PR": "Puerto Rico",
    "PT": "Portugal",
    "PY": "Paraguay",
    "QA": "Qatar",
    "RO": "Romania",
    "RS": "Serbia",
    "RU": "Russia",
    "SA": "Saudi Arabia",
    "SE": "Sweden",
    "SG": "Singapore",
    "SN": "Senegal",
    "SR": "Suriname",
    "SV": "El Salvador",
    "TH": "Thailand",
    "TN": "Tunisia",
    "TR": "Türkiye",
    "TW": "Taiwan",
    "UA": "Ukraine",
    "US": "United States",
    "UY": "Uruguay",
    "VE": "Venezuela",
    "VN": "Vietnam",
    "ZA": "South Africa",
}

# Region names in the language they qualify, for the pairs captions use most.
REGION_NAMES_NATIVE: dict[str, dict[str, str]] = {
    "ar": {
        "001": "العالم",
        "AE": "الإمارات العربية المتحدة",
        "DZ": "الجزائر",
        "EG": "مصر",
        "IQ": "العراق",
        "JO": "الأردن",
        "LB": "لبنان",
        "MA": "المغرب",
        "QA": "قطر",
        "SA": "المملكة العربية السعودية",
        "TN": "تونس",
    },
    "de": {
        "AT": "Österreich",
        "BE": "Belgien",
        "CH": "Schweiz",
        "DE": "Deutschland",
        "IT": "Italien",
        "LI": "Liechtenstein",
        "LU": "Luxemburg",
    },
    "es": {
        "419": "Latinoamérica",
        "AR": "Argentina",
        "BO": "Bolivia",
        "CL": "Chile",
        "CO": "Colombia",
        "CR": "Costa Rica",
        "CU": "Cuba",
        "DO": "República Dominicana",
        "EC": "Ecuador",
        "ES": "España",
        "GT": "Guatemala",
        "HN": "Honduras",
        "MX": "México",
        "NI": "Nicaragua",
        "PA": "Panamá",
        "PE": "Perú",
        "PR": "Puerto Rico",
        "PY": "Paraguay",
        "SV": "El Salvador",
        "US": "Estados Unidos",
        "UY": "Uruguay",
        "VE": "Venezuela",
    },
    "fr": {
        "BE": "Belgique",
        "CA": "Canada",
        "CH": "Suisse",
        "CI": "Côte d’Ivoire",
        "CM": "Cameroun",
        "DZ": "Algérie",
        "FR": "France",
        "HT": "Haïti",
        "LU": "Luxembourg",
        "MA": "Maroc",
        "MC": "Monaco",
        "SN": "Sénégal",
        "TN": "Tunisie",
    },
    "it": {"CH": "Svizzera", "IT": "Italia"},
    "nl": {"BE": "België", "NL": "Nederland", "SR": "Suriname"},
    "pt": {"AO": "Angola", "BR": "Brasil", "MZ": "Moçambique", "PT": "Portugal"},
    "ru": {"BY": "Беларусь", "KZ": "Казахстан", "RU": "Россия", "UA": "Украина"},
    "sr": {"BA": "Босна и Херцеговина", "ME": "Црна Гора", "RS": "Србија"},
    "sv": {"FI": "Finland", "SE": "Sverige"},
    "zh": {
        "CN": "中国",
        "HK": "中国香港特别行政区",
        "MO": "中国澳门特别行政区",
        "SG": "新加坡",
        "TW": "台湾",
    },
}


class LanguageError(ValueError):
    """A tag api.video would refuse; ``detail`` is the contract's problem detail."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


@dataclass(frozen=True)
class LanguageTag:
    """A checked tag: its parts in canonical case and its native display name."""

    tag: str  # as given
    language: str
    script: str | None
    region: str | None

    @property
    def key(self) -> str:
        """Canonical form (``zh-Hans-CN``), for case-insensitive lookups."""
        return "-".join(p for p in (self.language, self.script, self.region) if p)

    @property
    def display_name(self) -> str:
        return display_name(self)


def parse_tag(tag: str) -> LanguageTag:
    """Check a tag by the rules in the module docstring; raise LanguageError otherwise."""
    if not _ALLOWED_CHARS.match(tag):
        raise LanguageError(FORMAT_DETAIL)
    parts = tag.split("-")
    language = parts[0].lower()
    if not _LANGUAGE.match(language) or language not in LANGUAGE_NAMES:
        raise LanguageError(INVALID_DETAIL)
    script = region = None
    rest = parts[1:]
    if rest and _SCRIPT.match(rest[0]):
        script = rest.pop(0).title()
    if rest and _REGION.match(rest[0]):
        region = rest.pop(0).upper()
    if rest:
        raise LanguageError(INVALID_DETAIL)
    return LanguageTag(tag, language, script, region)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def display_name(tag: LanguageTag) -> str:
    """``Français (Canada)``, ``Српски (ћирилица)``, ``中文 (简体, 中国)``."""
    name = _capitalised(LANGUAGE_NAMES[tag.language])
    qualifiers = []
    if tag.script:
        native = SCRIPT_NAMES_NATIVE.get((tag.language, tag.script))
        qualifiers.append(native or SCRIPT_NAMES_EN.get(tag.script, tag.script))
    if tag.region:
        native = REGION_NAMES_NATIVE.get(tag.language, {}).get(tag.region)
        if native is None and tag.language == "en":
            native = REGION_NAMES_EN.get(tag.region)
        qualifiers.append(native or REGION_NAMES_EN.get(tag.region, tag.region))
    return f"{name} ({', '.join(qualifiers)})" if qualifiers else name
