"""The `fwmy` command line: typer lives here and nowhere else.

Importing this package costs nothing: `main` imports the app, so that a Ctrl-C while typer and the
commands are being imported (the first ~0.25 s) ends the run as any other Ctrl-C does, without a traceback.
"""

import os


def main() -> None:
    """Console-script entry (`fwmy`, `python -m fuwumaoyi_cli`)."""
    try:
        from fuwumaoyi_cli.cli.process import main as run_main

        run_main()
    except KeyboardInterrupt:
        os._exit(130)  # ExitCode.INTERRUPTED, which may not be imported yet


__all__ = ["main"]
