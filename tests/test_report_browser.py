"""The report in a real browser: headless Chromium, JavaScript off, no network.

Chromium is driven through its DevTools protocol over a pipe (``--remote-debugging-pipe``):
script execution is switched off for the page (``Emulation.setScriptExecutionDisabled``),
every host name resolves to nothing (``--host-resolver-rules``), and every request the page
makes is recorded (``Network.requestWillBeSent``). (The command-line switch
``--blink-settings=scriptEnabled=false`` stops ``--dump-dom`` and ``--screenshot`` from
working in current headless Chromium, and ``--disable-javascript`` does not switch scripts
off, so the protocol is used.) The DOM is read back with ``DOM.getOuterHTML`` and a
screenshot taken with ``Page.captureScreenshot``, on screen and in print emulation.

Without Chromium (Debian's ``chromium``) the tests are skipped with the reason. Set
``SISTERCITY_SCREENSHOTS=DIR`` to keep the screenshots and the printed PDF for a look.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import select
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from sistercity.report import SECTIONS

ID_SECTIONS = ["Ringkasan", "Implementasi", "Hambatan dan tantangan", "Interdependensi", "Kerangka hukum",
               "Keselarasan dengan sasaran kebijakan", "Masa berlaku dan tenggat berikutnya", "Sumber"]
_TIMEOUT = 60.0


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("no Chromium on this machine (install Debian's chromium: apt-get install -y chromium)")


class _Browser:
    """A headless Chromium with one page, spoken to through the DevTools protocol on fds 3 and 4."""

    def __init__(self, executable: str, profile: Path) -> None:
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def fds() -> None:  # in the child: the protocol reads fd 3 and writes fd 4
            a, b = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [executable, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
             "--host-resolver-rules=MAP * ~NOTFOUND", f"--user-data-dir={profile}", "--no-first-run",
             "--hide-scrollbars", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(3, 4), preexec_fn=fds)
        os.close(to_child_r)
        os.close(from_child_w)
        self._buffer = b""
        self._id = 0
        self.events: list[dict[str, Any]] = []
        targets = self.call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.call("Target.attachToTarget", targetId=page["targetId"], flatten=True)["sessionId"]

    def _read(self) -> dict[str, Any]:
        deadline = time.monotonic() + _TIMEOUT
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._from_child], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise TimeoutError("Chromium did not answer")
            chunk = os.read(self._from_child, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the protocol pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return dict(json.loads(message))

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._read()
            if answer.get("id") == self._id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return dict(answer.get("result", {}))
            self.events.append(answer)

    def page(self, method: str, **params: Any) -> dict[str, Any]:
        return self.call(method, self.session, **params)

    def wait_for(self, method: str) -> dict[str, Any]:
        for i, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(i)
        while True:
            event = self._read()
            if event.get("method") == method:
                return event
            self.events.append(event)

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, TimeoutError, OSError):
            self.call("Browser.close")
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_child)
        os.close(self._from_child)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Browser]:
    b = _Browser(_chromium(), tmp_path_factory.mktemp("chromium-profile"))
    b.page("Page.enable")
    b.page("Network.enable")
    b.page("Emulation.setScriptExecutionDisabled", value=True)
    b.page("Emulation.setDeviceMetricsOverride", width=1200, height=900, deviceScaleFactor=1, mobile=False)
    yield b
    b.close()


def _load(b: _Browser, path: Path) -> tuple[str, list[str]]:
    """Open ``path``; return the DOM and the URL of every request the page made."""
    b.events.clear()
    b.page("Page.navigate", url=path.as_uri())
    b.wait_for("Page.loadEventFired")
    requests = [e["params"]["request"]["url"] for e in b.events if e.get("method") == "Network.requestWillBeSent"]
    root = b.page("DOM.getDocument", depth=-1)["root"]["nodeId"]
    return str(b.page("DOM.getOuterHTML", nodeId=root)["outerHTML"]), requests


def _screenshot(b: _Browser, media: str = "screen") -> bytes:
    b.page("Emulation.setEmulatedMedia", media=media)
    size = b.page("Page.getLayoutMetrics")["cssContentSize"]
    clip = {"x": 0, "y": 0, "width": 1200, "height": min(float(size["height"]), 2400.0), "scale": 1}
    png = base64.b64decode(b.page("Page.captureScreenshot", format="png", clip=clip,
                                  captureBeyondViewport=True)["data"])
    b.page("Emulation.setEmulatedMedia", media="")
    return png


def _keep(name: str, data: bytes) -> None:
    where = os.environ.get("SISTERCITY_SCREENSHOTS")
    if where:
        Path(where).mkdir(parents=True, exist_ok=True)
        (Path(where) / name).write_bytes(data)


def _not_blank(png: bytes) -> float:
    """The share of pixels that differ from the most common colour (0 for a blank picture)."""
    import matplotlib.image
    import numpy as np

    rgb = (matplotlib.image.imread(io.BytesIO(png), format="png")[..., :3] * 255).round().astype(np.uint32)
    codes = ((rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]).ravel()  # one number per colour
    _, counts = np.unique(codes, return_counts=True)  # 1-D: a sort, not the row-wise unique of axis=0
    return 1.0 - float(counts.max()) / float(codes.size) if len(counts) > 1 else 0.0


class _Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.h2: list[str] = []
        self.sections: list[str] = []
        self.images = 0
        self._in = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in = tag == "h2"
        if tag == "section":
            self.sections.append(dict(attrs).get("id") or "")
        self.images += tag == "img"

    def handle_endtag(self, tag: str) -> None:
        self._in = False

    def handle_data(self, data: str) -> None:
        if self._in:
            self.h2.append(data)


def test_scripts_are_really_off(browser: _Browser, tmp_path: Path) -> None:
    """The harness: a page whose script would change the DOM keeps its static text."""
    page = tmp_path / "script.html"
    page.write_text("<!DOCTYPE html><p id=x>static</p><script>document.getElementById('x').textContent='ran'"
                    "</script>", encoding="utf-8")
    dom, _ = _load(browser, page)
    assert ">static<" in dom and ">ran<" not in dom


@pytest.mark.parametrize(("lang", "titles"), [("en", list(SECTIONS)), ("id", ID_SECTIONS)])
def test_report_in_a_browser(browser: _Browser, tmp_path: Path, lang: str, titles: list[str],
                             bundled_report: Callable[..., str]) -> None:
    path = tmp_path / f"bogor-kisarazu-{lang}.html"
    path.write_text(bundled_report("bogor-kisarazu", lang=lang), encoding="utf-8")  # as report(case, path) writes it
    dom, requests = _load(browser, path)
    # no network: the page itself, and its figures as data
    assert requests and requests[0] == path.as_uri()
    assert all(url.startswith(("file:", "data:")) for url in requests), requests
    parsed = _Headings()
    parsed.feed(dom)
    assert parsed.h2 == titles
    assert len(parsed.sections) == len(SECTIONS)
    assert parsed.images == 5
    assert f'<html lang="{lang}">' in dom
    # nothing wider than the window: the Indonesian lifecycle table's one-line headers made the page
    # 1,231 px wide at 1,200 px (a horizontal scrollbar)
    metrics = browser.page("Page.getLayoutMetrics")
    assert metrics["cssContentSize"]["width"] <= metrics["cssLayoutViewport"]["clientWidth"]
    screen = _screenshot(browser)
    _keep(f"report-{lang}.png", screen)
    assert _not_blank(screen) > 0.05
    printed = _screenshot(browser, "print")
    _keep(f"report-{lang}-print.png", printed)
    assert _not_blank(printed) > 0.02
    pdf = base64.b64decode(browser.page("Page.printToPDF", preferCSSPageSize=True, printBackground=True)["data"])
    _keep(f"report-{lang}.pdf", pdf)
    assert pdf.startswith(b"%PDF")
