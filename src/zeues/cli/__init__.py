"""The `zeues` command (Typer): one module per command group."""

from __future__ import annotations

import typer

from zeues.cli import server
from zeues.cli.backup import backup_cmd, restore_cmd
from zeues.cli.spanish import SpanishGroup
from zeues.cli.transfer import export_app, import_app
from zeues.ops.e2e.command import e2e_command
from zeues.ops.loadtest.command import loadtest_command
from zeues.ops.monitor.command import monitor_command

app = typer.Typer(
    help="ZEUES: trazabilidad de spools en tiempo real.",
    no_args_is_help=True,
    cls=SpanishGroup,
    add_completion=False,
)
app.registered_commands += server.app.registered_commands
app.command("backup")(backup_cmd)
app.command("restore")(restore_cmd)
app.add_typer(server.db_app, name="db")
app.add_typer(server.config_app, name="config")
app.add_typer(import_app, name="import")
app.add_typer(export_app, name="export")
# Operator tools: each command imports its optional libraries (zeues[ops]) only when it runs.
app.command("e2e")(e2e_command)
app.command("monitor")(monitor_command)
app.command("loadtest")(loadtest_command)


def main() -> None:
    app(prog_name="zeues")  # also when run as `python -m zeues`
