"""The pages in a real headless Chromium (Debian ``chromium`` + Python ``playwright``).

Screenshots go to ``test-output/screenshots/`` at the repository root (git-ignored). The relations
graph is WebGL (sigma), so Chromium runs with SwiftShader, its software GL.
"""

from __future__ import annotations

import csv
import io
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
from newsgraph.web.app import vendor_missing  # noqa: E402
from webdata import ServerThread, build_db  # noqa: E402

if vendor_missing():
    pytest.skip(f"the front-end libraries are not built: {vendor_missing()}",
                allow_module_level=True)

SHOTS = Path(__file__).resolve().parents[1] / "test-output" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    path = tmp_path_factory.mktemp("browser") / "events.db"
    ids = build_db(path)
    saved, pages.PAGE = pages.PAGE, 4  # small pages, so paging has work to do
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


def new_page(browser, width: int = 1200, height: int = 900, **options):
    """A page that records script errors, console errors and dialogs in ``pg.problems``."""
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    pg = context.new_page()
    pg.problems = []
    pg.on("pageerror", lambda exc: pg.problems.append(f"page error: {exc}"))
    pg.on("console", lambda msg: msg.type == "error" and pg.problems.append(msg.text))

    def on_dialog(dialog):
        pg.problems.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    return pg


@pytest.fixture
def page(browser):
    pg = new_page(browser)
    yield pg
    pg.context.close()


def shoot(pg, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


PAGES = [
    ("home", "/"), ("search", "/search?q=Iran"), ("actor", "/actor/person:lena-varga"),
    ("actor-country", "/actor/IRN"), ("dyad", "/dyad/FRA/IRN"), ("event", "/event/{merged}"),
    ("graph", "/graph"), ("article", "/article/wire-1"), ("outlet", "/outlet?source=Test%20Wire"),
]


@pytest.mark.parametrize("name,path", PAGES)
def test_page_loads_without_errors(site, page, name, path):
    url, ids = site
    response = page.goto(url + path.format(**ids))
    assert response is not None and response.status == 200
    page.wait_for_load_state("networkidle")
    shoot(page, name)
    assert page.locator("h1, h2").count() > 0
    assert page.problems == []


@pytest.mark.parametrize("name,path", PAGES)
def test_no_horizontal_overflow_at_390_px(site, browser, name, path):
    url, ids = site
    pg = new_page(browser, 390, 844, device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        pg.goto(url + path.format(**ids))
        pg.wait_for_load_state("networkidle")
        if name in ("actor", "actor-country", "dyad"):
            pg.wait_for_selector(".chart[data-ready=yes] svg")
        width = pg.evaluate("document.documentElement.scrollWidth")
        shoot(pg, f"mobile-{name}")
        assert width <= 390, f"{path} is {width} px wide at a 390 px viewport"
        assert pg.problems == []
    finally:
        pg.context.close()


def test_header_chart_and_list_count_the_same_events(site, page):
    """One set of numbers: the header, the chart (drawn plus undated) and the list total."""
    url, _ = site
    for path in ("/dyad/FRA/IRN", "/actor/IRN", "/dyad/FRA/IRN?modality=asserted&quad=3"):
        page.goto(url + path)
        box = page.wait_for_selector(".chart[data-ready=yes]")
        header = int(page.locator(".headline .count").inner_text())
        listed = int(page.locator("p.total").get_attribute("data-total"))
        drawn = int(box.get_attribute("data-charted")) + int(box.get_attribute("data-undated"))
        assert header == listed == drawn == int(box.get_attribute("data-total")), path
    shoot(page, "dyad-filtered-chart")


def test_chart_has_a_time_axis_from_zero_a_legend_and_a_table(site, page):
    url, _ = site
    page.goto(url + "/dyad/FRA/IRN")
    page.wait_for_selector(".chart[data-ready=yes] svg")
    view_y = page.evaluate("document.querySelector('.chart').chartView.scale('concat_0_y').domain()")
    assert view_y[0] == 0
    x_domain = page.evaluate("document.querySelector('.chart').chartView.scale('concat_0_x').domain()"
                             ".map(d => +d)")
    assert x_domain[1] > x_domain[0]  # a time scale: milliseconds, not a list of month names
    legend = page.locator(".chart svg").first.text_content()
    for label in ("verbal cooperation", "material conflict"):
        assert label in legend
    page.locator("details.chart-table summary").click()
    rows = page.locator("table.chart-numbers tbody tr")
    assert rows.count() >= 3 and rows.last.inner_text().startswith("total")
    shoot(page, "dyad-chart")
    page.locator("li.event a.what").first.click()
    page.wait_for_url("**/event/*")
    assert page.locator("mark.trigger").count() >= 1
    assert page.locator("a.pair").count() >= 1
    assert page.problems == []


def test_paging_is_by_links_and_survives_back(site, page):
    url, _ = site
    page.goto(url + "/dyad/FRA/IRN?modality=asserted")
    first = page.locator("ol.events > li.event").evaluate_all(
        "rows => rows.map(r => r.dataset.eventId)")
    assert len(first) == 4
    dates = page.locator("ol.events > li.event .date").all_inner_texts()
    assert dates == sorted(dates, reverse=True)  # newest first by default
    page.locator("nav.pager a.next").click()
    page.wait_for_url("**cursor=*")
    second = page.locator("ol.events > li.event").evaluate_all(
        "rows => rows.map(r => r.dataset.eventId)")
    assert second and not set(second) & set(first)
    assert "Events 5–" in page.locator("p.total").inner_text()
    page.go_back()
    page.wait_for_load_state("networkidle")
    again = page.locator("ol.events > li.event").evaluate_all(
        "rows => rows.map(r => r.dataset.eventId)")
    assert again == first


def test_filters_are_kept_in_the_url_and_honoured(site, page):
    url, _ = site
    page.goto(url + "/dyad/FRA/IRN")
    everything = int(page.locator(".headline .count").inner_text())
    page.select_option("form.filters select[name=quad]", "4")
    page.select_option("form.filters select[name=order]", "asc")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url("**quad=4*")
    assert "order=asc" in page.url
    shown = int(page.locator(".headline .count").inner_text())
    assert 0 < shown < everything
    assert page.locator("ol.events > li.event.q4").count() == page.locator(
        "ol.events > li.event").count()
    page.reload()
    assert page.locator("form.filters select[name=quad]").input_value() == "4"


def test_the_csv_export_has_the_rows_the_page_shows(site, page):
    url, _ = site
    page.goto(url + "/dyad/FRA/IRN?modality=asserted&order=asc")
    total = int(page.locator("p.total").get_attribute("data-total"))
    shown = page.locator("ol.events > li.event").evaluate_all(
        "rows => rows.map(r => r.dataset.eventId)")
    with page.expect_download() as download:
        page.locator("a.export-csv").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == total
    assert [r["id"] for r in rows[: len(shown)]] == shown


def test_pair_picker_autocompletes_and_opens_the_pair(site, page):
    url, _ = site
    page.goto(url + "/")
    field = page.locator("form.pair-picker input[name=a]")
    field.type("Fra", delay=30)
    # a locator, not wait_for_function: the page's CSP forbids the eval that one needs
    page.locator("#actor-suggestions option").first.wait_for(state="attached")
    options = page.locator("#actor-suggestions option").evaluate_all(
        "os => os.map(o => o.value)")
    assert "France" in options
    field.fill("France")
    page.locator("form.pair-picker input[name=b]").fill("Iran")
    page.locator("form.pair-picker button").click()
    page.wait_for_url("**/dyad/FRA/IRN")
    shoot(page, "pair-picked")


def test_a_search_of_two_names_opens_their_pair(site, page):
    url, _ = site
    page.goto(url + "/")
    page.fill("form.search input[name=q]", "France Iran")
    page.locator("form.search button").click()
    page.wait_for_url("**/dyad/FRA/IRN")


def test_search_highlights_words_in_snippets(site, page):
    url, _ = site
    page.goto(url + "/search?q=signed")
    assert page.locator("blockquote.snippet mark").count() >= 1
    assert all(m.lower() == "signed"
               for m in page.locator("blockquote.snippet mark").all_inner_texts())
    shoot(page, "search-snippets")


def _label_boxes(page) -> list[dict]:
    """The boxes of the labels sigma drew, from its own list of displayed labels."""
    return page.evaluate("""() => {
      const { renderer, graph } = window.newsgraphGraph;
      const s = renderer.getSettings();
      const ctx = document.createElement('canvas').getContext('2d');
      ctx.font = `${s.labelSize}px ${s.labelFont}`;
      const width = renderer.getDimensions().width;
      return [...renderer.getNodeDisplayedLabels()].map(n => {
        const d = renderer.getNodeDisplayData(n);
        const p = renderer.framedGraphToViewport(d);
        const size = renderer.scaleSize(d.size);
        const w = ctx.measureText(graph.getNodeAttribute(n, 'label')).width;
        // as the page draws it: right of the node, or left where the box ends
        const right = p.x + size + 3;
        const x = right + w > width ? p.x - size - 3 - w : right;
        return { node: n, x, y: p.y - s.labelSize / 2, w, h: s.labelSize };
      });
    }""")


def test_graph_draws_nodes_labels_apart_and_clicks_through(site, page):
    url, _ = site
    page.goto(url + "/graph")
    page.wait_for_selector(".graph[data-ready=yes] canvas")
    nodes = page.evaluate("window.newsgraphGraph.graph.order")
    edges = page.evaluate("window.newsgraphGraph.graph.size")
    assert nodes >= 3 and edges >= 2
    assert page.evaluate("window.newsgraphGraph.graph.edges().every(e => "
                         "window.newsgraphGraph.graph.getEdgeAttribute(e, 'type') === 'arrow')")
    boxes = _label_boxes(page)
    assert len(boxes) >= 2
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            apart = (a["x"] + a["w"] <= b["x"] or b["x"] + b["w"] <= a["x"]
                     or a["y"] + a["h"] <= b["y"] or b["y"] + b["h"] <= a["y"])
            assert apart, f"labels of {a['node']} and {b['node']} overlap"
    shoot(page, "graph-drawn")
    # click the middle of the heaviest edge: its pair page opens
    mid = page.evaluate("""() => {
      const { renderer, graph } = window.newsgraphGraph;
      const e = graph.edges().sort((a, b) => graph.getEdgeAttribute(b, 'events') -
                                             graph.getEdgeAttribute(a, 'events'))[0];
      const [s, t] = graph.extremities(e).map(n => renderer.framedGraphToViewport(
        renderer.getNodeDisplayData(n)));
      const box = renderer.getContainer().getBoundingClientRect();
      return { x: box.left + (s.x + t.x) / 2, y: box.top + (s.y + t.y) / 2 };
    }""")
    page.mouse.click(mid["x"], mid["y"])
    page.wait_for_url("**/dyad/**")
    assert page.problems == []


def test_graph_follows_the_date_filter(site, page):
    url, _ = site
    page.goto(url + "/graph?since=2024-06-01&until=2024-06-30")
    page.wait_for_selector(".graph[data-ready=yes]")
    assert page.evaluate("window.newsgraphGraph.graph.size") == 1  # FRA -> IRN in June only


@pytest.mark.parametrize("path", ["/article/evil", "/event/{hostile}", "/search?q=condemned",
                                  "/actor/grp:shadow", "/outlet?source=%3Cu%3EOutlet%3C%2Fu%3E"])
def test_article_markup_never_runs_or_renders(site, page, path):
    url, ids = site
    page.goto(url + path.format(**ids))
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__pwned === undefined")
    assert page.locator("main script, main img, main b, main i, main u").count() == 0
    assert page.problems == []
    shoot(page, "escaped-" + path.strip("/").split("/")[0].split("?")[0])


def test_graph_labels_stay_inside_the_box_on_a_phone(site, browser):
    url, _ = site
    pg = new_page(browser, 390, 844, device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        pg.goto(url + "/graph")
        pg.wait_for_selector(".graph[data-ready=yes] canvas")
        width = pg.evaluate("window.newsgraphGraph.renderer.getContainer().clientWidth")
        boxes = _label_boxes(pg)
        assert boxes and all(0 <= b["x"] and b["x"] + b["w"] <= width for b in boxes), boxes
        shoot(pg, "mobile-graph-labels")
    finally:
        pg.context.close()


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    """The demo database (the sample corpus, ingested as `newsgraph demo` does), served."""
    from newsgraph import api
    from newsgraph.evaluation.places import SAMPLE

    path = tmp_path_factory.mktemp("map") / "demo.db"
    with api.open(path) as graph:
        graph.ingest(sorted(SAMPLE.glob("0*.txt")))
    with ServerThread(create_app(path)) as server:
        yield server.url


def test_map_draws_the_demo_places_and_a_click_opens_their_events(demo_site, page):
    page.goto(demo_site + "/map?modality=all")
    page.wait_for_selector(".map svg circle.place")
    assert page.locator(".map path.country").count() > 150  # world-atlas's 177 countries
    circles = page.locator(".map circle.place")
    assert circles.count() >= 10
    radii = {float(r) for r in page.eval_on_selector_all(
        ".map circle.place", "cs => cs.map(c => c.getAttribute('r'))")}
    assert len(radii) > 1  # sized by count
    shoot(page, "map")
    tehran = page.locator('.map circle.place[data-place="Tehran"]')
    expected = int(tehran.get_attribute("data-n"))
    tehran.click()
    page.wait_for_url("**/place?**")
    assert "place=Tehran" in page.url and "modality=all" in page.url
    assert int(page.locator(".headline .count").get_attribute("data-total")) == expected
    assert page.locator("main a[href^='/event/']").count() >= 1
    shoot(page, "map-place-events")
    assert page.problems == []


def test_map_keeps_its_filters_in_the_url_and_draws_fewer_places(demo_site, page):
    page.goto(demo_site + "/map?modality=all")
    page.wait_for_selector(".map svg circle.place")
    everything = page.locator(".map circle.place").count()
    page.fill("form.filters input[name=since]", "2024-01-01")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**since=2024-01-01**")
    page.wait_for_selector(".map svg circle.place")
    assert 0 < page.locator(".map circle.place").count() < everything
    assert page.problems == []
