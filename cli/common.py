"""What every kongtun command shares: the --lang option, one way to speak and one way to fail.

A command prints with :func:`say`, in the language of ``--lang``. Bad input — a file that is
not there, a month the books do not cover, books that cannot be carried — ends it with
:func:`fail`: one line ``kongtun: <message>`` on stderr in that language, exit status 2, never
a traceback. Exit status 1 is an answer, not a failure: the books (or the file to import) have
problems, listed first.
"""

from __future__ import annotations

import datetime
import errno
import os
import sys
from collections.abc import Callable, Iterable
from typing import NoReturn, TypeVar

import click

from kongtun.cli.usage import (
    LANG_META,
    KongtunCommand,
    Translated,
    context_lang,
    remember_lang,
    reword,
)
from kongtun.ledger.i18n import DEFAULT_LANG, LANGS, N_, Lang, Plural, gettext, ngettext, parse_lang
from kongtun.ledger.problems import Problem
from kongtun.ledger.thai import (
    be_text,
    be_year,
    long_date,
    message_date,
    parse_day,
    parse_month,
    typed_in_be,
)

#: the key of ``--lang`` in a command's parameters
LANG = "lang"
#: a click command (or the function a decorator makes one of)

FC = TypeVar("FC", bound=Callable[..., object] | click.Command)


#: a message of the command line: a catalog msgid, or one with a plural (``N_n``) whose form
#: the ``count`` parameter chooses
Message = str | Plural


def words(lang: Lang, message: Message, /, **params: object) -> str:
    """A message of the command line in ``lang``."""
    if isinstance(message, Plural):
        count = params.get("count")
        return ngettext(message, count if isinstance(count, int) else 0, lang).format(**params)
    return gettext(message, lang).format(**params)


def say(lang: Lang, message: Message, /, *, err: bool = False, **params: object) -> None:
    """Print a message in ``lang``: on stdout, or with ``err`` on stderr (a summary, a note)."""
    click.echo(words(lang, message, **params), err=err)


def _stop(text: str, code: int) -> NoReturn:
    click.echo(f"kongtun: {text}", err=True)
    sys.exit(code)


def fail(lang: Lang, message: Message, /, *, code: int = 2, **params: object) -> NoReturn:
    """Stop the command: ``kongtun: <message>`` in ``lang`` on stderr, exit status ``code``."""
    _stop(words(lang, message, **params), code)


def problems_found(lang: Lang, summary: Message | None = None, /, **params: object) -> NoReturn:
    """End a command whose answer is that there are problems (listed before it): the
    ``summary`` (a message in ``lang``), if any, on stderr, and exit status 1."""
    if summary is not None:
        say(lang, summary, err=True, **params)
    sys.exit(1)


UNKNOWN_LANG = N_("--lang {lang}: kongtun speaks th (Thai) or en (English); write one of them.")


def _lang(ctx: click.Context, param: click.Parameter, value: str) -> Lang:
    """``--lang`` as a language; an unknown one is refused in both (which one was meant?)."""
    lang = parse_lang(value)
    if lang is None:
        _stop(" · ".join(words(one, UNKNOWN_LANG, lang=value) for one in LANGS), 2)
    ctx.meta[LANG_META] = lang
    return lang


#: The --lang option of every command: read before every other option (is_eager), so that
#: their messages are in the chosen language; the command gets it as a ``Lang``.
LANG_OPTION = click.option(
    f"--{LANG}",
    LANG,
    default=DEFAULT_LANG,
    show_default=True,
    is_eager=True,
    metavar="[th|en]",
    callback=_lang,
    help=N_("Language of the messages and reports: th (Thai) or en (English)."),
)


def lang_of(ctx: click.Context) -> Lang:
    """The language ``--lang`` chose (read first: it is eager)."""
    return parse_lang(ctx.params.get(LANG)) or DEFAULT_LANG


#: where ``--month`` keeps whether its year was typed in the Buddhist Era (for file names)
MONTH_BE_META = "kongtun.month-be"


def _month(ctx: click.Context, param: click.Parameter, value: str) -> datetime.date:
    month = parse_month(value)
    if month is None:
        fail(
            lang_of(ctx),
            N_("--month {month} is not a month: write it as 2024-09 (or 2567-09 in พ.ศ.)."),
            month=value,
        )
    ctx.meta[MONTH_BE_META] = typed_in_be(value)
    return month


def month_stamp(month: datetime.date) -> str:
    """``month`` in a file name, in the era ``--month`` was typed in (Latin digits):
    ``--month 2567-09`` (or ๒๕๖๗-๐๙) gives 2567-09, ``--month 2024-09`` gives 2024-09."""
    ctx = click.get_current_context(silent=True)
    be = ctx is not None and ctx.meta.get(MONTH_BE_META) is True
    return f"{be_year(month) if be else month.year}-{month.month:02d}"


def lang_suffix(lang: Lang) -> str:
    """What a file name adds for its language: nothing for Thai, ``-en`` for English (a
    month's files in each language live side by side)."""
    return "" if lang == DEFAULT_LANG else f"-{lang}"


#: ``--month 2024-09`` (or 2567-09, Thai digits too), given to the command as its first day.
MONTH_OPTION = click.option(
    "--month",
    "month",
    required=True,
    metavar="YYYY-MM",
    callback=_month,
    help=N_("The month: 2024-09, or in the Buddhist Era 2567-09."),
)


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime.date | None:
    if value is None:
        return None
    day = parse_day(value)
    if day is None:
        fail(
            lang_of(ctx),
            N_("{option} {value} is not a day: write it as 2024-09-20 (or 2567-09-20 in พ.ศ.)."),
            option=param.opts[0],
            value=value,
        )
    say(
        lang_of(ctx),
        N_("{option} {value} is read as {long} (CE {ce}, B.E. {be})."),
        err=True,
        option=param.opts[0],
        value=value,
        long=long_date(day, lang_of(ctx)),
        ce=day.isoformat(),
        be=be_text(day),
    )
    return day


def day_option(name: str, dest: str, text: str) -> Callable[[FC], FC]:
    """An option that takes a day (2024-09-20, or 2567-09-20 in พ.ศ.; Thai digits too),
    given to the command as a date (None when left out); ``text`` is its help. How the day
    was read is printed on stderr, in both eras."""
    return click.option(name, dest, default=None, metavar="YYYY-MM-DD", callback=_day, help=text)


def require_file(lang: Lang, path: str) -> None:
    """Stop with exit status 2 and a clear message when ``path`` is not a readable file."""
    if not os.path.isfile(path):
        fail(lang, N_("cannot read {path}: no such file. Check the path and try again."), path=path)


def refuse_era_slips(lang: Lang, problems: Iterable[Problem], path: str) -> None:
    """Stop (exit status 2) when the books hold an entry dated with a Buddhist Era year
    (``date-buddhist-era``): no command computes with a year past 2400 of the Common Era."""
    slips = [found for found in problems if found.rule == "date-buddhist-era"]
    if slips:
        first = slips[0]
        fail(
            lang,
            N_(
                "{path}:{line}: an entry is dated {date}, a year of the Buddhist Era; kongtun "
                "computes nothing with it. Write the date as {meant} first (kongtun check "
                "{path} lists every such entry)."
            ),
            path=path,
            line=first.source["lineno"],
            date=first.params["date"],
            meant=message_date(first.params["meant"], lang),  # type: ignore[arg-type]
        )


#: What an operating-system error means, by its errno, in words (the OS's own are English).
OS_REASONS: dict[int, str] = {
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("the operation is not permitted (the file or its folder is protected)"),
    errno.EROFS: N_("the disk is read-only"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EDQUOT: N_("the disk quota is used up"),
    errno.ENOENT: N_("no such file or folder"),
    errno.EISDIR: N_("it is a folder, not a file"),
    errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.EEXIST: N_("it exists already"),
    errno.ENAMETOOLONG: N_("the name is too long"),
}
#: What to do about it.
OS_ADVICE: dict[int, str] = {
    errno.EACCES: N_(
        "Make the file and its folder writable for you, or work on a copy in a folder you own."
    ),
    errno.EROFS: N_("Copy the books to a disk you can write to and run the command there."),
    errno.ENOSPC: N_("Free some space on the disk and run the command again."),
    errno.EDQUOT: N_("Free some space on the disk and run the command again."),
}
OS_ADVICE[errno.EPERM] = OS_ADVICE[errno.EACCES]
DEFAULT_ADVICE = N_("Check the path and the permissions, then run the command again.")


def os_failure(lang: Lang, error: OSError) -> NoReturn:
    """Stop on an operating-system error (a folder not writable, a full disk, ...): which file,
    why and what to do, in ``lang``, exit status 2. Every command writes through a temporary
    file and a rename, so the books are as they were."""
    reason = OS_REASONS.get(error.errno or 0)
    fail(
        lang,
        N_("cannot use {path}: {reason}. Nothing was changed. {advice}"),
        path=error.filename or "?",
        reason=words(lang, reason) if reason else (error.strerror or str(error)),
        advice=words(lang, OS_ADVICE.get(error.errno or 0, DEFAULT_ADVICE)),
    )


class KongtunGroup(Translated, click.Group):
    """The ``kongtun`` group: an ``OSError`` out of any command ends it as :func:`os_failure`
    does (in the language ``--lang`` chose), never as a traceback; its usage errors and help,
    and its commands' (:class:`~kongtun.cli.usage.KongtunCommand`), are in that language."""

    command_class = KongtunCommand

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        remember_lang(ctx, args)
        return self._parse(ctx, lang_after_command(args))

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as error:
            reword(error, ctx)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        commands = [
            (name, command)
            for name in self.list_commands(ctx)
            if (command := self.get_command(ctx, name)) is not None and not command.hidden
        ]
        if not commands:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in commands)
        rows = [(name, short_help(command, ctx, limit)) for name, command in commands]
        with formatter.section(words(context_lang(ctx), N_("Commands"))):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except OSError as error:
            if error.errno == errno.EPIPE:  # click's own handling of a closed pipe
                raise
            os_failure(parse_lang(ctx.meta.get(LANG_META)) or DEFAULT_LANG, error)


def lang_after_command(args: list[str]) -> list[str]:
    """``kongtun --lang en check ...`` as ``kongtun check --lang en ...``: the group takes no
    ``--lang`` of its own; before the command's name it is the command's."""
    kept: list[str] = []
    moved: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--lang":
            moved += args[index : index + 2]
            index += 2
        elif arg.startswith("--lang="):
            moved.append(arg)
            index += 1
        elif arg.startswith("-"):
            kept.append(arg)
            index += 1
        else:
            return [*kept, arg, *moved, *args[index + 1 :]]
    return kept


def short_help(command: click.Command, ctx: click.Context, limit: int) -> str:
    """A command's first sentence of help, in the command line's language."""
    text = command.help_text(ctx) if isinstance(command, Translated) else (command.help or "")
    first = " ".join(text.split("\n\n", 1)[0].split())
    sentence = first.split(". ", 1)[0].removesuffix(".")
    if len(sentence) <= limit:
        return sentence
    return sentence[: limit - 1].rsplit(" ", 1)[0] + "…"
