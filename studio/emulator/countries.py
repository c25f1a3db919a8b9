"""Countries of viewers: English name (raw statistics) -> ISO alpha-2 code and continent.

A compact table of the countries most often seen, written for the emulator. The ``/data``
analytics break down and filter by ``country`` (alpha-2) and ``continent`` (GeoNames codes);
a country this table does not know is ``unknown`` for both.
"""

from __future__ import annotations

UNKNOWN = "unknown"
CONTINENTS = ("AF", "AN", "AS", "EU", "NA", "OC", "SA")

# English name -> (alpha-2, continent)
COUNTRIES: dict[str, tuple[str, str]] = {
    "Algeria": ("DZ", "AF"),
    "Argentina": ("AR", "SA"),
    "Australia": ("AU", "OC"),
    "Austria": ("AT", "EU"),
    "Bangladesh": ("BD", "AS"),
    "Belgium": ("BE", "EU"),
    "Brazil": ("BR", "SA"),
    "Bulgaria": ("BG", "EU"),
    "Canada": ("CA", "NA"),
    "Chile": ("CL", "SA"),
    "China": ("CN", "AS"),
    "Colombia": ("CO", "SA"),
    "Croatia": ("HR", "EU"),
    "Czechia": ("CZ", "EU"),
    "Czech Republic": ("CZ", "EU"),
    "Denmark": ("DK", "EU"),
    "Egypt": ("EG", "AF"),
    "Estonia": ("EE", "EU"),
    "Finland": ("FI", "EU"),
    "France": ("FR", "EU"),
    "Germany": ("DE", "EU"),
    "Greece": ("GR", "EU"),
    "Hong Kong": ("HK", "AS"),
    "Hungary": ("HU", "EU"),
    "Iceland": ("IS", "EU"),
    "India": ("IN", "AS"),
    "Indonesia": ("ID", "AS"),
    "Iran": ("IR", "AS"),
    "Ireland": ("IE", "EU"),
    "Israel": ("IL", "AS"),
    "Italy": ("IT", "EU"),
    "Japan": ("JP", "AS"),
    "Kenya": ("KE", "AF"),
    "Luxembourg": ("LU", "EU"),
    "Malaysia": ("MY", "AS"),
    "Mexico": ("MX", "NA"),
    "Morocco": ("MA", "AF"),
    "Netherlands": ("NL", "EU"),
    "New Zealand": ("NZ", "OC"),
    "Nigeria": ("NG", "AF"),
    "Norway": ("NO", "EU"),
    "Pakistan": ("PK", "AS"),
    "Peru": ("PE", "SA"),
    "Philippines": ("PH", "AS"),
    "Poland": ("PL", "EU"),
    "Portugal": ("PT", "EU"),
    "Romania": ("RO", "EU"),
    "Russia": ("RU", "EU"),
    "Saudi Arabia": ("SA", "AS"),
    "Senegal": ("SN", "AF"),
    "Serbia": ("RS", "EU"),
    "Singapore": ("SG", "AS"),
    "Slovakia": ("SK", "EU"),
    "Slovenia": ("SI", "EU"),
    "South Africa": ("ZA", "AF"),
    "South Korea": ("KR", "AS"),
    "Spain": ("ES", "EU"),
    "Sweden": ("SE", "EU"),
    "Switzerland": ("CH", "EU"),
    "Taiwan": ("TW", "AS"),
    "Thailand": ("TH", "AS"),
    "Tunisia": ("TN", "AF"),
    "Turkey": ("TR", "AS"),
    "Türkiye": ("TR", "AS"),
    "Ukraine": ("UA", "EU"),
    "United Arab Emirates": ("AE", "AS"),
    "United Kingdom": ("GB", "EU"),
    "United States": ("US", "NA"),
    "United States of America": ("US", "NA"),
    "Venezuela": ("VE", "SA"),
    "Vietnam": ("VN", "AS"),
}
_BY_CODE = {code: (code, continent) for code, continent in COUNTRIES.values()}


def locate(country: str | None) -> tuple[str, str]:
    """``(alpha-2, continent)`` of a country given by English name or by code."""
    if not country:
        return UNKNOWN, UNKNOWN
    found = COUNTRIES.get(country) or _BY_CODE.get(country.upper())
    return found if found else (UNKNOWN, UNKNOWN)
