"""What the app knows and does (upload queue, caches, settings, secrets); Qt only for signals."""
