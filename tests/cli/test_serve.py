"""``kongtun serve``: Fava with kongtun's pages; read-only refuses every change."""

from __future__ import annotations

import io
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from flask.testing import FlaskClient

from kongtun.cli.serve import is_loopback, serve_app

SMALL = Path(__file__).resolve().parents[1] / "data" / "small-fund.beancount"
SLUG = "/ban-don-mai-savings-group"


def books(tmp_path: Path) -> Path:
    path = tmp_path / "books.beancount"
    text = SMALL.read_text(encoding="utf-8")
    path.write_text(text + '\n2024-01-01 custom "fava-extension" "kongtun.plugins.fava"\n',
                    encoding="utf-8")  # fmt: skip
    return path


def client(path: Path, *, read_only: bool) -> FlaskClient:
    app = serve_app([str(path)], read_only=read_only)
    app.testing = True
    return app.test_client()


def try_changes(web: FlaskClient, path: Path) -> list[int]:
    """An edit of the source, an import (upload of a file to import, entries added) and an
    upload of a document: the status of each."""
    source = web.get(f"{SLUG}/api/source", query_string={"filename": str(path)}).get_json()
    edit = web.put(
        f"{SLUG}/api/source",
        json={
            "file_path": str(path),
            "source": source["data"]["source"] + "\n; edited\n",
            "sha256sum": source["data"]["sha256sum"],
        },
    )
    upload_import = web.put(
        f"{SLUG}/api/upload_import_file",
        data={"file": (io.BytesIO(b"date,amount\n"), "bank.csv")},
        content_type="multipart/form-data",
    )
    add_entries = web.put(f"{SLUG}/api/add_entries", json={"entries": []})
    document = web.put(
        f"{SLUG}/api/add_document",
        data={
            "file": (io.BytesIO(b"%PDF-1.4\n"), "receipt.pdf"),
            "folder": str(path.parent),
            "account": "Assets:Cash",
        },
        content_type="multipart/form-data",
    )
    return [edit.status_code, upload_import.status_code, add_entries.status_code,
            document.status_code]  # fmt: skip


def test_read_only_refuses_edits_imports_and_uploads(tmp_path: Path) -> None:
    path = books(tmp_path)
    before = path.read_bytes()
    web = client(path, read_only=True)
    assert web.get(f"{SLUG}/extension/KongTun/").status_code == 200
    assert try_changes(web, path) == [401, 401, 401, 401]
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["books.beancount"]
    # the control: without --read-only the same edit goes through
    editing = client(path, read_only=False)
    assert try_changes(editing, path)[0] == 200
    assert path.read_bytes().endswith(b"; edited\n")


def test_loopback() -> None:
    assert is_loopback("127.0.0.1")
    assert is_loopback("localhost")
    assert is_loopback("::1")
    assert not is_loopback("0.0.0.0")
    assert not is_loopback("192.168.1.10")
    assert not is_loopback("fund.local")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def serve(path: Path, *args: str) -> tuple[int, str]:
    """Run ``kongtun serve``; the status of its first page, and what it said on stderr."""
    port = free_port()
    kongtun = str(Path(sys.executable).parent / "kongtun")
    command = [kongtun, "serve", str(path), "--port", str(port)]
    server = subprocess.Popen([*command, *args], stderr=subprocess.PIPE, text=True)
    try:
        status = 0
        for _ in range(120):
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}{SLUG}/extension/KongTun/"
                ) as r:
                    status = r.status
                    break
            except OSError:
                time.sleep(0.5)
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    return status, err


def test_serve_listens_on_this_computer_and_warns_for_others(tmp_path: Path) -> None:
    path = books(tmp_path)
    status, err = serve(path, "--read-only", "--lang", "en")
    assert status == 200
    assert "kongtun: serving on http://127.0.0.1:" in err
    assert "(read-only); Ctrl-C stops it." in err
    assert "warning" not in err
    status, err = serve(path, "--host", "0.0.0.0")
    assert status == 200
    assert "warning: serving on 0.0.0.0, not only this computer" in err
    assert "and change them" in err
    assert "คำเตือน: เปิดให้เข้าถึงที่ 0.0.0.0" in err
