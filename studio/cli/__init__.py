"""``studio-cli``: the studio's command line, on the same client, projects and upload queue.

Each command group lives in its own module (``login``, ``videos``, ``upload``, ``live``,
``tokens``, ``players``); ``main`` wires them into argparse and turns failures into exit codes.
"""
