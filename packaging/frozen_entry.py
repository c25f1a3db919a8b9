"""Entry script of the frozen build: one script, three programs picked by the executable's name.

``studio`` starts the app, ``studio-cli`` the command line, ``studio-emulator`` the local
api.video server. All three executables of the one-folder build come from this script, so
PyInstaller analyses the code once (two analyses doubled the build time).
"""

import sys
from pathlib import Path


def run() -> int:
    """Start the program this executable is named after."""
    program = Path(sys.argv[0]).stem.lower()
    if program == "studio-cli":
        from studio.cli.main import main as cli

        return cli()
    if program == "studio-emulator":
        from studio.emulator.cli import main as emulator

        return emulator()
    from studio.app import main as app

    return app()


raise SystemExit(run())
