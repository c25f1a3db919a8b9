"""``python -m studio`` starts the desktop app."""

from studio.app import main

raise SystemExit(main())
