"""The pages in a real headless Chromium (Debian ``chromium`` + Python ``playwright``).

Screenshots go to ``test-output/screenshots/`` at the repository root (git-ignored).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="needs the 'web' extra: pip install 'newsgraph[web]'")
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="needs Python playwright: pip install playwright")

CHROMIUM = os.environ.get("NEWSGRAPH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip(f"needs a Chromium binary (apt-get install chromium); none at {CHROMIUM}",
                allow_module_level=True)

from newsgraph.web import create_app, pages  # noqa: E402
from webdata import ServerThread, build_db  # noqa: E402

SHOTS = Path(__file__).resolve().parents[1] / "test-output" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    path = tmp_path_factory.mktemp("browser") / "events.db"
    ids = build_db(path)
    saved, pages.PAGE = pages.PAGE, 4  # small first pages, so "Load more" has work to do
    try:
        with ServerThread(create_app(path)) as server:
            yield server.url, ids
    finally:
        pages.PAGE = saved


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh page that records script errors, console errors and dialogs."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    pg = context.new_page()
    pg.problems = []
    pg.on("pageerror", lambda exc: pg.problems.append(f"page error: {exc}"))
    pg.on("console", lambda msg: msg.type == "error" and pg.problems.append(msg.text))

    def on_dialog(dialog):
        pg.problems.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    yield pg
    context.close()


def shoot(pg, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("name,path", [
    ("home", "/"), ("search", "/?q=Iran"), ("actor", "/actor/person:lena-varga"),
    ("dyad", "/dyad/FRA/IRN"), ("event", "/event/{merged}"), ("graph", "/graph"),
    ("article", "/article/wire-1"),
])
def test_page_loads_without_errors(site, page, name, path):
    url, ids = site
    response = page.goto(url + path.format(**ids))
    assert response is not None and response.status == 200
    page.wait_for_load_state("networkidle")
    shoot(page, name)
    assert page.locator("h1, h2").count() > 0
    assert page.problems == []


def test_dyad_chart_renders_and_an_event_opens(site, page):
    url, _ = site
    page.goto(url + "/dyad/FRA/IRN")
    page.wait_for_selector(".chart svg rect.bar")
    assert page.locator(".chart svg rect.bar").count() >= 6
    assert page.locator(".chart svg path").count() == 1
    box = page.locator(".chart svg").bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 100
    shoot(page, "dyad-chart")
    page.locator("li.event a.what").first.click()
    page.wait_for_url("**/event/*")
    assert page.locator("mark.trigger").count() >= 1
    assert page.locator("blockquote.sentence").count() >= 1
    shoot(page, "dyad-to-event")
    assert page.problems == []


def test_load_more_appends_the_next_page(site, page):
    url, _ = site
    page.goto(url + "/dyad/FRA/IRN")
    assert page.locator("ol.events > li.event").count() == 4
    page.locator("button.more").click()
    page.wait_for_function("document.querySelectorAll('ol.events > li.event').length > 4")
    assert page.locator("ol.events > li.event").count() == 10
    assert page.locator("button.more").count() == 0
    dates = page.locator("ol.events > li.event .date").all_inner_texts()
    assert dates == sorted(dates)


def test_graph_draws_nodes_and_coloured_edges(site, page):
    url, _ = site
    page.goto(url + "/graph")
    page.wait_for_selector(".graph svg circle")
    assert page.locator(".graph svg circle").count() >= 3
    strokes = page.locator(".graph svg line.edge").evaluate_all(
        "lines => lines.map(l => l.getAttribute('stroke'))")
    assert strokes and all(s.startswith("rgb(") for s in strokes)
    shoot(page, "graph-drawn")


@pytest.mark.parametrize("path", ["/article/evil", "/event/{hostile}", "/?q=condemned",
                                  "/actor/grp:shadow"])
def test_article_markup_never_runs_or_renders(site, page, path):
    url, ids = site
    page.goto(url + path.format(**ids))
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__pwned === undefined")
    assert page.locator("main script, main img, main b, main i, main u").count() == 0
    assert "<script>" in page.locator("main").inner_text() or path.startswith("/actor")
    assert page.problems == []
    shoot(page, "escaped-" + path.strip("/").split("/")[0].replace("?q=", "search"))
