"""Outgoing webhooks (contract 8): signed JSON POSTs to every subscribed URL, with retries.

Body ``{"type": <event>, "emittedAt": <date-time>, ...fields}``; headers
``X-Api-Video-WebhookID`` and ``X-Api-Video-Signature`` (lowercase hex HMAC-SHA256 of the raw
body keyed with the webhook's ``signatureSecret``). A 1xx/2xx answer is a success; otherwise the
call is retried 3 times, 3 s apart. Deliveries run in the background and never delay the API.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
from typing import Any

import aiohttp
from aiohttp import web

from .app import STORE
from .ids import atom_now

KIND = "webhook"
RETRIES = 3
RETRY_DELAY_S = 3.0
TIMEOUT_S = 10.0

log = logging.getLogger(__name__)
# Strong references to deliveries in flight (the loop keeps only weak ones).
_in_flight: set[asyncio.Task[None]] = set()


def signature(secret: str, body: bytes) -> str:
    """The ``X-Api-Video-Signature`` value for ``body``."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


async def _deliver(url: str, webhook_id: str, secret: str, body: bytes) -> None:
    headers = {
        "Content-Type": "application/json",
        "X-Api-Video-WebhookID": webhook_id,
        "X-Api-Video-Signature": signature(secret, body),
    }
    timeout = aiohttp.ClientTimeout(total=TIMEOUT_S)
    for attempt in range(RETRIES + 1):
        try:
            async with (
                aiohttp.ClientSession(timeout=timeout) as session,
                session.post(url, data=body, headers=headers) as resp,
            ):
                if resp.status < 300:
                    return
                log.info("webhook %s answered %s (attempt %d)", url, resp.status, attempt + 1)
        except (aiohttp.ClientError, TimeoutError) as exc:
            log.info("webhook %s failed: %s (attempt %d)", url, exc, attempt + 1)
        if attempt < RETRIES:
            await asyncio.sleep(RETRY_DELAY_S)


def emit_event(app: web.Application, project_id: str, event: str, fields: dict[str, Any]) -> int:
    """Send ``event`` to the project's webhooks subscribed to it; returns how many were sent.

    Call it from the server's loop (a request handler or a task on it).
    """
    body = json.dumps({"type": event, "emittedAt": atom_now(), **fields}).encode()
    sent = 0
    for hook in app[STORE].list(project_id, KIND):
        if event not in hook.get("events", []):
            continue
        task = asyncio.get_running_loop().create_task(
            _deliver(hook["url"], hook["webhookId"], hook["signatureSecret"], body)
        )
        _in_flight.add(task)
        task.add_done_callback(_in_flight.discard)
        sent += 1
    return sent
