"""The `fwmy` command line: typer lives here and nowhere else."""

from fuwumaoyi_cli.cli.process import main

__all__ = ["main"]
