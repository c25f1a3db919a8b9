"""Smaller resources of the 2.6 clients: webhooks, watermarks and summaries (contract 3.10),
each in its own module; this one only registers them."""

from __future__ import annotations

from aiohttp import web

from . import summaries, watermarks, webhooks


def setup(app: web.Application) -> None:
    webhooks.setup(app)
    watermarks.setup(app)
    summaries.setup(app)
