"""click's own words in the chosen language: usage errors and help.

click writes "Usage:", "Missing option", "No such option" and "Try ... for help" in English,
and shows each command's and option's help as written in the code. kongtun's commands are
:class:`KongtunCommand` (and the group :class:`KongtunGroup` of :mod:`kongtun.cli.common`):
they read ``--lang`` from the command line before click parses it, so that

- a usage error (an option missing, unknown, without its value; a value not among the
  choices; an argument too many) is worded from kongtun's catalog in that language, and
- ``--help`` shows the usage, the command's help and every option's help translated: the
  help texts are catalog messages (``help=N_(...)``), translated when they are shown.

Thai is the default, as for every message.
"""

from __future__ import annotations

import importlib.metadata
import inspect
from collections.abc import Sequence
from typing import Any, NoReturn

import click

from kongtun.ledger.i18n import DEFAULT_LANG, N_, Lang, N_n, gettext, ngettext, parse_lang

#: where the language is kept for the whole command line (click's meta is shared by every
#: context of one invocation)
LANG_META = "kongtun.lang"

USAGE = N_("Usage:")
OPTIONS_METAVAR = N_("[OPTIONS]")
TRY_HELP = N_("Try '{command} {option}' for help.")
ERROR = N_("Error: {message}")
OPTIONS = N_("Options")
COMMANDS = N_("Commands")
MISSING_OPTION = N_("Missing option {name}.")
MISSING_ARGUMENT = N_("Missing argument {name}.")
NO_SUCH_OPTION = N_("No such option {name}.")
NO_SUCH_COMMAND = N_("No such command {name}.")
DID_YOU_MEAN = N_("Did you mean {names}?")
NEEDS_VALUE = N_("Option {name} needs a value after it.")
TAKES_NO_VALUE = N_("Option {name} takes no value.")
EXTRA_ARGUMENTS = N_n(
    "Got an unexpected extra argument: {args}.", "Got unexpected extra arguments: {args}."
)
NOT_A_CHOICE = N_("Invalid value for {name}: write one of {choices}.")
NOT_IN_RANGE = N_("Invalid value for {name}: write a whole number from {low} to {high}.")
NOT_A_NUMBER = N_("Invalid value for {name}: write a whole number.")
INVALID = N_("Invalid value for {name}: {reason}")
DEFAULT = N_("default: {value}")
REQUIRED = N_("required")
#: click's own help text of the option it adds (--help)
CLICK_HELP = N_("Show this message and exit.")
VERSION_HELP = N_("Show the version and exit.")
VERSION = N_("{prog}, version {version}")


def lang_in_args(args: Sequence[str]) -> Lang | None:
    """The language ``--lang`` chooses in ``args`` (``--lang en`` or ``--lang=en``), if any."""
    for index, arg in enumerate(args):
        if arg == "--lang" and index + 1 < len(args):
            return parse_lang(args[index + 1])
        if arg.startswith("--lang="):
            return parse_lang(arg.partition("=")[2])
    return None


def context_lang(ctx: click.Context) -> Lang:
    """The language of this command line: ``--lang``'s, else Thai."""
    return parse_lang(ctx.meta.get(LANG_META)) or DEFAULT_LANG


def remember_lang(ctx: click.Context, args: Sequence[str]) -> None:
    """Keep the language ``args`` choose (before click parses them)."""
    lang = lang_in_args(args)
    if lang is not None:
        ctx.meta[LANG_META] = lang


def _show_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    version = importlib.metadata.version("kongtun")
    prog = ctx.find_root().info_name or "kongtun"
    click.echo(gettext(VERSION, context_lang(ctx)).format(prog=prog, version=version))
    ctx.exit()


#: ``--version``: kongtun's version, said in the command line's language
VERSION_OPTION = click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_version,
    help=VERSION_HELP,
)


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(f"'{name}'" for name in names)


class Worded(click.UsageError):
    """A usage error in kongtun's words: the usage, a hint to ``--help`` and the error, all
    in the command line's language."""

    def __init__(self, text: str, ctx: click.Context | None) -> None:
        super().__init__(text, ctx)

    def show(self, file: Any = None) -> None:
        ctx = self.ctx
        if ctx is None:
            click.echo(self.message, err=True)
            return
        lang = context_lang(ctx)
        option = max(ctx.command.get_help_option_names(ctx), key=len, default="--help")
        hint = gettext(TRY_HELP, lang).format(command=ctx.command_path, option=option)
        click.echo(f"{ctx.get_usage()}\n{hint}\n", file=file, err=file is None)
        click.echo(gettext(ERROR, lang).format(message=self.message), file=file, err=file is None)


def _param_named(ctx: click.Context, name: str) -> click.Parameter | None:
    for param in ctx.command.params:
        if name in param.opts or name in param.secondary_opts:
            return param
    return None


def _bad_value(error: click.BadParameter, ctx: click.Context, lang: Lang) -> str:
    param = error.param
    name = param.get_error_hint(ctx) if param is not None else "?"
    kind = param.type if param is not None else None
    if isinstance(kind, click.Choice):
        choices = _quoted([str(choice) for choice in kind.choices])
        return gettext(NOT_A_CHOICE, lang).format(name=name, choices=choices)
    if isinstance(kind, click.IntRange) and kind.min is not None and kind.max is not None:
        return gettext(NOT_IN_RANGE, lang).format(name=name, low=kind.min, high=kind.max)
    if kind is click.INT:
        return gettext(NOT_A_NUMBER, lang).format(name=name)
    return gettext(INVALID, lang).format(name=name, reason=error.message)


def _possible(text: str, possibilities: Sequence[str] | None, lang: Lang) -> str:
    if not possibilities:
        return text
    return f"{text} " + gettext(DID_YOU_MEAN, lang).format(names=_quoted(possibilities))


def worded(error: click.UsageError, ctx: click.Context) -> str:
    """click's usage error in the command line's language."""
    lang = context_lang(ctx)
    text = error.message
    if isinstance(error, click.MissingParameter) and error.param is not None:
        missing = MISSING_ARGUMENT if isinstance(error.param, click.Argument) else MISSING_OPTION
        text = gettext(missing, lang).format(name=error.param.get_error_hint(ctx))
    elif isinstance(error, click.BadParameter):
        text = _bad_value(error, ctx, lang)
    elif isinstance(error, click.NoSuchOption):
        named = gettext(NO_SUCH_OPTION, lang).format(name=f"'{error.option_name}'")
        text = _possible(named, error.possibilities, lang)
    elif isinstance(error, click.exceptions.NoSuchCommand):
        named = gettext(NO_SUCH_COMMAND, lang).format(name=f"'{error.command_name}'")
        text = _possible(named, error.possibilities, lang)
    elif isinstance(error, click.BadOptionUsage):
        param = _param_named(ctx, error.option_name)
        flag = isinstance(param, click.Option) and param.is_flag
        text = gettext(TAKES_NO_VALUE if flag else NEEDS_VALUE, lang).format(
            name=f"'{error.option_name}'"
        )
    return text


def reword(error: click.UsageError, ctx: click.Context) -> NoReturn:
    """Raise ``error`` again in kongtun's words (a help shown on no arguments stays)."""
    if isinstance(error, (Worded, click.exceptions.NoArgsIsHelpError)):
        raise error
    raise Worded(worded(error, error.ctx or ctx), error.ctx or ctx) from None


def extra_arguments(ctx: click.Context, rest: Sequence[str]) -> NoReturn:
    """Stop on arguments the command does not take."""
    text = ngettext(EXTRA_ARGUMENTS, len(rest), context_lang(ctx)).format(args=" ".join(rest))
    raise Worded(text, ctx)


def help_record(param: click.Parameter, ctx: click.Context) -> tuple[str, str] | None:
    """An option's line of help, in the command line's language."""
    if not isinstance(param, click.Option) or param.hidden:
        return None
    lang = context_lang(ctx)
    text = gettext(param.help, lang) if param.help else ""
    extra = param.get_help_extra(ctx)
    items = []
    if "default" in extra:
        items.append(gettext(DEFAULT, lang).format(value=extra["default"]))
    if "range" in extra:
        items.append(extra["range"])
    if "required" in extra:
        items.append(gettext(REQUIRED, lang))
    if items:
        text = f"{text}  [{'; '.join(items)}]" if text else f"[{'; '.join(items)}]"
    return param.get_help_spec(ctx), text


class Translated(click.Command):
    """What kongtun's commands and their group share: the language read first, usage errors
    and help in it."""

    def _parse(self, ctx: click.Context, args: list[str]) -> list[str]:
        remember_lang(ctx, args)
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as error:
            reword(error, ctx)

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        return [
            gettext(OPTIONS_METAVAR, context_lang(ctx)) if piece == OPTIONS_METAVAR else piece
            for piece in pieces
        ]

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        prefix = gettext(USAGE, context_lang(ctx)) + " "
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=prefix)

    def help_text(self, ctx: click.Context) -> str:
        """The command's help in the command line's language."""
        if not self.help:
            return ""
        return inspect.cleandoc(gettext(self.help, context_lang(ctx))).partition("\f")[0]

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        text = self.help_text(ctx)
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [row for param in self.get_params(ctx) if (row := help_record(param, ctx))]
        if rows:
            with formatter.section(gettext(OPTIONS, context_lang(ctx))):
                formatter.write_dl(rows)


class KongtunCommand(Translated):
    """A kongtun command: usage errors and help in the language of ``--lang``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        takes_more = ctx.allow_extra_args
        ctx.allow_extra_args = True
        try:
            rest = self._parse(ctx, args)
        finally:
            ctx.allow_extra_args = takes_more
        if rest and not takes_more and not ctx.resilient_parsing:
            extra_arguments(ctx, rest)
        return rest
