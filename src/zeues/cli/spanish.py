"""The `zeues` command in Spanish from top to bottom: Typer's help headings, its usage line, the
type shown beside each option, and the messages of a mistyped command line (issue 20, item 4).

Typer (pinned in pyproject.toml) vendors Click without gettext, so there is no catalogue to
install: its help headings are module settings of `typer.rich_utils`, the usage line comes from
the context's formatter class, and a command-line mistake is an exception with structured fields
(the parameter, the option name, pydantic's errors) from which the Spanish sentence is built
here. `SpanishGroup` is the root group: it localises the command tree once and shows every
command-line mistake in Spanish, for `zeues` and for the test runner alike."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import typer
from pydantic import ValidationError
from typer import _click, rich_utils
from typer._click.exceptions import (
    BadOptionUsage,
    BadParameter,
    ClickException,
    MissingParameter,
    NoSuchOption,
    UsageError,
)
from typer.core import TyperArgument, TyperGroup, TyperOption

HELP = "Muestra esta ayuda y termina."
TEXTS = {
    "DEPRECATED_STRING": "(obsoleto) ",
    "DEFAULT_STRING": "[por omisión: {}]",
    "ENVVAR_STRING": "[variable de entorno: {}]",
    "REQUIRED_LONG_STRING": "[obligatorio]",
    "ARGUMENTS_PANEL_TITLE": "Argumentos",
    "OPTIONS_PANEL_TITLE": "Opciones",
    "COMMANDS_PANEL_TITLE": "Comandos",
    "ERRORS_PANEL_TITLE": "Error",
    "ABORTED_TEXT": "Cancelado.",
    "RICH_HELP": "Para ver la ayuda: [blue]{command_path} {help_option}[/]",
}
# What the help shows beside an option that takes a value, by the value's Python type.
KINDS = {int: "NÚMERO", float: "NÚMERO", str: "TEXTO", Path: "RUTA"}
# Messages the parser writes as plain text, and their Spanish form.
PARSER_MESSAGES = [
    (re.compile(r"Got unexpected extra argument\(s\) \((.*)\)"), "sobra: «{0}»"),
    (
        re.compile(r"No such command '(.*)'\. Did you mean '(.*)'\?"),
        "no existe el comando «{0}»; ¿quiso decir «{1}»?",
    ),
    (re.compile(r"No such command '(.*)'\."), "no existe el comando «{0}»"),
    (re.compile(r"Missing command\."), "falta el comando"),
]
# pydantic's error types (validation of option values) and their Spanish sentence.
PYDANTIC = {
    "less_than_equal": "debe ser como máximo {le}",
    "less_than": "debe ser menor que {lt}",
    "greater_than_equal": "debe ser al menos {ge}",
    "greater_than": "debe ser mayor que {gt}",
    "int_parsing": "debe ser un número entero",
    "int_from_float": "debe ser un número entero",
    "float_parsing": "debe ser un número",
    "bool_parsing": "debe ser sí o no (true/false)",
    "literal_error": "debe ser uno de: {expected}",
    "enum": "debe ser uno de: {expected}",
    "string_too_short": "es demasiado corto",
    "string_too_long": "es demasiado largo",
}


class SpanishArgument(TyperArgument):
    """An argument shown by its Spanish name alone (`ARCHIVO`, `[ARCHIVO]` when optional),
    without Typer's English type (`<path>`)."""

    def display_type_rich(self, ctx: _click.Context) -> str | None:
        return None

    def _usage_display_name(self) -> str:
        return self.display_name_raw if self.required else f"[{self.display_name_raw}]"


class SpanishFormatter(_click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "Uso: " if prefix is None else prefix)


class SpanishContext(_click.Context):
    formatter_class = SpanishFormatter


def localise(command: _click.Command) -> None:
    """Spanish usage line, metavars and help option for `command` and everything under it."""
    command.context_class = SpanishContext
    if command.options_metavar:
        command.options_metavar = "[OPCIONES]"
    if isinstance(command, TyperGroup):
        command.subcommand_metavar = "COMANDO [ARGUMENTOS]..."
        for sub in command.commands.values():
            localise(sub)
    help_option = command.get_help_option(SpanishContext(command))
    for param in [*command.params, *([help_option] if help_option else [])]:
        param.metavar = _metavar(param)
        if isinstance(param, TyperArgument):
            param.__class__ = SpanishArgument  # Typer has no hook for the parameter class
        if param is help_option:
            param.help = HELP


def _metavar(param: Any) -> str | None:
    """A flag shows no value; an option or argument shows its kind of value in Spanish."""
    if isinstance(param, TyperOption) and param.is_flag:
        return ""
    if param.metavar:
        return str(param.metavar)
    annotation = param.type_descriptor.annotation
    if param.type_descriptor.is_choice:
        return None  # Typer lists the choices
    kind = KINDS.get(annotation)
    if kind is None:
        return None
    return kind if isinstance(param, TyperOption) else param.name.upper()


def explain(exc: ClickException) -> str:
    """A command-line mistake as one Spanish sentence."""
    if isinstance(exc, MissingParameter):
        kind = "la opción" if isinstance(exc.param, TyperOption) else "el argumento"
        return f"falta {kind} {_name(exc)}"
    if isinstance(exc, BadParameter):
        return f"valor no válido para {_name(exc)}: {_reason(exc)}"
    if isinstance(exc, NoSuchOption):
        text = f"no existe la opción «{exc.option_name}»"
        if exc.possibilities:
            text += "; ¿quiso decir " + " o ".join(sorted(exc.possibilities)) + "?"
        return text
    if isinstance(exc, BadOptionUsage):
        return f"la opción «{exc.option_name}» necesita un valor"
    for pattern, spanish in PARSER_MESSAGES:
        found = pattern.fullmatch(exc.message)
        if found:
            return spanish.format(*found.groups())
    return exc.message


def _name(exc: BadParameter) -> str:
    param = exc.param
    if param is None:
        return "un parámetro"
    if isinstance(param, TyperOption):
        return (
            "«"
            + " / ".join(o for o in param.opts if o.startswith("--") or len(param.opts) == 1)
            + "»"
        )
    return f"«{param.display_name_raw}»"


def _reason(exc: BadParameter) -> str:
    cause = exc.__cause__
    if isinstance(cause, ValidationError):
        return "; ".join(_pydantic(e["type"], e.get("ctx") or {}) for e in cause.errors())
    return exc.message


def _pydantic(kind: str, ctx: dict[str, Any]) -> str:
    template = PYDANTIC.get(kind)
    return template.format(**ctx) if template else "valor no aceptado"


class SpanishGroup(TyperGroup):
    """The root group: localises the tree, then runs it showing every command-line mistake in
    Spanish (exit 2, as Click does)."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        for name, text in TEXTS.items():
            setattr(rich_utils, name, text)
        localise(self)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except UsageError as exc:
            if not standalone_mode:
                raise
            if exc.__class__.__name__ != "NoArgsIsHelpError":
                shown = UsageError(explain(exc), exc.ctx)
                rich_utils.rich_format_error(shown)
            sys.exit(exc.exit_code)
        except ClickException as exc:
            if not standalone_mode:
                raise
            rich_utils.rich_format_error(ClickException(explain(exc)))
            sys.exit(exc.exit_code)
        except typer.Abort:
            if not standalone_mode:
                raise
            rich_utils.rich_abort_error()
            sys.exit(1)
        if standalone_mode:
            sys.exit(code if isinstance(code, int) else 0)
        return code


def existing_file(value: Path) -> Path:
    """Callback of a FILE argument: the file must exist and be readable (said in Spanish)."""
    if not value.exists():
        raise typer.BadParameter(f"no existe el archivo «{value}»")
    if value.is_dir():
        raise typer.BadParameter(f"«{value}» es una carpeta, no un archivo")
    try:
        with value.open("rb"):
            pass
    except OSError as exc:
        raise typer.BadParameter(f"no se puede leer «{value}» ({exc.strerror})") from exc
    return value
