"""The HTML report: self-contained, written atomically, and drawn by a real browser.

The browser test opens the reference case's report (with a small sweep and the
attribution over two of its variants) in headless Chromium, Debian's `chromium`
installed by `.ci/run`, and saves a screenshot to `artifacts/report-<case>.png`.
"""

import os
import re
from pathlib import Path

import pytest

from accord import load_scenario
from accord.errors import OutputError, StoreError, UnknownIdError
from accord.experiments.attribution import attribute
from accord.experiments.store import ResultsStore
from accord.experiments.sweep import sweep
from accord.report import build_report, stored_sweep, write_report
from accord.scenario import shipped_scenarios

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parents[2] / "artifacts"
REFERENCE = "istanbul-2022"
# In 8 draws, credible guarantees bring an agreement: the sensitivity figure has data.
REFERENCE_VARIANTS = ["credible-guarantees", "russia-sincere"]
N_DRAWS = 8
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def teaching_report(teaching, teaching_sweep, teaching_attribution):
    return build_report(teaching, sweep=teaching_sweep, attribution=teaching_attribution)


def test_report_is_one_self_contained_page(teaching_report):
    html = teaching_report
    assert html.startswith("<!DOCTYPE html>")
    assert "Teaching case: a mediated ceasefire with a reluctant guarantor" in html
    assert re.search(r"<script[^>]*\bsrc=", html) is None
    assert re.search(r"<link[^>]*\bhref=", html) is None
    assert "@import" not in html and "url(http" not in html
    assert html.count("Plotly.newPlot") == 1
    # Every draw of the teaching case agrees: there is no sensitivity to rank.
    assert html.count('class="plot"') == 9
    assert "agreement did not vary from draw to draw" in html


def test_report_has_every_section_sources_and_judgements(teaching_report):
    html = teaching_report
    for section in (
        "case",
        "timeline",
        "trust",
        "space",
        "offers",
        "transcript",
        "counterfactuals",
        "judgements",
        "sources",
    ):
        assert f'<section id="{section}">' in html
    assert '<li id="source-walter2002">' in html
    assert "contested" in html
    assert "preferences.<wbr>north.<wbr>reservation_value" in html
    assert "North expects to hold its gains." in html


def test_report_escapes_text_from_the_scenario(teaching):
    data = teaching.model_dump(mode="json", by_alias=True, exclude_unset=True)
    data["title"] = "A <script>alert(1)</script> case"
    from accord.scenario.load import validate_data

    html = build_report(validate_data(data))
    assert "<script>alert(1)</script>" not in html
    assert "A &lt;script&gt;alert(1)&lt;/script&gt; case" in html


def test_an_undated_report_says_there_is_no_time_line():
    html = build_report(load_scenario("nash-1950-bill-jack"))
    assert "The scenario is undated" in html
    assert 'id="figure-offers"' in html and 'id="figure-zopa"' not in html


def test_report_shows_the_variant_applied(teaching):
    html = build_report(teaching, variants=["no-violation"])
    assert "variants applied: no-violation" in html


def test_write_report_is_atomic_and_refuses_a_missing_folder(tmp_path):
    path = write_report("<html></html>", tmp_path / "report.html")
    assert path.read_text() == "<html></html>"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
    with pytest.raises(OutputError, match="does not exist"):
        write_report("<html></html>", tmp_path / "missing" / "report.html")
    with pytest.raises(OutputError, match="is a folder"):
        write_report("<html></html>", tmp_path)


def test_stored_sweep_reads_a_finished_sweep_and_names_unknown_ones(tmp_path):
    path = tmp_path / "results.duckdb"
    with ResultsStore(path) as store:
        result = sweep("ceasefire-teaching", n_draws=4, variants=["no-violation"], store=store)
    stored = stored_sweep(path, result.sweep_id, scenario="ceasefire-teaching")
    assert stored.variants == result.variants
    assert list(stored.variants) == ["baseline", "no-violation"]
    with pytest.raises(UnknownIdError, match=f"known: {result.sweep_id}"):
        stored_sweep(path, "nope")
    with pytest.raises(UnknownIdError, match="known: none"):
        stored_sweep(path, result.sweep_id, scenario="nash-1950-bill-jack")
    with pytest.raises(StoreError, match="no results store here"):
        stored_sweep(tmp_path / "missing.duckdb", result.sweep_id)


def reference_case() -> str:
    shipped = {s.id for s in shipped_scenarios()}
    return REFERENCE if REFERENCE in shipped else "ceasefire-teaching"


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed")
def test_reference_report_draws_every_figure_in_chromium_offline(tmp_path):
    from playwright.sync_api import sync_playwright

    case = reference_case()
    scenario = load_scenario(case)
    variants = REFERENCE_VARIANTS if case == REFERENCE else list(scenario.variants)
    result = sweep(case, n_draws=N_DRAWS, variants=variants, seed=0)
    attribution = attribute(case, factors=variants, n_draws=N_DRAWS, seed=0)
    path = write_report(
        build_report(scenario, sweep=result, attribution=attribution), tmp_path / "report.html"
    )
    errors: list[str] = []
    requests: list[str] = []
    # Playwright gives the browser a fresh profile of its own; it downloads no browser.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("request", lambda request: requests.append(request.url))
        page.goto(path.as_uri(), wait_until="load")
        figures = page.evaluate(
            """() => Array.from(document.querySelectorAll('.plot')).map(e => ({
                name: e.dataset.figure,
                traces: (e.data || []).length,
                drawn: e.querySelectorAll(
                    '.scatterlayer .trace, .barlayer .trace, .waterfalllayer .trace').length,
                points: e.querySelectorAll('path.point, .trace path, .bars path').length}))"""
        )
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"report-{case}.png"), full_page=True)
        browser.close()
    assert errors == []
    assert requests == [path.as_uri()]
    names = {figure["name"] for figure in figures}
    run = {"timeline", "beliefs", "reservations", "zopa", "offers"}
    run |= {"standing"} if scenario.texts else set()
    counterfactual = {"agreement", "differences", "attribution", "zopa_draws"}
    # Sensitivity is drawn only where agreement varied across the draws.
    assert run | counterfactual <= names <= run | counterfactual | {"sensitivity"}
    for figure in figures:
        assert figure["traces"] > 0 and figure["drawn"] > 0 and figure["points"] > 0, figure
    assert os.path.getsize(ARTIFACTS / f"report-{case}.png") > 10_000


def test_only_web_and_mail_addresses_become_links():
    from accord.report.html import link_target

    for url in ("https://example.org/a?b=1", "http://example.org", "mailto:desk@example.org"):
        assert link_target(url) == url
    for url in (
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//example.org/scheme-relative",
        "https:no-host",
        "https://example.org/with space",
        "",
        None,
    ):
        assert link_target(url) is None, url


def test_a_source_url_that_is_not_a_web_address_is_shown_as_text(teaching):
    data = teaching.model_dump(mode="json", by_alias=True, exclude_unset=True)
    data["sources"][0]["url"] = "javascript:alert('x')"
    data["sources"][1]["url"] = "https://example.org/walter"
    from accord.scenario.load import validate_data

    html = build_report(validate_data(data))
    assert 'href="javascript' not in html.lower()
    assert "javascript:alert(&#39;x&#39;)</span>" in html
    assert '<a class="external" href="https://example.org/walter"' in html


def hostile(teaching) -> str:
    """The teaching case with markup in every text field and script in its source URLs."""
    from accord.scenario.load import validate_data

    data = teaching.model_dump(mode="json", by_alias=True, exclude_unset=True)

    def plant(value, where):
        if isinstance(value, dict):
            return {
                k: (
                    f"<img src=x onerror=\"document.documentElement.dataset.pwned='{where}.{k}'\">"
                    if k in ("title", "description", "name", "publisher", "note", "rationale")
                    and isinstance(v, str)
                    else plant(v, f"{where}.{k}")
                )
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [plant(v, f"{where}[{i}]") for i, v in enumerate(value)]
        return value

    data = plant(data, "")
    data["sources"][0]["url"] = "javascript:document.documentElement.dataset.pwned='url'"
    data["sources"][1]["url"] = "data:text/html,<script>alert(1)</script>"
    return build_report(validate_data(data))


@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed")
def test_hostile_text_stays_text_and_source_links_run_nothing_in_chromium(teaching, tmp_path):
    from playwright.sync_api import sync_playwright

    path = write_report(hostile(teaching), tmp_path / "hostile.html")
    dialogs: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        page = browser.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(path.as_uri(), wait_until="load")
        for item in page.locator("ol.sources li").all():
            item.click()
        page.wait_for_timeout(200)
        state = page.evaluate(
            """() => ({pwned: document.documentElement.dataset.pwned || null,
                       images: document.querySelectorAll('img').length,
                       links: Array.from(document.querySelectorAll('a[href]'))
                           .map(a => a.getAttribute('href')),
                       text: document.body.innerText})"""
        )
        url = page.url
        browser.close()
    assert dialogs == [] and state["pwned"] is None and state["images"] == 0
    assert url == path.as_uri()
    assert all(href.startswith("#") for href in state["links"]), state["links"]
    assert '<img src=x onerror="document.documentElement.dataset.pwned' in state["text"]
    assert "javascript:document.documentElement.dataset.pwned='url'" in state["text"]


@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed")
def test_printed_report_shows_every_row_within_the_page(teaching_report, tmp_path):
    from playwright.sync_api import sync_playwright

    path = write_report(teaching_report, tmp_path / "report.html")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        # A4 less the page margins, in CSS pixels (96 per inch): about 700 wide.
        page = browser.new_page(viewport={"width": 700, "height": 1000})
        page.goto(path.as_uri(), wait_until="load")
        page.emulate_media(media="print")
        page.wait_for_timeout(300)
        rows = page.evaluate(
            """() => Array.from(document.querySelectorAll(
                    '#transcript tr, table.judgements tr')).map(row => {
                const box = row.getBoundingClientRect();
                let clipped = false;
                for (let e = row.parentElement; e; e = e.parentElement) {
                    const style = getComputedStyle(e);
                    if (style.overflowY !== 'visible' || style.maxHeight !== 'none') clipped = true;
                }
                return {right: box.right, height: box.height, clipped};
            })"""
        )
        figures = page.evaluate(
            "() => Array.from(document.querySelectorAll('.plot .main-svg'))"
            ".map(svg => svg.getBoundingClientRect().right)"
        )
        pdf = page.pdf(format="A4", print_background=True)
        browser.close()
    transcript_rows = 1 + sum(len(r.steps) for r in simulate_teaching().rounds)
    assert len(rows) >= transcript_rows
    assert all(not r["clipped"] and r["right"] <= 700 and r["height"] > 0 for r in rows), rows
    assert figures and max(figures) <= 700
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) > 1


def simulate_teaching():
    from accord import simulate

    return simulate(load_scenario("ceasefire-teaching"), seed=0)


def test_a_case_with_historical_texts_shows_their_standing(teaching):
    data = teaching.model_dump(mode="json", by_alias=True, exclude_unset=True)
    data["texts"] = [
        {"id": "paper", "name": "North paper", "date": "2022-05-10", "options": {"line": "current"}}
    ]
    from accord.scenario.load import validate_data

    html = build_report(validate_data(data))
    assert 'id="figure-standing"' in html
    assert "Historical texts, every number at its mean: &#39;North paper&#39;" in html
    assert 'id="figure-standing"' not in build_report(teaching)


def test_a_report_with_a_sweep_says_when_the_space_was_most_often_open(teaching_report):
    assert 'id="figure-zopa_draws"' in teaching_report
    assert re.search(
        r"Across [\d,]+ draws, the zone of possible agreement was most often open at the end "
        r"of \d{4}-\d\d-\d\d: P\(open\) [\d.]+ \[[\d.]+, [\d.]+\] \(95% interval\)",
        teaching_report,
    )
