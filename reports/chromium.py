"""Headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`):
the report's PDF is printed by it from the very HTML file readers open, and the tests use it to
measure and screenshot that file.

A pipe rather than a WebSocket: no port is opened and no client library is needed. Chromium reads
JSON commands, each ended by a NUL byte, on file descriptor 3 and writes replies and events to
descriptor 4. Every browser gets a fresh profile in a temporary folder and runs offline (no
first-run, sync, component updates or background networking).
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from reports.errors import PdfPrinterMissing, PdfPrintFailed, ReportError

#: executable names of Chromium (Debian package `chromium`) and its relatives, in order
EXECUTABLES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
)
TIMEOUT_S = 120.0


def find_chromium() -> str:
    for name in EXECUTABLES:
        path = shutil.which(name)
        if path:
            return path
    raise PdfPrinterMissing(
        "Headless Chromium, which prints report/indicators.pdf, is not installed: run "
        "./scripts/demo or ./scripts/test once (they install the Debian package chromium), "
        "or install it with `apt-get install chromium`."
    )


class Browser:
    """One headless Chromium for the duration of a `with` block."""

    def __init__(self, timeout_s: float = TIMEOUT_S) -> None:
        self.timeout_s = timeout_s
        self._next_id = 0
        self._buffer = b""
        self._events: list[dict[str, Any]] = []

    def __enter__(self) -> Browser:
        executable = find_chromium()
        self._profile = tempfile.TemporaryDirectory(prefix="askel-chromium-")
        self._stderr = tempfile.TemporaryFile()
        to_chromium_r, self._to_chromium = os.pipe()
        self._from_chromium, from_chromium_w = os.pipe()

        def wire_pipes() -> None:  # in the child, before exec: descriptors 3 and 4
            # copies above 9 first, so that neither end can already sit on 3 or 4
            high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_chromium_r, from_chromium_w)]
            for fd, target in zip(high, (3, 4), strict=True):
                os.dup2(fd, target, inheritable=True)
                os.close(fd)

        try:
            self._process = subprocess.Popen(
                [executable, *FLAGS, f"--user-data-dir={self._profile.name}", "about:blank"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=self._stderr,
                close_fds=False,
                preexec_fn=wire_pipes,
            )
        finally:
            os.close(to_chromium_r)
            os.close(from_chromium_w)
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self._process.poll() is None:
                with contextlib.suppress(ReportError):
                    self.call("Browser.close", timeout_s=10)
                try:
                    self._process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self._process.kill()
                    self._process.wait()
        finally:
            os.close(self._to_chromium)
            os.close(self._from_chromium)
            self._stderr.close()
            self._profile.cleanup()

    # -- protocol -------------------------------------------------------------------------
    def _failed(self, what: str) -> PdfPrintFailed:
        self._stderr.seek(0)
        tail = self._stderr.read()[-600:].decode("utf-8", "replace").strip().replace("\n", " | ")
        return PdfPrintFailed(f"Headless Chromium {what} (its last words: {tail or 'none'}).")

    def _send(self, method: str, params: dict | None, session: str | None) -> int:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        try:
            os.write(self._to_chromium, json.dumps(message).encode("utf-8") + b"\0")
        except BrokenPipeError:
            raise self._failed(f"closed its pipe before {method}") from None
        return self._next_id

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_chromium], [], [], left)[0]:
                raise self._failed(f"did not answer within {self.timeout_s:.0f} s")
            chunk = os.read(self._from_chromium, 1 << 20)
            if not chunk:
                raise self._failed("exited unexpectedly")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(
        self,
        method: str,
        params: dict | None = None,
        session: str | None = None,
        timeout_s: float | None = None,
    ) -> dict[str, Any]:
        """Send a command and return its result; events that arrive meanwhile are kept."""
        ident = self._send(method, params, session)
        deadline = time.monotonic() + (timeout_s or self.timeout_s)
        while True:
            message = self._read(deadline)
            if message.get("id") == ident:
                if "error" in message:
                    raise self._failed(f"refused {method}: {message['error'].get('message')}")
                return message.get("result", {})
            if "method" in message:
                self._events.append(message)

    def wait_for(self, event: str, session: str) -> dict[str, Any]:
        deadline = time.monotonic() + self.timeout_s
        while True:
            for i, message in enumerate(self._events):
                if message.get("method") == event and message.get("sessionId") == session:
                    return self._events.pop(i)
            message = self._read(deadline)
            if "method" in message:
                self._events.append(message)

    # -- pages ----------------------------------------------------------------------------
    def open(self, path: Path, width: int = 1280, height: int = 900) -> str:
        """Load a local file in a new tab of `width` × `height` CSS pixels; return its session."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        self.call("Page.enable", session=session)
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
            session,
        )
        self.call("Page.navigate", {"url": Path(path).resolve().as_uri()}, session)
        self.wait_for("Page.loadEventFired", session)
        return session

    def evaluate(self, session: str, expression: str) -> Any:
        """The JSON value of a JavaScript expression evaluated in the page."""
        result = self.call(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True}, session
        )
        if "exceptionDetails" in result:
            raise self._failed(f"could not evaluate: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def print_media(self, session: str) -> None:
        """Lay the page out as it is printed (CSS `@media print`)."""
        self.call("Emulation.setEmulatedMedia", {"media": "print"}, session)

    def screenshot(self, session: str, full_page: bool = True) -> bytes:
        params: dict[str, Any] = {"format": "png", "captureBeyondViewport": full_page}
        if full_page:
            metrics = self.call("Page.getLayoutMetrics", session=session)["cssContentSize"]
            params["clip"] = {
                "x": 0,
                "y": 0,
                "width": metrics["width"],
                "height": metrics["height"],
                "scale": 1,
            }
        return base64.b64decode(self.call("Page.captureScreenshot", params, session)["data"])

    def pdf(self, session: str, footer_html: str) -> bytes:
        """Print the page as the CSS `@page` rules say, `footer_html` at the foot of each page."""
        result = self.call(
            "Page.printToPDF",
            {
                "printBackground": True,
                "preferCSSPageSize": True,
                "displayHeaderFooter": True,
                "headerTemplate": "<span></span>",
                "footerTemplate": footer_html,
                "generateDocumentOutline": True,
                "generateTaggedPDF": True,
            },
            session,
        )
        return base64.b64decode(result["data"])
