"""The stories pages in a real headless Chromium, as tests/test_web_browser.py drives the others:
the list linked from the home page, and one story's timeline of events and its articles by
outlet. Screenshots go to ``test-output/screenshots/``."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.store import Store
from newsgraph.store import stories as story_store

# the same requirements and Chromium as the other pages' browser tests (skipped with them)
from test_web_browser import ARGS, CHROMIUM, sync_api
from webdata import ServerThread, build_db

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[1] / "test-output" / "screenshots"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The web tests' database (hand-made events, one hostile article), its articles filed
    into stories as the backfill of an older database files them."""
    from newsgraph.web import create_app

    path = tmp_path_factory.mktemp("stories-browser") / "events.db"
    build_db(path)
    with Store(path) as store, store.transaction():
        story_store.file_unfiled(store.conn)
    with ServerThread(create_app(path)) as server:
        yield server.url


@pytest.fixture
def page():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        pg = context.new_page()
        pg.problems = []
        pg.on("pageerror", lambda exc: pg.problems.append(f"page error: {exc}"))
        pg.on("console", lambda msg: msg.type == "error" and pg.problems.append(msg.text))
        yield pg
        browser.close()


def test_the_home_page_links_the_stories_and_a_story_shows_its_timeline_by_outlet(site, page):
    page.goto(site + "/")
    page.get_by_role("link", name="Stories", exact=True).first.click()
    page.wait_for_url("**/stories")
    stories = page.locator("li.story")
    assert stories.count() == int(page.locator("p.total").get_attribute("data-total"))
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "stories.png"), full_page=True)
    # the accord in Geneva: two outlets, two days
    page.locator("li.story a.label", has_text="AGREE").click()
    page.wait_for_load_state("networkidle")
    assert "/stories/s" in page.url
    assert "AGREE" in page.locator("h1.story-label").inner_text()
    assert page.locator(".story-timeline li.event").count() >= 1
    outlets = page.locator(".story-articles h3.outlet-name").all_inner_texts()
    assert sorted(outlets) == ["Daily Test", "Test Wire"]
    assert page.locator(".story-articles li[data-article-id]").count() == 2
    page.screenshot(path=str(SHOTS / "story.png"), full_page=True)
    page.locator(".story-timeline a.what").first.click()  # the timeline opens the event
    page.wait_for_url("**/event/**")
    assert page.problems == []


def test_a_story_of_a_hostile_article_renders_nothing_from_it_as_markup(site, page):
    page.goto(site + "/stories")
    page.locator("li.story a.label", has_text="Shadow").click()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__pwned === undefined")
    assert "<i>Shadow</i>" in page.locator("h1.story-label").inner_text()
    assert page.problems == []


def test_the_stories_page_fits_a_390_px_screen(site, page):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(site + "/stories")
    page.locator("li.story a.label").first.click()
    page.wait_for_load_state("networkidle")
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= 390 + 1, f"the story page is {wide} px wide at 390"
