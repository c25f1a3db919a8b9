"""A rough User-Agent reader for player sessions: device, operating system and client.

It recognises the common browsers and platforms by their tokens (good enough for the
emulator's analytics); anything else is the literal ``unknown``, as api.video reports it.
The ``dimension_*`` functions turn session values into the vocabulary of ``/data`` filters and
breakdowns (``computer``, ``mac osx``, ``chrome``...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNKNOWN = "unknown"


@dataclass(frozen=True)
class Platform:
    """The three session objects of raw statistics, as plain dicts."""

    device: dict[str, str]
    os: dict[str, str]
    client: dict[str, str]


def _version(pattern: str, ua: str, sep: str = ".") -> str:
    m = re.search(pattern, ua)
    return m.group(1).replace("_", sep) if m else UNKNOWN


def _device(ua: str) -> dict[str, str]:
    if re.search(r"PlayStation|Xbox|Nintendo", ua):
        kind = "console"
    elif re.search(r"SmartTV|SMART-TV|\bTV\b|AppleTV|CrKey", ua):
        kind = "tv"
    elif re.search(r"iPad|Tablet", ua) or ("Android" in ua and "Mobile" not in ua):
        kind = "tablet"
    elif re.search(r"Mobi|iPhone|iPod|Android", ua):
        kind = "mobile"
    elif re.search(r"Windows|Macintosh|X11|Linux|CrOS", ua):
        kind = "desktop"
    else:
        kind = UNKNOWN
    vendor = model = UNKNOWN
    if m := re.search(r"(iPhone|iPad|iPod)", ua):
        vendor, model = "Apple", m.group(1)
    elif "Macintosh" in ua:
        vendor, model = "Apple", "Mac"
    elif m := re.search(r"\b(SM-[A-Z0-9]+)", ua):
        vendor, model = "Samsung", m.group(1)
    elif m := re.search(r"\b(Pixel[ \w]*?)(?:\)|;| Build)", ua):
        vendor, model = "Google", m.group(1).strip()
    return {"type": kind, "vendor": vendor, "model": model}


def _os(ua: str) -> dict[str, str]:
    if m := re.search(r"Windows NT ([\d.]+)", ua):
        versions = {"10.0": "10", "6.3": "8.1", "6.2": "8", "6.1": "7"}
        return {
            "name": "Microsoft Windows",
            "shortname": "WIN",
            "version": versions.get(m[1], m[1]),
        }
    if re.search(r"iPhone|iPad|iPod", ua):
        return {"name": "iOS", "shortname": "IOS", "version": _version(r"OS (\d+[_\d]*)", ua)}
    if "Android" in ua:
        return {"name": "Android", "shortname": "AND", "version": _version(r"Android ([\d.]+)", ua)}
    if "CrOS" in ua:
        return {"name": "Chrome OS", "shortname": "COS", "version": UNKNOWN}
    if "Mac OS X" in ua:
        return {
            "name": "Mac OS X",
            "shortname": "MAC",
            "version": _version(r"Mac OS X ([\d_.]+)", ua),
        }
    if "Linux" in ua or "X11" in ua:
        return {"name": "GNU/Linux", "shortname": "LIN", "version": UNKNOWN}
    return {"name": UNKNOWN, "shortname": UNKNOWN, "version": UNKNOWN}


# Order matters: Edge and Opera also carry "Chrome/", Chrome also carries "Safari/".
_BROWSERS = (
    ("Microsoft Edge", r"Edg(?:e|A|iOS)?/([\d.]+)"),
    ("Opera", r"(?:OPR|Opera)/([\d.]+)"),
    ("Firefox", r"(?:Firefox|FxiOS)/([\d.]+)"),
    ("Chrome", r"(?:Chrome|CriOS)/([\d.]+)"),
    ("Safari", r"Version/([\d.]+).*Safari/"),
)


def _client(ua: str) -> dict[str, str]:
    for name, pattern in _BROWSERS:
        if m := re.search(pattern, ua):
            return {"type": "browser", "name": name, "version": m.group(1)}
    if m := re.match(r"([\w.-]+)/([\w.]+)", ua):  # curl/8.5, python-httpx/0.28, ...
        return {"type": "library", "name": m.group(1), "version": m.group(2)}
    return {"type": UNKNOWN, "name": UNKNOWN, "version": UNKNOWN}


def read_user_agent(ua: str | None) -> Platform:
    """Device, OS and client of a User-Agent string (``unknown`` where it says nothing)."""
    ua = ua or ""
    return Platform(_device(ua), _os(ua), _client(ua))


def dimension_device(device_type: str) -> str:
    """Raw-statistics device type -> ``/data`` deviceType."""
    mapping = {
        "desktop": "computer",
        "laptop": "computer",
        "mobile": "phone",
        "smartphone": "phone",
    }
    value = device_type.lower()
    value = mapping.get(value, value)
    known = ("computer", "phone", "tablet", "tv", "console", "wearable")
    return value if value in known else UNKNOWN


def dimension_os(os_name: str) -> str:
    """Raw-statistics OS name -> ``/data`` operatingSystem (``windows``, ``mac osx``...)."""
    name = os_name.lower()
    for needle, value in (
        ("windows", "windows"),
        ("mac", "mac osx"),
        ("ios", "ios"),
        ("android", "android"),
        ("chrome os", "chrome os"),
        ("linux", "linux"),
    ):
        if needle in name:
            return value
    return name or UNKNOWN


def dimension_browser(client_name: str) -> str:
    """Raw-statistics client name -> ``/data`` browser (``chrome``, ``edge``...)."""
    name = client_name.lower()
    return name.removeprefix("microsoft ") or UNKNOWN
