"""The HTTP API and the pages, in-process against a real SQLite file (see tests/webdata.py)."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi", reason="needs the 'web' extra: pip install 'newsgraph[web]'")

from fastapi.testclient import TestClient  # noqa: E402

from conftest import session_db  # noqa: E402
from newsgraph.web import create_app  # noqa: E402
from webdata import HOSTILE_TITLE, build_db, build_sample_db  # noqa: E402

TOKEN = "s3cret-token"
LOCAL = "http://127.0.0.1"  # the Host allow-list serves loopback names by default


@pytest.fixture(scope="session")
def web_db(backend, tmp_path_factory):
    path = session_db(backend, tmp_path_factory.mktemp("web"), "events.db")
    ids = build_db(path)
    return path, ids


@pytest.fixture(scope="session")
def client(web_db):
    with TestClient(create_app(web_db[0]), base_url=LOCAL) as c:
        yield c


@pytest.fixture(scope="session")
def ids(web_db):
    return web_db[1]


def all_pages(client, url: str) -> list[dict]:
    """Every event behind a paginated URL, following next_cursor."""
    out, cursor = [], None
    for _ in range(100):
        r = client.get(f"{url}&cursor={cursor}" if cursor else url)
        assert r.status_code == 200, r.text
        body = r.json()
        out += body["events"]
        cursor = body["next_cursor"]
        if cursor is None:
            return out
    raise AssertionError("pagination does not end")


def test_events_pages_follow_the_cursor_in_date_order(client):
    events = all_pages(client, "/api/events?limit=3&modality=all")
    dates = [e["date"] for e in events]
    assert len(events) == 11
    assert len({e["id"] for e in events}) == 11
    assert dates == sorted(dates)


def test_events_next_link_carries_the_filters(client):
    body = client.get("/api/events?limit=2&type=CONSULT").json()
    assert "type=CONSULT" in body["next"] and "cursor=" in body["next"]


def test_events_descending_order_starts_with_the_latest(client):
    body = client.get("/api/events?order=desc&limit=1").json()
    assert body["events"][0]["date"] == "2024-06-25"


@pytest.mark.parametrize("query,expected", [
    ("actor=person:lena-varga", 1),
    ("actor=Lena Varga", 1),
    ("dyad=FRA,IRN", 10),  # Lena Varga is French: a country matches its nationals
    ("dyad=IRN&dyad=FRA", 10),
    ("country=DEU&modality=all", 1),
    ("modality=negated", 1),
    ("type=ACCUSE", 5),
    ("since=2024-06-01&until=2024-06-30", 2),
    ("q=accord", 1),
    ("article=paper-2", 1),
])
def test_events_filters(client, query, expected):
    r = client.get(f"/api/events?{query}&limit=500")
    assert r.status_code == 200, r.text
    assert len(r.json()["events"]) == expected


def test_event_has_every_source_sentence_and_merge_reason(client, ids):
    body = client.get(f"/api/events/{ids['merged']}").json()
    assert [m["article_id"] for m in body["mentions"]] == ["wire-1", "paper-2"]
    assert body["mentions"][1]["article"]["title"] == "Berlin reacts"
    assert body["merge_reasons"] == ["same pair and type (AGREE), dates agree (2024-02-06)"]
    assert body["n_articles"] == 2


def test_events_list_names_the_articles_it_cites(client):
    body = client.get("/api/events?article=paper-2").json()
    assert body["articles"]["paper-2"]["source"] == "Daily Test"


def test_actor_has_roles_with_learned_evidence_and_counterparts(client):
    body = client.get("/api/actors/person:lena-varga").json()
    learned = [r for r in body["roles"] if r["learned"]]
    assert learned[0]["office"] == "spokesperson"
    assert "spokesperson" in learned[0]["evidence"]
    assert body["counterparts"][0]["id"] == "IRN"


def test_actors_list_is_busiest_first(client):
    actors = client.get("/api/actors?limit=2").json()["actors"]
    assert [a["id"] for a in actors] == ["IRN", "FRA"]


def test_timeline_between_two_actors(client):
    events = all_pages(client, "/api/timeline?a=France&b=Iran&limit=4")
    assert len(events) == 10


def test_dyad_series_counts_quad_classes_per_month(client):
    body = client.get("/api/dyads/FRA/IRN/series?interval=month").json()
    by_month = {p["period"]: p for p in body["series"]}
    assert by_month["2024-03"]["events"] == 2
    assert by_month["2024-03"]["material_cooperation"] == 1
    assert by_month["2024-03"]["verbal_conflict"] == 1
    assert by_month["2024-06"]["goldstein"] == pytest.approx(-4.5)


def test_graph_is_limited_to_the_date_range(client):
    body = client.get("/api/graph?since=2024-06-01&until=2024-06-30").json()
    assert body["edges"] == [{"source": "FRA", "target": "IRN", "events": 2, "goldstein": -4.5}]
    assert {n["id"] for n in body["nodes"]} == {"FRA", "IRN"}


def test_article_is_returned_as_stored(client, ids):
    body = client.get(f"/api/articles/{ids['hostile_article']}").json()
    assert body["title"] == HOSTILE_TITLE


def test_openapi_lists_the_endpoints(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/events", "/api/events/{event_id}", "/api/actors", "/api/actors/{actor_id}",
                 "/api/timeline", "/api/dyads/{a}/{b}/series", "/api/graph",
                 "/api/articles/{article_id}", "/api/articles"):
        assert path in paths


@pytest.mark.parametrize("url,status,parameter", [
    ("/api/events?limit=0", 400, "limit"),
    ("/api/events?limit=501", 400, "limit"),
    ("/api/events?since=last-week", 400, "since"),
    ("/api/events?modality=rumoured", 400, "modality"),
    ("/api/events?cursor=not-a-cursor", 400, "cursor"),
    ("/api/events?actor=Atlantis", 400, "actor"),
    ("/api/events?dyad=FRA", 400, "dyad"),
    ("/api/dyads/FRA/IRN/series?interval=decade", 400, "interval"),
    ("/api/events/ev_missing", 404, "event_id"),
    ("/api/actors/nobody", 404, "actor_id"),
    ("/api/articles/nothing", 404, "article_id"),
    ("/api/no-such-endpoint", 404, None),
])
def test_every_error_has_one_shape(client, url, status, parameter):
    r = client.get(url)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("application/json")
    error = r.json()["error"]
    assert set(error) == {"status", "parameter", "message"}
    assert (error["status"], error["parameter"]) == (status, parameter)
    if status in (400, 422):
        assert error["message"].startswith(f"{parameter}: ")


def test_a_missing_page_is_html_for_browsers(client):
    r = client.get("/event/ev_missing", headers={"Accept": "text/html"})
    assert r.status_code == 404
    assert "no event with id" in r.text and r.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("page", ["/", "/?q=Iran", "/actor/FRA", "/dyad/FRA/IRN", "/graph",
                                  "/article/wire-1", "/actor/person:lena-varga"])
def test_pages_render(client, page):
    r = client.get(page)
    assert r.status_code == 200
    assert "Content-Security-Policy" in r.headers


def test_event_page_highlights_trigger_and_actors(client, ids):
    text = client.get(f"/event/{ids['merged']}").text
    assert '<mark class="trigger" title="signed">signed</mark>' in text
    assert '<mark class="source" title="France (FRA, via name)">France</mark>' in text
    assert "Merged because: same pair and type (AGREE)" in text


@pytest.mark.parametrize("page", ["/article/evil", "/event/{hostile}", "/?q=condemned",
                                  "/dyad/FRA/IRN", "/actor/IRN", "/"])
def test_article_markup_is_escaped_everywhere(client, ids, page):
    text = client.get(page.format(**ids)).text
    for raw in ("<script>window", "<img src=x", "<b>Bold", "<b>Nothing", "<i>Shadow", "<u>Outlet"):
        assert raw not in text
    assert "&lt;" in text


def test_write_is_refused_when_the_server_has_no_token(client):
    r = client.post("/api/articles", json=[{"date": "2024-01-01", "text": "Hello."}])
    assert r.status_code == 403
    assert r.json()["error"]["parameter"] == "Authorization"


def test_server_without_token_opens_the_database_read_only(client):
    databases = client.app.state.databases
    assert databases.reader().store.readonly and not databases.writable


@pytest.fixture
def writable(db_url):
    path = db_url
    build_db(path)
    with TestClient(create_app(path, token=TOKEN), base_url=LOCAL) as c:
        yield c


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"},
                                     {"Authorization": f"Basic {TOKEN}"}])
def test_write_needs_the_bearer_token(writable, headers):
    r = writable.post("/api/articles", json=[{"date": "2024-01-01", "text": "Hi."}],
                      headers=headers)
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"


def test_write_validates_the_articles(writable):
    r = writable.post("/api/articles", json=[{"text": "No date."}],
                      headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 422
    assert r.json()["error"]["parameter"] == "0.date"


@pytest.mark.slow
def test_write_ingests_articles_with_the_token(writable):
    try:
        import newsgraph.pipeline  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"the NLP pipeline is not importable yet: {exc}")
    article = {"id": "post-1", "date": "2024-05-02", "title": "Posted",
               "text": "France condemned Iran on Tuesday over the detention of two engineers."}
    r = writable.post("/api/articles", json=[article],
                      headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200, r.text
    assert r.json()["ingested"] == 1
    assert writable.get("/api/articles/post-1").json()["title"] == "Posted"


# --- the API over the bundled sample corpus, ingested by the real pipeline -----------------------

@pytest.fixture(scope="session")
def sample_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("sample") / "sample.db"
    why_not = build_sample_db(path)
    if why_not:
        pytest.skip(why_not)
    return path


@pytest.fixture(scope="session")
def sample(sample_db):
    with TestClient(create_app(sample_db), base_url=LOCAL) as c:
        yield c


@pytest.mark.slow
def test_sample_records_read_from_rows_equal_those_of_full_events(sample_db):
    """The API's page of records, built straight from the rows, is what ``event_record`` makes
    of the full ``Event`` objects: every field, every page, the same cursors."""
    from newsgraph import api
    from newsgraph.exports import event_record
    from newsgraph.store.queries import EventQuery

    seen = []
    with api.open(sample_db, readonly=True) as graph:
        q = EventQuery(modality="all", limit=7)
        while True:
            records, cursor = graph.event_records(q)
            page = graph.events_page(q)
            assert records == [event_record(e) for e in page.events]
            assert cursor == page.next_cursor
            seen += records
            if cursor is None:
                break
            q.cursor = cursor
    assert len(seen) == graph_count(sample_db)
    assert any(len(r["mentions"]) > 1 and r["merge_reasons"] for r in seen)
    assert any(m["claimed_by"] for r in seen for m in r["mentions"])
    assert any(m["source"] for r in seen for m in r["mentions"])
    assert any(r["place"] for r in seen)


def graph_count(path) -> int:
    from newsgraph import api

    with api.open(path, readonly=True) as graph:
        return int(graph.stats()["events"])


@pytest.mark.slow
def test_sample_every_event_is_reached_through_the_cursor(sample):
    stats = sample.get("/api/stats").json()
    events = all_pages(sample, "/api/events?modality=all&limit=7")
    assert len(events) == len({e["id"] for e in events}) == stats["events"]


@pytest.mark.slow
def test_sample_dyad_series_adds_up_to_the_dated_timeline(sample):
    pair = sample.get("/api/dyads?limit=1").json()["dyads"][0]
    series = sample.get(f"/api/dyads/{pair['a']}/{pair['b']}/series").json()["series"]
    timeline = all_pages(sample, f"/api/timeline?a={pair['a']}&b={pair['b']}&limit=5")
    assert sum(p["events"] for p in series) == len([e for e in timeline if e["date"]]) > 0


@pytest.mark.slow
def test_sample_merged_event_page_shows_its_sources_and_reasons(sample):
    events = all_pages(sample, "/api/events?modality=all&limit=100")
    merged = next(e for e in events if len(e["mentions"]) > 1)
    html = sample.get(f"/event/{merged['id']}").text
    assert html.count('class="mention"') == len(merged["mentions"])
    assert html.count('<mark class="trigger" title=') == len(merged["mentions"])
    assert "Merged because" in html


@pytest.mark.slow
def test_sample_pages_render(sample):
    pair = sample.get("/api/dyads?limit=1").json()["dyads"][0]
    article = sample.get("/api/events?limit=1").json()["events"][0]["mentions"][0]["article_id"]
    for page in ("/", f"/actor/{pair['a']}", f"/dyad/{pair['a']}/{pair['b']}", "/graph",
                 f"/article/{article}", "/?q=president"):
        assert sample.get(page).status_code == 200, page


@pytest.fixture(scope="module")
def undated(backend, tmp_path_factory):
    """The hand-made database plus a background event of France and Iran with no date."""
    from newsgraph.store import Store
    from webdata import article, event, mention

    path = session_db(backend, tmp_path_factory.mktemp("undated"), "events.db")
    build_db(path)
    sentence = "Trade stalled after Iran seized a tanker bound for France."
    art = article("undated-1", "2024-04-02", sentence, "Trade stalls")
    e = event([mention(art, sentence, "seized", [("IRN", "Iran")], [("FRA", "France")])],
              "SEIZE", 4, -9.0, "2024-04-02")
    e.date, e.date_precision, e.date_basis = None, None, "unknown"
    e.date_text = "not given: in an 'after' clause; before 2024-04-02"
    e.mentions[0].date, e.mentions[0].date_basis = None, "unknown"
    e.mentions[0].date_text = e.date_text
    with Store(path) as store, store.transaction():
        store.add_article(art, words=8)
        store.add_event(e)
    with TestClient(create_app(path), base_url=LOCAL) as c:
        yield c, e.id


def test_api_lists_an_undated_event_with_null_dates(undated):
    c, event_id = undated
    events = all_pages(c, "/api/events?limit=4&modality=all")
    (record,) = [e for e in events if e["id"] == event_id]
    assert (record["date"], record["date_precision"], record["date_basis"]) == (
        None, None, "unknown")
    assert c.get(f"/api/events/{event_id}").json()["date_text"].startswith("not given")
    timeline = all_pages(c, "/api/timeline?a=IRN&b=FRA&limit=50")
    assert event_id in {e["id"] for e in timeline}


def test_api_date_ranges_and_series_leave_an_undated_event_out(undated):
    c, event_id = undated
    ranged = all_pages(c, "/api/events?since=2000-01-01&until=2100-01-01&limit=50&modality=all")
    assert ranged and event_id not in {e["id"] for e in ranged}
    series = c.get("/api/dyads/FRA/IRN/series").json()["series"]
    assert series and None not in {p["period"] for p in series}
    assert c.get("/api/actors/IRN/series").status_code == 200
    assert c.get("/api/graph?since=2024-01-01").status_code == 200


@pytest.mark.parametrize("page", ["/", "/actor/IRN", "/dyad/IRN/FRA", "/article/undated-1",
                                  "/event/{id}"])
def test_pages_show_an_undated_event_as_undated(undated, page):
    c, event_id = undated
    r = c.get(page.format(id=event_id))
    assert r.status_code == 200, page
    assert "undated" in r.text and "None" not in r.text
    if page.startswith("/event/"):
        assert "not given: in an &#39;after&#39; clause; before 2024-04-02" in r.text


# --- robustness, exact lookup, filters and the numbers of one page -------------------------------

@pytest.mark.parametrize("url,parameter", [
    ("/api/actors?offset=99999999999999999999", "offset"),
    ("/api/events?limit=99999999999999999999", "limit"),
    ("/actor/FRA?quad=99999999999999999999", "quad"),
    ("/dyad/FRA/IRN?at=99999999999999999999", "at"),
])
def test_a_huge_integer_is_a_400(client, url, parameter):
    r = client.get(url, headers={"Accept": "application/json"})
    assert r.status_code == 400
    assert r.json()["error"]["parameter"] == parameter


@pytest.mark.parametrize("url,parameter", [
    ("/api/events?actor=%25", "actor"),
    ("/api/events?actor=_", "actor"),
    ("/api/events?actor=Fran", "actor"),
    ("/api/events?country=XYZ", "country"),
    ("/dyad/foo/bar", "a"),
    ("/dyad/FRA/QQQ", "b"),
])
def test_actors_and_countries_are_looked_up_exactly(client, url, parameter):
    r = client.get(url)
    assert r.status_code == 400
    assert r.json()["error"]["parameter"] == parameter


def test_actor_search_escapes_wildcards_and_finds_by_part_of_a_name(client):
    assert client.get("/api/actors/search?q=%25").json()["actors"] == []
    assert client.get("/api/actors/search?q=_").json()["actors"] == []
    names = [a["name"] for a in client.get("/api/actors/search?q=ran").json()["actors"]]
    assert set(names) == {"France", "Iran"}
    assert client.get("/api/actors/suggest?prefix=Ir").json()["actors"][0]["id"] == "IRN"


def test_exact_names_and_aliases_resolve(client):
    by_name = client.get("/api/events?actor=France&modality=all&total=true").json()["total"]
    by_alias = client.get("/api/events?actor=French+Republic&modality=all&total=true").json()
    assert by_name == by_alias["total"] > 0


def test_head_is_answered_like_get_without_a_body(client):
    for url in ("/", "/api/stats", "/dyad/FRA/IRN"):
        r = client.head(url)
        assert r.status_code == 200 and r.content == b""


def test_an_unknown_host_is_refused_with_the_json_error(web_db):
    with TestClient(create_app(web_db[0])) as c:  # Host: testserver
        r = c.get("/api/stats")
    assert r.status_code == 400 and r.json()["error"]["parameter"] == "Host"
    with TestClient(create_app(web_db[0], allowed_hosts=["testserver"])) as c:
        assert c.get("/api/stats").status_code == 200


def test_a_very_long_url_is_a_json_414(client):
    r = client.get("/api/events?q=" + "word " * 3000)
    assert r.status_code == 414 and r.headers["content-type"].startswith("application/json")


def test_the_token_is_checked_before_the_body_is_read(web_db, tmp_path):
    path = tmp_path / "w.db"
    build_db(path)
    with TestClient(create_app(path, token=TOKEN, max_upload=1000), base_url=LOCAL) as c:
        r = c.post("/api/articles", content=b"not json at all " * 5000)
        assert r.status_code == 401  # no token: refused before the body is parsed
        r = c.post("/api/articles", content=b"[" + b" " * 5000 + b"]",
                   headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 413 and r.json()["error"]["parameter"] == "body"


def test_busiest_pairs_are_undirected_with_the_split(client):
    pairs = client.get("/api/dyads").json()["dyads"]
    keys = [(p["a"], p["b"]) for p in pairs]
    assert len(keys) == len({tuple(sorted(k)) for k in keys})
    top = pairs[0]
    assert {top["a"], top["b"]} == {"FRA", "IRN"}
    assert top["a_to_b"] + top["b_to_a"] == top["events"]


def test_an_actor_lists_its_counterparts_as_actors_and_countries(client):
    body = client.get("/api/actors/IRN").json()
    assert "FRA" in [c["id"] for c in body["counterparts"]]
    assert "person:lena-varga" in [c["id"] for c in body["counterparts"]]
    assert "FRA" in [c["country"] for c in body["counterpart_countries"]]


@pytest.mark.parametrize("path,api", [
    ("/dyad/FRA/IRN", "dyad=FRA,IRN&modality=all"),
    ("/dyad/FRA/IRN?modality=asserted&quad=4", "dyad=FRA,IRN&modality=asserted&quad_class=4"),
    ("/actor/IRN?since=2024-03-01", "actor=IRN&modality=all&since=2024-03-01"),
])
def test_a_page_header_chart_and_list_agree(client, path, api):
    """One set of numbers: the page's header, its chart data and the API total of its list."""
    text = client.get(path).text
    header = int(text.split('data-total="', 1)[1].split('"', 1)[0])
    chart_url = text.split('data-chart="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    chart = client.get(chart_url).json()
    drawn = sum(p["n"] for p in chart["periods"]) + sum(s["n"] for s in chart["spans"])
    total = client.get(f"/api/events?{api}&total=true").json()["total"]
    assert header == chart["total"] == drawn + chart["undated"] == total


def test_pages_honour_the_filters_in_the_url(client):
    everything = client.get("/dyad/FRA/IRN").text
    future_only = client.get("/dyad/FRA/IRN?modality=future").text
    assert 'data-total="0"' in future_only and 'data-total="0"' not in everything
    listed = lambda url: client.get(url).text.split('<ol class="events">', 1)[1]  # noqa: E731
    newest = listed("/dyad/FRA/IRN")
    assert newest.index("2024-06-25") < newest.index("2024-01-15")
    oldest = listed("/dyad/FRA/IRN?order=asc")
    assert oldest.index("2024-01-15") < oldest.index("2024-06-25")


def test_the_csv_export_streams_every_row_of_the_query(client):
    r = client.get("/api/export?format=csv&dyad=FRA,IRN&modality=all")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    lines = r.text.strip().splitlines()
    total = client.get("/api/events?dyad=FRA,IRN&modality=all&total=true").json()["total"]
    assert len(lines) == total + 1 and lines[0].startswith("id,")
    body = client.get("/api/export?format=json&dyad=FRA,IRN&modality=all").json()
    assert len(body) == total


def test_search_pages_through_sentences_with_snippets(client):
    body = client.get("/api/search?q=France&limit=3").json()
    assert body["total"] > 3 and len(body["hits"]) == 3
    assert all("\u0002" in h["snippet"] for h in body["hits"])
    second = client.get("/api/search?q=France&limit=3&offset=3").json()["hits"]
    assert {h["event_id"] for h in second}.isdisjoint({h["event_id"] for h in body["hits"]})


def test_two_actor_names_in_a_search_open_their_pair(client):
    for q in ("France Iran", "Iran and France", "French Republic Iran"):
        r = client.get(f"/search?q={q}", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/dyad/")


def test_the_event_page_links_its_pair_and_the_outlet_page_lists_what_it_reported(client, ids):
    text = client.get(f"/event/{ids['merged']}").text
    assert 'href="/dyad/FRA/IRN"' in text and 'href="/actor/FRA"' in text
    body = client.get("/api/outlet?source=Daily%20Test").json()
    assert body["articles"] == 1 and body["pairs"][0]["n"] == 1
    assert client.get("/outlet?source=Daily%20Test").status_code == 200
    assert client.get("/api/outlet?source=Nobody").status_code == 404


def test_the_home_table_counts_a_pair_as_its_page_does(client):
    """France-Iran on the home page counts Lena Varga's meeting too, as the pair page does."""
    text = client.get("/").text
    row = text.split('href="/dyad/FRA/IRN?modality=asserted"', 1)[1].split("</tr>", 1)[0]
    shown = int(row.split('<td class="num">', 1)[1].split("<", 1)[0])
    page = client.get("/dyad/FRA/IRN?modality=asserted").text
    assert shown == int(page.split('data-total="', 1)[1].split('"', 1)[0]) == 10


def test_the_graph_from_the_tally_equals_the_graph_from_the_events(client):
    """No filter but the modality reads dyad_counts; a range covering everything reads the
    events: the same edges either way."""
    for modality in ("asserted", "all"):
        tally = client.get(f"/api/graph?modality={modality}").json()
        events = client.get(f"/api/graph?modality={modality}&since=2000-01-01").json()
        assert tally["edges_total"] == events["edges_total"] > 0
        strip = lambda g: sorted((e["source"], e["target"], e["events"], round(e["goldstein"], 6))  # noqa: E731
                                 for e in g["edges"])
        assert strip(tally) == strip(events)


# --- serve --workers: several processes over one database ----------------------------------------

def test_serve_with_two_workers_answers_from_two_processes(web_db, tmp_path):
    """``newsgraph serve --workers 2`` starts two worker processes that each open the
    database and answer the API (the same events from either), and stops with its parent."""
    import socket
    import subprocess
    import sys
    import time
    from pathlib import Path

    import httpx

    if not str(web_db[0]).endswith(".db"):
        pytest.skip("the process check runs on the SQLite file")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-c", "from newsgraph.cli import main; main()",
                               "serve", "--db", str(web_db[0]), "--port", str(port),
                               "--workers", "2"], stderr=subprocess.PIPE, text=True)
    try:
        pages, deadline = [], time.monotonic() + 60
        while len(pages) < 20 and time.monotonic() < deadline:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/events?modality=all", timeout=5)
                pages.append(r.json()["events"])
            except httpx.HTTPError:
                time.sleep(0.2)
        children = [Path(f"/proc/{pid}/cmdline").read_bytes() for pid in Path(
            f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()]
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert len(pages) == 20 and all(p == pages[0] for p in pages) and pages[0]
    # multiprocessing also starts its resource tracker beside the workers
    assert len([c for c in children if b"spawn_main" in c]) == 2, (children, err)
    assert "2 processes" in err


def test_threads_caps_the_requests_a_process_works_on_at_once(web_db):
    """``create_app(threads=N)`` (``serve --threads N``) sets the server's thread limit."""
    import anyio.to_thread

    def limit() -> float:
        return anyio.to_thread.current_default_thread_limiter().total_tokens

    with TestClient(create_app(web_db[0], threads=3), base_url=LOCAL) as c:
        assert c.portal.call(limit) == 3
        assert c.get("/api/events?modality=all").status_code == 200
