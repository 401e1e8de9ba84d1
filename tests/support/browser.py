"""The quality report as headless Chromium lays it out (reports.chromium.Browser, the driver
that prints the managers' PDF): which elements stick out of the viewport, each check row's
cells, fonts and text, the headers and tiles; and a screenshot to look at.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reports.chromium import Browser

# Measures the laid-out page: elements beyond the viewport, and every check row.
MEASURE = """(() => {
  const width = document.documentElement.clientWidth;
  const out = {viewport: width, scrollWidth: document.documentElement.scrollWidth,
               overflowing: [], rows: []};
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > width + 0.5 || r.left < -0.5) {
      out.overflowing.push({tag: el.tagName, cls: String(el.className), right: r.right,
                            text: (el.textContent || '').trim().slice(0, 80)});
    }
  }
  for (const tr of document.querySelectorAll('tr.check')) {
    const cells = [...tr.children].map(td => {
      const r = td.getBoundingClientRect();
      return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, text: td.innerText};
    });
    const title = tr.querySelector('.check-title');
    const machine = tr.querySelector('.machine');
    const next = tr.nextElementSibling;
    out.rows.push({cells,
      examples: next && next.classList.contains('examples') ? next.innerText : '',
      title: title ? title.innerText : null,
      titleSize: title ? parseFloat(getComputedStyle(title).fontSize) : null,
      titleWeight: title ? getComputedStyle(title).fontWeight : null,
      machine: machine ? machine.innerText : null,
      machineSize: machine ? parseFloat(getComputedStyle(machine).fontSize) : null});
  }
  out.headers = [...document.querySelectorAll('thead th')].map(th => th.innerText);
  const header = document.querySelector('header');
  out.header = header ? header.innerText : '';
  out.tiles = [...document.querySelectorAll('.tile')].map(t => t.innerText);
  return out;
})()"""


def layout(page: Path, width: int, height: int = 900) -> dict[str, Any]:
    """The page as Chromium laid it out at `width` CSS pixels (see MEASURE for the fields)."""
    with Browser() as browser:
        session = browser.open(page, width, height)
        return browser.evaluate(session, MEASURE)


def screenshot(page: Path, png: Path, width: int, height: int) -> Path:
    """A full-page screenshot of `page` laid out at `width` x `height` CSS pixels."""
    with Browser() as browser:
        session = browser.open(page, width, height)
        png.write_bytes(browser.screenshot(session))
    return png
