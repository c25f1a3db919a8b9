"""Async api.video client on httpx (no Qt): auth, typed models, every resource, uploads."""

from .client import PRODUCTION_URL, SANDBOX_URL, ApiVideoClient, RateLimitState
from .errors import ApiError, TransportError

__all__ = [
    "PRODUCTION_URL",
    "SANDBOX_URL",
    "ApiError",
    "ApiVideoClient",
    "RateLimitState",
    "TransportError",
]
