"""Entry script of the frozen build: one script, three programs picked by the executable's name.

``studio`` starts the app, ``studio-cli`` the command line, ``studio-emulator`` the local
api.video server. All three executables of the one-folder build come from this script, so
PyInstaller analyses the code once (two analyses doubled the build time).
"""

import sys
from pathlib import Path

program = Path(sys.argv[0]).stem.lower()
if program == "studio-cli":
    from studio.cli.main import main
elif program == "studio-emulator":
    from studio.emulator.cli import main
else:
    from studio.app import main

raise SystemExit(main())
