"""Headless Chromium driven through the DevTools protocol over a pipe (stdlib only).

``--remote-debugging-pipe`` makes Chromium read JSON commands, each ended by a NUL byte, on
file descriptor 3 and answer on descriptor 4. That is enough to open a page at a given
viewport, wait for it to load, evaluate JavaScript in it and take a screenshot: what the
browser tests need to measure a page the way a phone shows it.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail("the browser tests need Chromium: apt-get install chromium (.ci/run does)")
    return found


class Browser:
    """One Chromium process and one page (tab) in it."""

    def __init__(self, profile: Path, env: dict[str, str] | None = None) -> None:
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        os.set_inheritable(to_chrome_r, True)
        os.set_inheritable(from_chrome_w, True)

        def fds() -> None:  # in the child: the pipes as descriptors 3 and 4
            read, write = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(read, 3)
            os.dup2(write, 4)

        self.process = subprocess.Popen(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=fds,  # noqa: PLW1509 (the child only moves two descriptors)
            close_fds=False,
            env={**os.environ, **(env or {})},
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._id = 0
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        self.send("Page.enable")
        self.send("Runtime.enable")

    def _message(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_chrome, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._id += 1
        command: dict[str, Any] = {"id": self._id, "method": method, "params": params}
        if session:
            command["sessionId"] = session
        os.write(self._to_chrome, json.dumps(command).encode() + b"\0")
        while True:
            message = self._message()
            if message.get("id") == self._id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            self.events.append(message)

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        """A command to the page."""
        return self.call(method, session=self.session, **params)

    def open(self, url: str, width: int, height: int) -> None:
        """Load ``url`` in a viewport of ``width`` × ``height`` CSS pixels (a phone is
        mobile: its viewport follows the page's meta viewport) and wait for its fonts."""
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=width < 600,
        )
        self.events.clear()
        self.send("Page.navigate", url=url)
        deadline = time.monotonic() + 60
        while not any(
            e.get("method") == "Page.loadEventFired" for e in self.events
        ):  # pragma: no branch
            if time.monotonic() > deadline:
                raise TimeoutError(url)
            self.events.append(self._message())
        self.evaluate("document.fonts.ready.then(() => true)")
        # Fava renders its page with scripts after the load event; wait until it settles
        self.evaluate(
            "new Promise(done => setTimeout(done, 300))"
            ".then(() => document.fonts.ready).then(() => true)"
        )

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (promises awaited)."""
        result = self.send(
            "Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path: Path) -> None:
        """The whole page: the viewport grown to the page's height for the shot (scrolling
        boxes are drawn whole), then put back."""
        path.parent.mkdir(parents=True, exist_ok=True)
        width, height = self.evaluate("[innerWidth, innerHeight]")
        full = self.evaluate("document.documentElement.scrollHeight")
        mobile = width < 600
        metrics = {"width": width, "deviceScaleFactor": 1, "mobile": mobile}
        self.send("Emulation.setDeviceMetricsOverride", height=full, **metrics)
        shot = self.send("Page.captureScreenshot", format="png")
        self.send("Emulation.setDeviceMetricsOverride", height=height, **metrics)
        path.write_bytes(base64.b64decode(shot["data"]))

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, OSError):
            self.call("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_chrome)
        os.close(self._from_chrome)
