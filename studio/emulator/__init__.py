"""A local api.video-compatible server (no Qt): tests, demo mode and offline work.

Start it in-process with :class:`studio.emulator.server.EmulatorServer` or standalone with the
``studio-emulator`` console script.
"""
