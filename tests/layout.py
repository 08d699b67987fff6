"""How a page of the book is laid out in the browser: what overflows, what is clipped, how wide code is.

Shared by tests/test_browser.py and by authors, who can check pages of a built book at the widths the tests
use, with screenshots, while writing:

    .venv/bin/python tests/layout.py _build/html book/01_information.html [more pages]

prints, for each page and each width, the display equations, tables, code blocks and figures that break the
book's layout rules, and saves screenshots to test-artifacts/layout/.
"""

from __future__ import annotations

import asyncio
import functools
import http.server
import sys
import threading
from pathlib import Path

PHONE, LAPTOP = 390, 1280
WIDTHS = (PHONE, LAPTOP)
MAX_CODE_COLUMNS = 88

# One object per page: the facts the layout rules are about, measured in CSS pixels.
LAYOUT_JS = """() => {
  const article = document.querySelector('article.bd-article') || document.querySelector('main');
  const column = article.getBoundingClientRect();
  const style = el => getComputedStyle(el);
  const scrolls = el => ['auto', 'scroll'].includes(style(el).overflowX);
  // The nearest box that clips el horizontally (overflow other than visible), up to the article.
  const clipper = el => {
    for (let a = el.parentElement; a && a !== article.parentElement; a = a.parentElement) {
      if (style(a).overflowX !== 'visible') return a;
    }
    return null;
  };
  const describe = el => (el.innerText || el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 70);
  const equations = [...article.querySelectorAll('mjx-container[display="true"]')].map(box => {
    const math = box.querySelector('mjx-math');
    const width = math.getBoundingClientRect().width;
    return {
      text: box.querySelector('mjx-assistive-mml') ? describe(box.querySelector('mjx-assistive-mml')) : '',
      width, box: box.clientWidth, column: column.width, scrolls: scrolls(box),
    };
  });
  const tables = [...article.querySelectorAll('table')].map(t => {
    const box = clipper(t);
    return {text: describe(t), width: t.scrollWidth, box: box ? box.clientWidth : null,
            scrolls: box ? scrolls(box) : false, column: column.width};
  });
  const code = [...article.querySelectorAll('pre')].filter(pre => pre.offsetParent !== null).map(pre => ({
    text: describe(pre),
    input: !!pre.closest('.cell_input'),
    longest: Math.max(...pre.innerText.split('\\n').map(line => line.length)),
    width: pre.scrollWidth, box: pre.clientWidth, scrolls: scrolls(pre),
  }));
  const figures = [...article.querySelectorAll('figure img, .cell_output img')].map(img => ({
    src: img.getAttribute('src'), shown: img.getBoundingClientRect().width, natural: img.naturalWidth,
    column: column.width, link: img.closest('a') ? img.closest('a').getAttribute('href') : null,
  }));
  return {column: column.width, page: document.documentElement.scrollWidth, viewport: window.innerWidth,
          equations, tables, code, figures};
}"""


def problems(facts: dict, width: int) -> list[str]:
    """The layout rules a page breaks at viewport ``width``, as readable sentences (empty: none)."""
    found = []
    # against the width asked for: a phone's browser widens its layout viewport to content that is too wide
    if facts["page"] > width or facts["viewport"] > width:
        found.append(f"the page scrolls sideways: {facts['page']} px wide in a {width} px window")
    for eq in facts["equations"]:
        too_wide = eq["width"] > eq["box"] + 1
        if too_wide and (width >= LAPTOP or not eq["scrolls"]):
            found.append(f"equation {eq['width']:.0f} px wide in a {eq['box']} px column: {eq['text']!r}")
    for table in facts["tables"]:
        if table["width"] > table["column"] + 1 and not table["scrolls"]:
            found.append(f"table {table['width']} px wide, clipped in a {table['column']:.0f} px column")
    for pre in facts["code"]:
        if pre["input"] and pre["longest"] > MAX_CODE_COLUMNS:
            found.append(f"code line of {pre['longest']} columns: {pre['text']!r}")
        if pre["width"] > pre["box"] + 1 and (width >= LAPTOP or not pre["scrolls"]):
            found.append(f"code block {pre['width']} px wide in a {pre['box']} px box: {pre['text']!r}")
    for fig in facts["figures"]:
        if fig["shown"] > fig["column"] + 1:
            found.append(f"figure {fig['src']} shown {fig['shown']:.0f} px wide in a {fig['column']:.0f} px column")
    return found


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


# Headless, and no background traffic: this machine's network is closed (shared with tests/test_browser.py).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


async def _report(html: Path, pages: list[str], out: Path) -> int:
    from playwright.async_api import async_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=html))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    mathjax = Path(__file__).resolve().parent.parent / ".cache" / "npm" / "node_modules" / "mathjax" / "es5"
    count = 0

    async def route(route):
        url = route.request.url
        if url.startswith(base):
            return await route.continue_()
        if "mathjax" in url and (mathjax / url.split("/es5/")[-1].split("?")[0]).is_file():
            return await route.fulfill(path=mathjax / url.split("/es5/")[-1].split("?")[0])
        return await route.abort()

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for width in WIDTHS:
            context = await browser.new_context(viewport={"width": width, "height": 900})
            for path in pages:
                page = await context.new_page()
                await page.route("**/*", route)
                await page.goto(base + path, wait_until="load")
                await page.evaluate("() => window.MathJax ? MathJax.startup.promise.then(() => true) : true")
                facts = await page.evaluate(LAYOUT_JS)
                shot = out / f"{width}" / path.replace("/", "_").replace(".html", ".png")
                shot.parent.mkdir(parents=True, exist_ok=True)
                await page.screenshot(path=shot, full_page=True)
                found = problems(facts, width)
                count += len(found)
                print(f"{path} at {width} px: {len(found)} problem(s); screenshot {shot}")
                for line in found:
                    print("   ", line)
                await page.close()
            await context.close()
        await browser.close()
    server.shutdown()
    return count


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__)
        return 2
    html, pages = Path(argv[0]), argv[1:]
    out = Path(__file__).resolve().parent.parent / "test-artifacts" / "layout"
    return 1 if asyncio.run(_report(html, pages, out)) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
