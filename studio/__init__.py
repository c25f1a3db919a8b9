"""api.video Studio: a desktop studio for api.video, with a local api.video emulator."""

__version__ = "0.1.0"
