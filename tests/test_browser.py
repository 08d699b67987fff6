"""The built book in a real browser: headless Chromium, driven by playwright, on the book served locally.

Every page is opened once (two tabs at a time, in one module-scoped browser session) and then checked for:
math typeset by MathJax 3, images that load and have meaningful alt text, figures that show their picture, no
console errors, Binder launch buttons for this repository, its branch and the page's notebook, internal links
that resolve, and no serious or critical accessibility violation found by axe-core. The search field is used
once, for "logsumexp". Every page is also opened at a phone's width (390 px) as well as a laptop's (1280 px),
where its layout is measured (tests/layout.py): no display equation, code block or table is cut or widens the
page, code lines are at most 88 columns, figures are vector images shown at a legible width, no build
machinery (``glue(``) shows, and the ☰ button shows and hides the chapter list. A full-page screenshot of each
page at each width goes to test-artifacts/screenshots/<width>/.

The published book loads MathJax from its CDN, which this machine cannot reach: the browser's requests for it
are answered from a local copy of the npm package ``mathjax@3``. Every other request that is not to the local
server is aborted and recorded, and the tests require that there are none. Chromium (Debian's package) and the
npm packages (MathJax, axe-core) are installed by scripts/browser_deps.sh, which the first test runs.
"""

from __future__ import annotations

import asyncio
import functools
import http.server
import re
import shutil
import subprocess
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml
from layout import CHROMIUM_ARGS, LAPTOP, LAYOUT_JS, PHONE, WIDTHS, problems

from course_lib.plots._style import PHONE_FIGURE_PX

ROOT = Path(__file__).resolve().parent.parent
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
NPM = ROOT / ".cache" / "npm" / "node_modules"
MATHJAX_ES5 = NPM / "mathjax" / "es5"
AXE = NPM / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"

# Every page of the book: the documents of the table of contents, and the pages Sphinx adds.
DOCUMENTS = [TOC["root"]] + [ch["file"] for part in TOC["parts"] for ch in part["chapters"]]
CHAPTERS = [ch["file"] for part in TOC["parts"] if part.get("numbered") for ch in part["chapters"]]  # 1., 2., ...
PAGES = [f"{doc}.html" for doc in DOCUMENTS] + ["genindex.html", "py-modindex.html", "search.html"]
REDIRECT = "index.html"  # the site's root only sends the reader to the book's first page

RAW_TEX = ["$$", "\\frac", "\\(", "\\)", "\\[", "\\]", "\\begin{", "\\mathrm"]
GENERIC_ALT = {"image", "img", "figure", "fig", "picture", "plot", "graph", "chart", "output", "png", "svg", "logo"}


# --- the site: built, served, browsed ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser_deps():
    """Chromium, MathJax and axe-core, installed (once) by scripts/browser_deps.sh."""
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "browser_deps.sh")], capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    for path in (Path(CHROMIUM), MATHJAX_ES5 / "tex-mml-chtml.js", AXE):
        assert path.is_file(), path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def handle(self):
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):  # the browser moved on before a response was sent
            pass


@pytest.fixture(scope="module")
def site(built_book):
    """The freshly built book served over HTTP on the loopback interface: (base URL, html folder)."""
    result, html = built_book
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=html))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/", html
    server.shutdown()
    server.server_close()


def _mathjax_url(html: Path) -> str:
    """The URL the pages load MathJax from (the same on every page that has math)."""
    urls = set()
    for page in html.rglob("*.html"):
        urls |= set(re.findall(r'<script[^>]+src="([^"]*mathjax[^"]*)"', page.read_text(encoding="utf-8")))
    assert len(urls) == 1, urls
    return urls.pop()


@dataclass
class Visit:
    """What one page showed the browser."""

    url: str = ""
    console_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    facts: dict = field(default_factory=dict)
    violations: list[dict] = field(default_factory=list)
    layout: dict = field(default_factory=dict)


_FACTS_JS = """() => {
  const math = [...document.querySelectorAll('.math')];
  const hrefs = selector => [...document.querySelectorAll(selector)].map(a => a.href);
  return {
    math: math.length,
    typeset: math.filter(el => el.querySelector('mjx-container')).length,
    tex_errors: document.querySelectorAll('mjx-merror').length,
    mathjax_version: window.MathJax && window.MathJax.version || null,
    text: document.body.innerText,
    images: [...document.images].map(img => ({
      src: img.getAttribute('src'), complete: img.complete, width: img.naturalWidth, alt: img.getAttribute('alt'),
    })),
    figures: [...document.querySelectorAll('figure')].map(fig => ({
      id: fig.id, images: [...fig.querySelectorAll('img')].filter(img => img.naturalWidth > 0).length,
    })),
    links: hrefs('a[href]'),
    launch_buttons: hrefs('.dropdown-launch-buttons a[href]'),
  };
}"""

_AXE_JS = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))}));
}"""


# Where the chapter list (the primary sidebar) is: on screen and visible, and how many visible search fields.
_SIDEBAR_JS = """() => {
  const bar = document.querySelector('.bd-sidebar-primary');
  const box = bar.getBoundingClientRect();
  const link = [...bar.querySelectorAll('nav a.reference')].find(a => a.getBoundingClientRect().width > 0);
  const shown = getComputedStyle(bar).visibility === 'visible' && box.right > 0 && box.left < window.innerWidth;
  const linkBox = link ? link.getBoundingClientRect() : null;
  return {
    shown,
    chapter_link_on_screen: !!(shown && linkBox && linkBox.left >= 0 && linkBox.right <= window.innerWidth),
    search_fields: [...document.querySelectorAll('.search-button-field')].filter(b => b.offsetParent).length,
  };
}"""


@dataclass
class Site:
    """Everything the browser saw, gathered in one session (two tabs at a time)."""

    base: str
    html: Path
    visits: dict[str, Visit]
    phone: dict[str, Visit]
    dark: dict[str, Visit]
    redirect: Visit
    search: Visit
    toggles: dict[int, dict]


async def _browse(base: str, html: Path) -> Site:
    from playwright.async_api import async_playwright

    mathjax_base = _mathjax_url(html).rsplit("/", 1)[0] + "/"  # .../es5/, what the local copy stands for
    tabs = asyncio.Semaphore(2)

    async def open_page(context, path: str, visit: Visit, settle: bool = True):
        """A tab on ``path``, once it has loaded and MathJax (where the page has it) has typeset it."""

        async def route(route):
            url = route.request.url
            if url.startswith(base):
                return await route.continue_()
            if url.startswith(mathjax_base):
                local = (MATHJAX_ES5 / url[len(mathjax_base) :].split("?")[0]).resolve()
                if local.is_file() and local.is_relative_to(MATHJAX_ES5.resolve()):
                    return await route.fulfill(path=local)
            visit.external_requests.append(url)
            return await route.abort()

        page = await context.new_page()
        page.on("console", lambda msg: visit.console_errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: visit.console_errors.append(f"uncaught: {exc}"))
        await page.route("**/*", route)
        await page.goto(base + path, wait_until="load")
        if settle:
            await page.evaluate("() => document.fonts.ready.then(() => true)")
            if await page.evaluate("() => !!document.querySelector('script[src*=\"mathjax\"]')"):
                await page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
                await page.evaluate("() => MathJax.startup.promise.then(() => true)")
        return page

    async def visit(context, path: str, width: int = LAPTOP, suffix: str = "") -> Visit:
        async with tabs:
            visit = Visit()
            page = await open_page(context, path, visit)
            visit.url = page.url
            visit.facts = await page.evaluate(_FACTS_JS)
            visit.layout = await page.evaluate(LAYOUT_JS)
            shot = SCREENSHOTS / (str(width) + suffix) / path.replace(".html", ".png")
            shot.parent.mkdir(parents=True, exist_ok=True)
            await page.screenshot(path=shot, full_page=True)
            await page.add_script_tag(path=AXE)
            visit.violations = await page.evaluate(_AXE_JS)
            await page.close()
            return visit

    async def toggle(context, width: int) -> dict:
        """Clicks the visible ☰ button of a chapter page twice; where the chapter list is before and after."""
        visit = Visit()
        page = await open_page(context, f"{CHAPTERS[0]}.html", visit)
        states = [await page.evaluate(_SIDEBAR_JS)]
        buttons = page.locator(".primary-toggle:visible")
        count = await buttons.count()
        for _ in range(2):
            await buttons.first.click()
            await page.wait_for_timeout(600)  # the sidebar slides in or out
            states.append(await page.evaluate(_SIDEBAR_JS))
            if width == PHONE:
                await page.screenshot(path=SCREENSHOTS / str(width) / "menu-open.png")
                await page.mouse.click(width - 10, 450)  # a tap beside the open menu closes it
                await page.wait_for_timeout(600)
                states.append(await page.evaluate(_SIDEBAR_JS))
                break
        await page.close()
        return {"buttons": count, "states": states, "errors": visit.console_errors}

    async def follow_redirect(context) -> Visit:
        visit = Visit()
        page = await open_page(context, REDIRECT, visit, settle=False)
        await page.wait_for_url(f"{base}{TOC['root']}.html")
        visit.url = page.url
        await page.close()
        return visit

    async def search(context) -> Visit:
        """Types the query into the first page's search field, and reads the search page's results."""
        visit = Visit()
        page = await open_page(context, f"{TOC['root']}.html", visit)
        await page.keyboard.press("Control+k")
        await page.locator(".search-button__wrapper input[name=q]").fill("logsumexp")
        await page.keyboard.press("Enter")
        await page.wait_for_url("**/search.html?q=logsumexp*")
        summary = page.locator("#search-results .search-summary")
        await summary.filter(has_text=re.compile("Search finished|did not match")).wait_for()
        visit.url = page.url
        await page.screenshot(path=SCREENSHOTS / str(LAPTOP) / "search-logsumexp.png", full_page=True)
        visit.facts["hits"] = await page.locator("#search-results ul.search li a").evaluate_all(
            "links => links.map(a => a.href)"
        )
        await page.close()
        return visit

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = await browser.new_context(viewport={"width": LAPTOP, "height": 900})
        visits = await asyncio.gather(*(visit(context, path) for path in PAGES))
        redirect = await follow_redirect(context)
        found = await search(context)
        toggles = {LAPTOP: await toggle(context, LAPTOP)}
        phone = await browser.new_context(viewport={"width": PHONE, "height": 844}, is_mobile=True, has_touch=True)
        phone_visits = await asyncio.gather(*(visit(phone, path, PHONE) for path in PAGES))
        toggles[PHONE] = await toggle(phone, PHONE)
        dark = await browser.new_context(viewport={"width": LAPTOP, "height": 900}, color_scheme="dark")
        dark_visits = await asyncio.gather(*(visit(dark, path, LAPTOP, "-dark") for path in PAGES))
        await browser.close()
    return Site(
        base,
        html,
        dict(zip(PAGES, visits, strict=True)),
        dict(zip(PAGES, phone_visits, strict=True)),
        dict(zip(PAGES, dark_visits, strict=True)),
        redirect,
        found,
        toggles,
    )


@pytest.fixture(scope="module")
def browser(browser_deps, site) -> Site:
    """The site as the browser saw it (every page at both widths; screenshots in test-artifacts/screenshots)."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return asyncio.run(_browse(*site))


# --- the site as a whole -----------------------------------------------------------------------------------


def test_every_built_page_is_checked(site):
    _, html = site
    built = {p.relative_to(html).as_posix() for p in html.rglob("*.html") if p.parts[len(html.parts)] != "_static"}
    assert built == set(PAGES) | {REDIRECT}


def test_the_site_root_sends_the_reader_to_the_first_page(browser):
    assert browser.redirect.url == f"{browser.base}{TOC['root']}.html"
    assert browser.redirect.console_errors == []
    assert browser.redirect.external_requests == []


def test_the_published_book_loads_mathjax_3_from_its_cdn(browser):
    assert re.fullmatch(r"https://[^/]+/.*mathjax@3/es5/tex-mml-chtml\.js", _mathjax_url(browser.html))


def test_search_finds_logsumexp(browser):
    """Typed into the search field of the first page, the query lands on the search page with results."""
    search = browser.search
    assert search.console_errors == []
    assert search.external_requests == []
    hits = [urlsplit(url).path for url in search.facts["hits"]]
    assert "/book/04_numerical_stability.html" in hits, hits


# --- every page --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES)
def test_math_is_typeset_by_mathjax_3(browser, path):
    facts = browser.visits[path].facts
    in_html = len(re.findall(r'class="math[ "]', (browser.html / path).read_text(encoding="utf-8")))
    assert facts["math"] == in_html
    assert facts["typeset"] == facts["math"], "math left untypeset"
    assert facts["tex_errors"] == 0
    if facts["math"]:
        assert facts["mathjax_version"].startswith("3.")
    raw = [tex for tex in RAW_TEX if tex in facts["text"]]
    assert raw == [], f"raw TeX in the visible text: {raw}"


def test_the_book_has_its_numbered_chapters():
    assert len(CHAPTERS) >= 6


@pytest.mark.parametrize("path", [f"{doc}.html" for doc in CHAPTERS])
def test_every_chapter_has_typeset_math(browser, path):
    assert browser.visits[path].facts["typeset"] > 0


def _meaningful(alt: str | None, src: str) -> bool:
    alt = (alt or "").strip()
    name = src.rsplit("/", 1)[-1]
    return (
        len(alt) >= 8
        and len(alt.split()) >= 2
        and alt.lower() not in GENERIC_ALT
        and name.split(".")[0] not in alt
        and not re.search(r"\.(png|jpe?g|svg|gif)\b", alt, re.I)
    )


def test_the_alt_text_rule_tells_a_description_from_a_placeholder():
    assert _meaningful("Binder logo", "_static/images/logo_binder.svg")
    assert _meaningful("A U-shaped curve of cross-entropy against q", "_images/6202a8c3.png")
    for alt, src in [("-", "_static/minus.png"), ("", "a.png"), ("Figure", "b.png"), ("loss_curve.png", "c.png")]:
        assert not _meaningful(alt, src)
    assert not _meaningful("the plot fig1 drawn", "_images/fig1.png")


@pytest.mark.parametrize("path", PAGES)
def test_every_image_loads_and_has_meaningful_alt_text(browser, path):
    for img in browser.visits[path].facts["images"]:
        assert img["complete"] and img["width"] > 0, f"image did not load: {img['src']}"
        assert _meaningful(img["alt"], img["src"]), f"alt text of {img['src']}: {img['alt']!r}"


@pytest.mark.parametrize("path", PAGES)
def test_every_figure_shows_an_image(browser, path):
    """A numbered figure shows a picture, not the text a notebook prints for a figure it could not render."""
    figures = browser.visits[path].facts["figures"]
    assert [fig["id"] for fig in figures if fig["images"] == 0] == []
    assert "<Figure size" not in browser.visits[path].facts["text"]


def test_the_chapters_figures_are_among_the_images_checked(browser):
    figures = [
        img for doc in CHAPTERS for img in browser.visits[f"{doc}.html"].facts["images"] if "_images/" in img["src"]
    ]
    assert len(figures) >= len(CHAPTERS)


@pytest.mark.parametrize("path", PAGES)
def test_no_console_errors(browser, path):
    assert browser.visits[path].console_errors == []


@pytest.mark.parametrize("path", PAGES)
def test_the_page_requests_nothing_from_outside_but_mathjax(browser, path):
    assert browser.visits[path].external_requests == []


def _binder_target(url: str) -> tuple[str, str, str]:
    """(owner/name, branch, path opened) of a Binder link to a GitHub repository."""
    binder = CONFIG["launch_buttons"]["binderhub_url"].rstrip("/")
    interface = {"jupyterlab": "lab/tree/", "classic": "tree/"}[CONFIG["launch_buttons"]["notebook_interface"]]
    parts = urlsplit(url)
    assert url.startswith(binder + "/v2/gh/"), url
    owner, name, branch = parts.path.split("/")[3:]
    (urlpath,) = parse_qs(parts.query)["urlpath"]
    assert urlpath.startswith(interface), url
    return f"{owner}/{name}", branch, urlpath.removeprefix(interface)


REPOSITORY = urlsplit(CONFIG["repository"]["url"]).path.strip("/")
BRANCH = CONFIG["repository"]["branch"]


@pytest.mark.parametrize("path", PAGES)
def test_launch_buttons_open_this_repository_on_binder(browser, path):
    """A page built from a notebook has launch buttons for that notebook; other pages have none."""
    launches = [_binder_target(url) for url in browser.visits[path].facts["launch_buttons"]]
    notebook = Path(path).with_suffix(".ipynb").as_posix()
    if not (ROOT / notebook).is_file():
        assert launches == []
        return
    prefix = CONFIG["repository"].get("path_to_book") or ""
    assert launches == [(REPOSITORY, BRANCH, f"{prefix}{notebook}")]


@pytest.mark.parametrize("path", PAGES)
def test_every_binder_link_opens_a_notebook_of_this_repository(browser, path):
    """Binder links in the text too (the exercises page) open this repository, its branch, a notebook in it."""
    binder = CONFIG["launch_buttons"]["binderhub_url"].rstrip("/")
    for url in browser.visits[path].facts["links"]:
        if url.startswith(binder + "/"):
            repository, branch, notebook = _binder_target(url)
            assert (repository, branch) == (REPOSITORY, BRANCH), url
            assert notebook.endswith(".ipynb") and (ROOT / notebook).is_file(), url


@functools.cache
def _served(url: str) -> bool:
    try:
        with urllib.request.urlopen(url) as response:
            return response.status == 200
    except urllib.error.HTTPError:
        return False


@functools.cache
def _anchors(file: Path) -> frozenset[str]:
    return frozenset(re.findall(r'\s(?:id|name)="([^"]+)"', file.read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", PAGES)
def test_every_internal_link_resolves(browser, path):
    """Each link to the site itself gets a 200 from the server, and its #fragment names an element there."""
    broken = []
    for url in sorted(set(browser.visits[path].facts["links"])):
        if not url.startswith(browser.base):
            continue
        parts = urlsplit(url)
        file = browser.html / unquote(parts.path).lstrip("/")
        if file.is_dir():
            file = file / "index.html"
        if not _served(url.split("#")[0]) or (
            parts.fragment and file.suffix == ".html" and unquote(parts.fragment) not in _anchors(file)
        ):
            broken.append(url)
    assert broken == []


def test_the_link_check_is_not_vacuous(browser):
    internal = {
        url for visit in browser.visits.values() for url in visit.facts["links"] if url.startswith(browser.base)
    }
    assert len(internal) > 100
    assert any("#" in url for url in internal)


@pytest.mark.parametrize("mode", ["phone", "laptop", "laptop-dark"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_accessibility_violations(browser, path, mode):
    """axe-core at a phone's width, at a laptop's, and at a laptop's in the dark colour mode."""
    visits = {"phone": browser.phone, "laptop": browser.visits, "laptop-dark": browser.dark}[mode]
    assert visits[path].violations == []


# --- the page on a phone and on a laptop -------------------------------------------------------------------


def _at(browser: Site, width: int) -> dict[str, Visit]:
    return browser.phone if width == PHONE else browser.visits


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_nothing_is_cut_or_too_wide(browser, path, width):
    """No equation, code block or table is cut or wider than the column (on a phone: scrolls in its own box)."""
    assert problems(_at(browser, width)[path].layout, width) == []


def test_the_layout_rules_catch_what_they_are_about():
    """problems() flags a too-wide equation, code line, code block, table and page; and passes a clean page."""
    clean = {"page": 390, "viewport": 390, "column": 358, "equations": [], "tables": [], "code": [], "figures": []}
    assert problems(clean, PHONE) == []
    wide_eq = {"text": "H(p,q)", "width": 800, "box": 680, "column": 680, "scrolls": True}
    assert problems({**clean, "equations": [wide_eq]}, LAPTOP)
    assert problems({**clean, "equations": [wide_eq]}, PHONE) == []  # scrolls in its own box on a phone
    assert problems({**clean, "equations": [{**wide_eq, "scrolls": False}]}, PHONE)
    long_line = {"text": "x", "input": True, "longest": 89, "width": 300, "box": 300, "scrolls": True}
    assert problems({**clean, "code": [long_line]}, LAPTOP)
    wide_pre = {"text": "x", "input": False, "longest": 80, "width": 700, "box": 680, "scrolls": True}
    assert problems({**clean, "code": [wide_pre]}, LAPTOP)
    table = {"text": "t", "width": 500, "box": None, "scrolls": False, "column": 358}
    assert problems({**clean, "tables": [table]}, PHONE)
    assert problems({**clean, "page": 700}, PHONE)
    assert problems({**clean, "page": 687, "viewport": 687}, PHONE)  # the phone widened its viewport


@pytest.mark.parametrize("width", WIDTHS)
def test_the_layout_check_measures_something(browser, width):
    chapters = [_at(browser, width)[f"{doc}.html"].layout for doc in CHAPTERS]
    assert sum(len(facts["equations"]) for facts in chapters) > 50
    assert sum(len([c for c in facts["code"] if c["input"]]) for facts in chapters) > 50
    assert all(400 < facts["column"] < 1000 for facts in chapters) if width == LAPTOP else True


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_no_build_machinery_shows(browser, path, width):
    text = _at(browser, width)[path].facts["text"]
    assert "glue(" not in text and "show_figures_as_svg" not in text and "remove-cell" not in text


@pytest.mark.parametrize("path", [f"{doc}.html" for doc in CHAPTERS])
def test_figures_are_vector_images_shown_at_a_legible_width(browser, path):
    """SVG (sharp at any zoom), a link to itself (a phone reader can open it alone and zoom), and on a phone
    a full-width figure is shown at least PHONE_FIGURE_PX wide."""
    for fig in browser.phone[path].layout["figures"]:
        assert fig["src"].endswith(".svg"), fig
        assert fig["link"] == fig["src"], fig
        if fig["natural"] >= browser.phone[path].layout["column"]:
            assert fig["shown"] >= PHONE_FIGURE_PX, fig
    assert [fig for fig in browser.visits[path].layout["figures"] if not fig["src"].endswith(".svg")] == []


def test_the_phone_menu_opens_the_chapter_list_and_closes_again(browser):
    toggle = browser.toggles[PHONE]
    assert toggle["buttons"] == 1
    closed, opened, closed_again = toggle["states"]
    assert not closed["shown"]
    assert opened["shown"] and opened["chapter_link_on_screen"]
    assert not closed_again["shown"]
    assert toggle["errors"] == []


def test_the_laptop_menu_button_hides_and_shows_the_chapter_list(browser):
    toggle = browser.toggles[LAPTOP]
    assert toggle["buttons"] == 1
    shown, hidden, shown_again = toggle["states"]
    assert shown["shown"] and shown["chapter_link_on_screen"]
    assert not hidden["shown"]
    assert shown_again["shown"]
    assert toggle["errors"] == []


def test_the_laptop_page_has_one_search_field(browser):
    assert browser.toggles[LAPTOP]["states"][0]["search_fields"] == 1


@pytest.mark.parametrize("width", WIDTHS)
def test_a_screenshot_of_every_page_is_kept(browser, width):
    shots = {p.relative_to(SCREENSHOTS / str(width)).as_posix() for p in (SCREENSHOTS / str(width)).rglob("*.png")}
    assert {path.replace(".html", ".png") for path in PAGES} <= shots
