"""Route modules of the emulator, one per api.video resource; each exposes ``setup(app)``."""
