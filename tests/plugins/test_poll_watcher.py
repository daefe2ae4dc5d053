"""Fava's polling watcher (``fava --poll-watcher``) reloads the books only when a file changed.

The watcher takes a missing watched file (the ``import-config`` of ``fava-option``) for a
changed one, and Fava then reloads the whole ledger on every request. The demo (``kongtun demo
DIR``) writes the ``importers.py`` its savings group names; the benchmark books name none. A
real Fava on 127.0.0.1 serves both, each file with one more plugin that counts its loads.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from fava.util import slugify

from kongtun.tests.plugins.test_browser import free_port

BIN = Path(sys.executable).parent
#: a Beancount plugin that writes a line to ``<ledger>.loads`` at every load of the ledger
PROBE = """
from pathlib import Path

__plugins__ = ("probe",)


def probe(entries, options):
    with Path(options["filename"] + ".loads").open("a") as out:
        out.write("load\\n")
    return entries, []
"""


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:
        body: bytes = response.read()
        return body


def title(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith('option "title"'):
            return line.split('"')[3]
    raise AssertionError(path)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[Path]]]:
    folder = tmp_path_factory.mktemp("poll")
    kongtun = str(BIN / "kongtun")
    subprocess.run([kongtun, "demo", str(folder / "demo")], check=True, capture_output=True)
    subprocess.run(
        [kongtun, "demo", "--members", "30", "--years", "1", str(folder / "scale")],
        check=True,
        capture_output=True,
    )
    files = [
        folder / "demo" / "savings-group.beancount",
        folder / "demo" / "welfare-fund.beancount",
    ]
    scale = next((folder / "scale").glob("*.beancount"))
    # its own title (the demo savings group's is the same), so its own address in Fava
    text = scale.read_text(encoding="utf-8")
    scale.write_text(text.replace('option "title" "', 'option "title" "Scale ', 1), "utf-8")
    files.append(scale)
    (folder / "load_probe.py").write_text(PROBE, encoding="utf-8")
    for path in files:
        with path.open("a", encoding="utf-8") as out:
            out.write('\nplugin "load_probe"\n')
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "fava"), "--poll-watcher", "--host", "127.0.0.1", "--port", str(port)]
        + [str(path) for path in files],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(folder)},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                get(base + "/")
                break
            except OSError:
                time.sleep(0.2)
        yield base, files
    finally:
        server.terminate()
        server.wait(timeout=10)


def loads(path: Path) -> int:
    """How many times Fava loaded the ledger at ``path`` so far."""
    return len(Path(f"{path}.loads").read_text(encoding="utf-8").splitlines())


def test_no_reload_without_a_change(served: tuple[str, list[Path]]) -> None:
    base, files = served
    for path in files:
        slug = slugify(title(path))
        get(f"{base}/{slug}/income_statement/")  # the first check may see the files' own times
        before = loads(path)
        for page in ("extension/KongTun/", "errors/", "balance_sheet/", "journal/"):
            get(f"{base}/{slug}/{page}")
            get(f"{base}/{slug}/api/changed")
        assert loads(path) == before, path.name


def test_a_change_reloads(served: tuple[str, list[Path]]) -> None:
    """The probe can see a reload: after the file's time changes the next request reloads it."""
    base, files = served
    path = files[-1]
    slug = slugify(title(path))
    get(f"{base}/{slug}/errors/")
    before = loads(path)
    later = time.time() + 2
    os.utime(path, (later, later))
    get(f"{base}/{slug}/errors/")
    assert loads(path) == before + 1
    get(f"{base}/{slug}/errors/")
    assert loads(path) == before + 1
