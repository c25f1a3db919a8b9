"""Reusable widgets (editors, delegates, toolbars)."""
