"""Thin Qt item models over service state."""
