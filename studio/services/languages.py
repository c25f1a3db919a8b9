# ruff: noqa: RUF001 - native names keep their own letters and punctuation.
"""BCP-47 language tags for captions and chapters, with English and native names for the UI.

api.video takes a tag made of letters and dashes (``en``, ``fr-CA``, ``zh-Hans-CN``, ``es-419``)
from the CLDR locale list. The studio offers the common ones below in a searchable list; any
other well-formed tag may still be typed, and is named from its parts when they are known.

A compact table, not CLDR: about 110 languages and the regional and script variants people
caption in most often.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

_SHAPE = re.compile(r"([A-Za-z]{2,3})(?:-([A-Za-z]{4}))?(?:-([A-Za-z]{2}|[0-9]{3}))?")


@dataclass(frozen=True)
class Language:
    """A tag with its English name and its name in that language."""

    tag: str
    english: str
    native: str

    @property
    def label(self) -> str:
        """What a list shows: ``French (Canada) — Français (Canada)`` (one name if they match)."""
        if self.native and self.native.casefold() != self.english.casefold():
            return f"{self.english} — {self.native}"
        return self.english

    def matches(self, query: str) -> bool:
        """True when ``query`` is part of the tag or of either name (case-insensitive)."""
        needle = query.strip().casefold()
        return not needle or any(
            needle in text.casefold() for text in (self.tag, self.english, self.native)
        )


# tag | English | native  (one per line; variants follow their language)
_TABLE = """
af|Afrikaans|Afrikaans
am|Amharic|አማርኛ
ar|Arabic|العربية
ar-EG|Arabic (Egypt)|العربية (مصر)
ar-SA|Arabic (Saudi Arabia)|العربية (المملكة العربية السعودية)
as|Assamese|অসমীয়া
az|Azerbaijani|Azərbaycan
be|Belarusian|Беларуская
bg|Bulgarian|Български
bn|Bangla|বাংলা
br|Breton|Brezhoneg
bs|Bosnian|Bosanski
ca|Catalan|Català
ceb|Cebuano|Cebuano
cs|Czech|Čeština
cy|Welsh|Cymraeg
da|Danish|Dansk
de|German|Deutsch
de-AT|German (Austria)|Deutsch (Österreich)
de-CH|German (Switzerland)|Deutsch (Schweiz)
de-DE|German (Germany)|Deutsch (Deutschland)
el|Greek|Ελληνικά
en|English|English
en-AU|English (Australia)|English (Australia)
en-CA|English (Canada)|English (Canada)
en-GB|English (United Kingdom)|English (United Kingdom)
en-IN|English (India)|English (India)
en-US|English (United States)|English (United States)
eo|Esperanto|Esperanto
es|Spanish|Español
es-419|Spanish (Latin America)|Español (Latinoamérica)
es-ES|Spanish (Spain)|Español (España)
es-MX|Spanish (Mexico)|Español (México)
et|Estonian|Eesti
eu|Basque|Euskara
fa|Persian|فارسی
fi|Finnish|Suomi
fil|Filipino|Filipino
fo|Faroese|Føroyskt
fr|French|Français
fr-BE|French (Belgium)|Français (Belgique)
fr-CA|French (Canada)|Français (Canada)
fr-CH|French (Switzerland)|Français (Suisse)
fr-FR|French (France)|Français (France)
fy|Western Frisian|Frysk
ga|Irish|Gaeilge
gd|Scottish Gaelic|Gàidhlig
gl|Galician|Galego
gu|Gujarati|ગુજરાતી
ha|Hausa|Hausa
haw|Hawaiian|ʻŌlelo Hawaiʻi
he|Hebrew|עברית
hi|Hindi|हिन्दी
hr|Croatian|Hrvatski
ht|Haitian Creole|Kreyòl ayisyen
hu|Hungarian|Magyar
hy|Armenian|Հայերեն
id|Indonesian|Indonesia
ig|Igbo|Igbo
is|Icelandic|Íslenska
it|Italian|Italiano
ja|Japanese|日本語
jv|Javanese|Jawa
ka|Georgian|ქართული
kk|Kazakh|Қазақ тілі
km|Khmer|ខ្មែរ
kn|Kannada|ಕನ್ನಡ
ko|Korean|한국어
ku|Kurdish|Kurdî
ky|Kyrgyz|Кыргызча
la|Latin|Lingua Latina
lb|Luxembourgish|Lëtzebuergesch
lo|Lao|ລາວ
lt|Lithuanian|Lietuvių
lv|Latvian|Latviešu
mg|Malagasy|Malagasy
mi|Māori|Māori
mk|Macedonian|Македонски
ml|Malayalam|മലയാളം
mn|Mongolian|Монгол
mr|Marathi|मराठी
ms|Malay|Melayu
mt|Maltese|Malti
my|Burmese|မြန်မာ
nb|Norwegian Bokmål|Norsk bokmål
ne|Nepali|नेपाली
nl|Dutch|Nederlands
nl-BE|Flemish|Nederlands (België)
nn|Norwegian Nynorsk|Norsk nynorsk
no|Norwegian|Norsk
oc|Occitan|Occitan
or|Odia|ଓଡ଼ିଆ
pa|Punjabi|ਪੰਜਾਬੀ
pl|Polish|Polski
ps|Pashto|پښتو
pt|Portuguese|Português
pt-BR|Portuguese (Brazil)|Português (Brasil)
pt-PT|Portuguese (Portugal)|Português (Portugal)
qu|Quechua|Runasimi
rm|Romansh|Rumantsch
ro|Romanian|Română
ru|Russian|Русский
rw|Kinyarwanda|Kinyarwanda
sd|Sindhi|سنڌي
si|Sinhala|සිංහල
sk|Slovak|Slovenčina
sl|Slovenian|Slovenščina
sm|Samoan|Gagana Sāmoa
sn|Shona|ChiShona
so|Somali|Soomaali
sq|Albanian|Shqip
sr|Serbian|Српски
sr-Cyrl|Serbian (Cyrillic)|Српски (ћирилица)
sr-Latn|Serbian (Latin)|Srpski (latinica)
st|Southern Sotho|Sesotho
su|Sundanese|Basa Sunda
sv|Swedish|Svenska
sw|Swahili|Kiswahili
ta|Tamil|தமிழ்
te|Telugu|తెలుగు
tg|Tajik|Тоҷикӣ
th|Thai|ไทย
ti|Tigrinya|ትግርኛ
tk|Turkmen|Türkmen dili
to|Tongan|Lea fakatonga
tr|Turkish|Türkçe
tt|Tatar|Татар
ug|Uyghur|ئۇيغۇرچە
uk|Ukrainian|Українська
ur|Urdu|اردو
uz|Uzbek|Oʻzbek
vi|Vietnamese|Tiếng Việt
wo|Wolof|Wolof
xh|Xhosa|isiXhosa
yi|Yiddish|ייִדיש
yo|Yoruba|Èdè Yorùbá
yue|Cantonese|粵語
zh|Chinese|中文
zh-Hans|Chinese (Simplified)|中文（简体）
zh-Hans-CN|Chinese (Simplified, China)|中文（简体，中国）
zh-Hant|Chinese (Traditional)|中文（繁體）
zh-Hant-HK|Chinese (Traditional, Hong Kong)|中文（繁體，香港）
zh-Hant-TW|Chinese (Traditional, Taiwan)|中文（繁體，台灣）
zu|Zulu|isiZulu
"""

# English names of regions and scripts, for tags the table does not list (``de-BE`` ...).
_REGIONS = {
    "001": "World", "419": "Latin America", "AR": "Argentina", "AT": "Austria",
    "AU": "Australia", "BE": "Belgium", "BR": "Brazil", "CA": "Canada", "CH": "Switzerland",
    "CL": "Chile", "CN": "China", "CO": "Colombia", "DE": "Germany", "DK": "Denmark",
    "EG": "Egypt", "ES": "Spain", "FI": "Finland", "FR": "France", "GB": "United Kingdom",
    "HK": "Hong Kong", "IE": "Ireland", "IN": "India", "IT": "Italy", "JP": "Japan",
    "KR": "South Korea", "LU": "Luxembourg", "MA": "Morocco", "MX": "Mexico",
    "NL": "Netherlands", "NZ": "New Zealand", "PE": "Peru", "PH": "Philippines",
    "PT": "Portugal", "SA": "Saudi Arabia", "SE": "Sweden", "SG": "Singapore",
    "TW": "Taiwan", "US": "United States", "ZA": "South Africa",
}  # fmt: skip
_SCRIPTS = {
    "Arab": "Arabic", "Cyrl": "Cyrillic", "Deva": "Devanagari", "Hans": "Simplified",
    "Hant": "Traditional", "Latn": "Latin",
}  # fmt: skip


@cache
def languages() -> tuple[Language, ...]:
    """Every language of the table, in table order (alphabetical by tag)."""
    rows = (line.split("|") for line in _TABLE.strip().splitlines())
    return tuple(Language(tag, english, native) for tag, english, native in rows)


@cache
def _by_tag() -> dict[str, Language]:
    return {language.tag.casefold(): language for language in languages()}


def canonical_tag(text: str) -> str | None:
    """``text`` as a tag in its usual case (``fr-ca`` -> ``fr-CA``), or None when malformed.

    Well-formed here means what api.video takes: ``language[-Script][-REGION]`` with a 2-3
    letter language, a 4 letter script and a 2 letter or 3 digit region, joined by dashes.
    """
    match = _SHAPE.fullmatch(text.strip())
    if match is None:
        return None
    language, script, region = match.groups()
    parts = [language.lower()]
    if script:
        parts.append(script.title())
    if region:
        parts.append(region.upper())
    return "-".join(parts)


def find_language(tag: str) -> Language | None:
    """The table's entry for ``tag`` (any case), or None."""
    return _by_tag().get(tag.strip().casefold())


def describe(tag: str) -> Language:
    """A :class:`Language` for any tag: the table's, else one named from the tag's parts."""
    known = find_language(tag)
    if known is not None:
        return known
    canonical = canonical_tag(tag)
    if canonical is None:
        return Language(tag, tag, "")
    language, *rest = canonical.split("-")
    base = find_language(language)
    if base is None:
        return Language(canonical, canonical, "")
    details = [_SCRIPTS.get(part, _REGIONS.get(part, part)) for part in rest]
    english = f"{base.english} ({', '.join(details)})" if details else base.english
    return Language(canonical, english, "")


def search(query: str) -> list[Language]:
    """Table entries matching ``query``: exact tag first, then names that start with it."""
    needle = query.strip().casefold()
    found = [language for language in languages() if language.matches(needle)]

    def rank(language: Language) -> tuple[int, str]:
        if language.tag.casefold() == needle:
            return (0, language.english)
        if language.english.casefold().startswith(needle):
            return (1, language.english)
        if language.native.casefold().startswith(needle):
            return (2, language.english)
        return (3, language.english)

    return sorted(found, key=rank)
