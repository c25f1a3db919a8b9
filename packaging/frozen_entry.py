"""Entry script of the frozen build: ``studio`` starts the app, ``studio-cli`` the command line.

Both executables of the one-folder build come from this one script (one PyInstaller analysis
instead of two halves the build time); the name each is started under picks the program.
"""

import sys
from pathlib import Path

if Path(sys.argv[0]).stem.lower() == "studio-cli":
    from studio.cli.main import main
else:
    from studio.app import main

raise SystemExit(main())
