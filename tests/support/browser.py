"""Open an HTML output in headless Chromium: a screenshot, and the page's layout as the browser
laid it out (which elements stick out of the viewport, what text is visible).

No driver library: a copy of the page gets a small script that measures the laid-out page and
writes the result as JSON into the DOM, and `--dump-dom` prints the DOM after scripts ran. The
published file itself is never changed (it loads no script).
"""

from __future__ import annotations

import html as html_lib
import json
import shutil
import subprocess
import tempfile
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
    "--run-all-compositor-stages-before-draw",
    "--virtual-time-budget=5000",
]

# Measures every element after layout: right edge beyond the viewport, text cut by its box.
MEASURE = """
<script>
window.addEventListener('load', () => {
  const width = document.documentElement.clientWidth;
  const out = {viewport: width, scrollWidth: document.documentElement.scrollWidth,
               overflowing: [], clipped: [], rows: []};
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > width + 0.5 || r.left < -0.5) {
      out.overflowing.push({tag: el.tagName, cls: el.className, right: r.right,
                            text: (el.textContent || '').trim().slice(0, 80)});
    }
    if (el.children.length === 0 && el.scrollWidth > el.clientWidth + 1
        && getComputedStyle(el).overflowX !== 'visible') {
      out.clipped.push({tag: el.tagName, text: (el.textContent || '').trim().slice(0, 80)});
    }
  }
  for (const tr of document.querySelectorAll('tr.check')) {
    const cells = [...tr.children].map(td => {
      const r = td.getBoundingClientRect();
      return {left: r.left, right: r.right, top: r.top, bottom: r.bottom,
              text: td.innerText};
    });
    const title = tr.querySelector('.check-title');
    const machine = tr.querySelector('.machine');
    const next = tr.nextElementSibling;
    const examples = next && next.classList.contains('examples') ? next.innerText : '';
    out.rows.push({cells, examples,
      title: title ? title.innerText : null,
      titleSize: title ? parseFloat(getComputedStyle(title).fontSize) : null,
      titleWeight: title ? getComputedStyle(title).fontWeight : null,
      machine: machine ? machine.innerText : null,
      machineSize: machine ? parseFloat(getComputedStyle(machine).fontSize) : null});
  }
  out.headers = [...document.querySelectorAll('thead th')].map(th => th.innerText);
  out.header = document.querySelector('header') ? document.querySelector('header').innerText : '';
  out.tiles = [...document.querySelectorAll('.tile')].map(t => t.innerText);
  const pre = document.createElement('pre');
  pre.id = 'askel-layout';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>
"""


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.fail("Chromium is not installed: `./scripts/test` installs it (Debian package).")


def _run(args: list[str]) -> subprocess.CompletedProcess:
    """Chromium with a throw-away profile (never next to the page: the run's folders stay as the
    run left them)."""
    with tempfile.TemporaryDirectory(prefix="askel-chromium-") as profile:
        done = subprocess.run(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def screenshot(page: Path, png: Path, width: int, height: int) -> Path:
    """A screenshot of `page` at `width` x `height` CSS pixels."""
    _run([f"--window-size={width},{height}", f"--screenshot={png}", page.resolve().as_uri()])
    return png


def layout(page: Path, width: int, height: int = 900) -> dict[str, Any]:
    """The page as Chromium laid it out at `width` px (see MEASURE for the fields). The page
    is self-contained, so a measuring copy in a temporary folder renders the same."""
    with tempfile.TemporaryDirectory(prefix="askel-layout-") as folder:
        probe = Path(folder) / page.name
        html = page.read_text(encoding="utf-8")
        probe.write_text(html.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
        done = _run([f"--window-size={width},{height}", "--dump-dom", probe.resolve().as_uri()])
    start = done.stdout.index('<pre id="askel-layout">') + len('<pre id="askel-layout">')
    end = done.stdout.index("</pre>", start)
    return json.loads(html_lib.unescape(done.stdout[start:end]))
