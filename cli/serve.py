"""``kongtun serve``: the books in Fava with kongtun's pages, on this computer by default.

Fava with the kongtun extension (the books declare it with ``custom "fava-extension"``), on
127.0.0.1 unless ``--host`` asks for another address; ``--read-only`` is Fava's own read-only
mode (every request that is not a GET is refused: no edits, no imports, no uploads), for
auditors and members. docs/serving.md: a village network behind a reverse proxy.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Sequence

import click
from flask import Flask

from kongtun.cli.common import LANG_OPTION, fail, require_file, say
from kongtun.cli.usage import KongtunCommand
from kongtun.ledger.i18n import LANGS, N_, Lang, gettext

LOOPBACK = "127.0.0.1"
WIDE_OPEN = N_(
    "warning: serving on {host}, not only this computer: anyone who can reach {host}:{port} "
    "can read the books{edit}. Use --read-only, and a reverse proxy with a password "
    "(docs/serving.md)."
)
CAN_EDIT = N_(" and change them")


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this computer only (127.0.0.1, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve_app(ledgers: Sequence[str], *, read_only: bool) -> Flask:
    """Fava's application for ``ledgers`` (read-only when asked)."""
    from fava.application import create_app  # noqa: PLC0415 - Fava is slow to import

    return create_app([os.path.abspath(path) for path in ledgers], read_only=read_only)


def warn_wide(host: str, port: int, read_only: bool) -> None:
    """The warning for an address other computers reach, in Thai and in English."""
    for lang in LANGS:
        edit = "" if read_only else gettext(CAN_EDIT, lang)
        say(lang, WIDE_OPEN, err=True, host=host, port=port, edit=edit)


@click.command(
    "serve",
    cls=KongtunCommand,
    help=N_("Serve LEDGERS in Fava with kongtun's pages on http://HOST:PORT (Ctrl-C stops it)."),
)
@click.argument("ledgers", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--read-only", "read_only", is_flag=True, help=N_("No edits, imports or uploads."))
@click.option("--host", default=LOOPBACK, show_default=True, help=N_("The address to listen on."))
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=5000,
    show_default=True,
    help=N_("The port to listen on."),
)
@LANG_OPTION
def serve(ledgers: tuple[str, ...], read_only: bool, host: str, port: int, lang: Lang) -> None:
    for path in ledgers:
        require_file(lang, path)
    if not is_loopback(host):
        warn_wide(host, port, read_only)
    app = serve_app(ledgers, read_only=read_only)
    from cheroot.wsgi import Server  # noqa: PLC0415 - only when serving

    server = Server((host, port), app)
    mode = N_("read-only") if read_only else N_("editing on")
    say(lang, N_("kongtun: serving on http://{host}:{port}/ ({mode}); Ctrl-C stops it."),
        err=True, host=host, port=port, mode=gettext(mode, lang))  # fmt: skip
    try:
        server.start()
    except KeyboardInterrupt:
        server.stop()
    except OSError as error:
        fail(lang, N_("cannot serve on {host}:{port}: {error}"), host=host, port=port, error=error)
