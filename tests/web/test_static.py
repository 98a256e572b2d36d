"""The pages' scripts in a real browser: Debian's Chromium driven by Playwright.

One server per module (uvicorn in a thread, on a free port of 127.0.0.1). Each test fails
on any console error and on any request to another host.

The screenshots illustrate docs/teaching.md; nothing compares against them. Each run
writes them to artifacts/; they are written to docs/images/ where missing, or with
ACCORD_UPDATE_SCREENSHOTS=1, so that running the tests leaves the documentation alone.
"""

import os
import shutil
import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).parents[2]
IMAGES = ROOT / "docs" / "images"
ARTIFACTS = ROOT / "artifacts"
KEY = "browser-test-key"
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

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed"),
]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from accord.web.app import create_app

    folder = tmp_path_factory.mktemp("workbench")
    app = create_app(
        store=folder / "results.duckdb", games=folder / "games.sqlite", instructor_key=KEY
    )
    port = free_port()
    running = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


class Watched:
    """A browser whose pages record console errors and requests to other hosts."""

    def __init__(self, playwright, origin):
        self.browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS
        )
        self.origin = origin
        self.errors = []
        self.foreign = []

    def page(self):
        context = self.browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("request", self._request)
        page.set_default_timeout(20_000)
        return page

    def _request(self, request):
        host = urlparse(request.url).hostname
        if request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            return
        self.foreign.append(request.url)

    def check(self):
        self.browser.close()
        assert self.errors == []
        assert self.foreign == []


@pytest.fixture
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        watched = Watched(playwright, server)
        yield watched
        watched.check()


def wait_until(page, expression, timeout=20):
    """Poll `expression` in the page until it is true (evaluated outside the page's CSP,
    which forbids the string evaluation of Playwright's own `wait_for_function`)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"still false after {timeout} s: {expression}"
        time.sleep(0.05)


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=False)
    documented = IMAGES / name
    if os.environ.get("ACCORD_UPDATE_SCREENSHOTS") == "1" or not documented.exists():
        IMAGES.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ARTIFACTS / name, documented)


def test_a_case_answers_the_date_slider_and_a_changed_judgement(browser, server):
    page = browser.page()
    page.goto(f"{server}/cases/ceasefire-teaching")
    page.wait_for_selector("body[data-ready=yes]")
    summary = page.locator("#space-summary")
    wait_until(page, "!!document.querySelector('#space-plot .scatterlayer .trace')")
    first = summary.inner_text()
    # By 10 June the truce violation and the failed offensive have changed the space.
    page.eval_on_selector(
        "#date-slider", "s => { s.value = 40; s.dispatchEvent(new Event('input')); }"
    )
    wait_until(page, "document.querySelector('#date-label').textContent === '2022-06-10'")
    wait_until(page, f"document.querySelector('#space-summary').textContent !== {first!r}")
    ending = page.locator("#ending")
    wait_until(page, "document.querySelector('#ending').textContent.includes('Fourth')")
    page.eval_on_selector(
        "input[data-path='preferences.north.reservation_value']",
        "s => { s.value = 0.65; s.dispatchEvent(new Event('change')); }",
    )
    wait_until(page, "document.querySelector('#ending').textContent.includes('First')")
    assert "First session" in ending.inner_text()
    assert float(page.locator("#elapsed").inner_text()) < 1000
    screenshot(page, "workbench-case.png")


def test_a_variant_that_removes_a_judged_event_drops_its_judgement(browser, server):
    import accord

    page = browser.page()
    page.goto(f"{server}/cases/ceasefire-teaching")
    page.wait_for_selector("body[data-ready=yes]")
    judged = "input[data-path='events.truce-violation.likelihood.honours']"
    page.eval_on_selector(judged, "s => { s.value = s.min; s.dispatchEvent(new Event('change')); }")
    wait_until(page, "document.querySelector('#ending').textContent !== '…'")
    page.check("input.variant[value=no-violation]")
    # no-violation removes the truce violation: its judgements go, the others stay.
    wait_until(page, f'!document.querySelector("{judged}")')
    assert page.locator("input[data-path='events.failed-offensive.delta']").count() == 1
    reason = accord.simulate("ceasefire-teaching", seed=0, variants=["no-violation"]).outcome.reason
    wait_until(page, f"document.querySelector('#ending').textContent === {reason!r}")


def set_date(page, offset):
    page.eval_on_selector(
        "#date-slider", f"s => {{ s.value = {offset}; s.dispatchEvent(new Event('input')); }}"
    )


def text_row(page, text):
    return page.evaluate(
        f"(document.querySelector('#texts tr[data-text={text}]') || {{dataset: {{}}}})"
        ".dataset.inZopa || ''"
    )


def test_the_historical_texts_move_into_the_zopa_with_the_date_slider(browser, server):
    page = browser.page()
    page.goto(f"{server}/cases/dayton-1995")
    page.wait_for_selector("body[data-ready=yes]")
    plot_texts = "document.getElementById('space-plot').data.filter((t) => t.meta)"
    wait_until(page, f"{plot_texts}.length === 3")
    # 1 Nov: the initialled text's Brcko arbitration and Gorazde corridor are not yet tabled.
    assert page.inner_text("#date-label") == "1995-11-01"
    assert text_row(page, "dayton-initialled") == "no"
    assert "not on the table" in page.inner_text("#texts tr[data-text=dayton-initialled]")
    initialled = f"{plot_texts}.find((t) => t.meta === 'dayton-initialled')"
    assert page.evaluate(f"{initialled}.marker.symbol[0]") == "diamond-open"
    set_date(page, 20)
    wait_until(page, "document.querySelector('#date-label').textContent === '1995-11-21'")
    wait_until(page, f"{initialled}.marker.symbol[0] === 'diamond'")
    assert text_row(page, "dayton-initialled") == "yes"
    # The case page's standing over time: a best and a worst line per text.
    wait_until(
        page, "document.querySelectorAll('#standing-plot .scatterlayer .trace').length === 6"
    )
    assert "in the ZOPA from" in page.inner_text("#standing-summary")
    screenshot(page, "workbench-texts.png")


def test_the_istanbul_texts_change_standing_and_a_reading_changes_the_ending(browser, server):
    page = browser.page()
    page.goto(f"{server}/cases/istanbul-2022")
    page.wait_for_selector("body[data-ready=yes]")
    wait_until(page, "document.querySelectorAll('#texts tbody tr').length === 4")
    first = page.inner_text("#texts")
    set_date(page, 78)
    wait_until(page, "document.querySelector('#date-label').textContent === '2022-05-17'")
    wait_until(page, f"document.querySelector('#texts').innerText !== {first!r}")
    assert "not yet tabled" in first and "not yet tabled" not in page.inner_text("#texts")
    wait_until(page, "document.querySelector('#ending').textContent.includes('closed on')")
    page.select_option("select[data-reading=lavrov-withdrawal]", "red-line")
    wait_until(page, "document.querySelector('#ending').textContent.includes('never')")
    assert "there was never a zone of possible agreement" in page.inner_text("#ending")
    page.select_option("select[data-reading=lavrov-withdrawal]", "negotiable")
    wait_until(page, "document.querySelector('#ending').textContent.includes('closed on')")


def test_a_small_sweep_runs_to_completion_and_opens_its_report(browser, server):
    page = browser.page()
    page.goto(f"{server}/sweeps")
    page.select_option("#sweep-case", "ceasefire-teaching")
    page.wait_for_selector(".sweep-variant")
    page.check(".sweep-variant >> nth=0")
    page.fill("#sweep-draws", "20")
    page.click("#sweep-start")
    page.wait_for_selector("#sweep-state[data-state=finished]")
    assert page.eval_on_selector("#sweep-progress", "p => p.value === p.max && p.max === 40")
    link = page.locator(".report-link").first
    link.click()
    page.wait_for_selector(".plot[data-figure=agreement] .trace")
    assert "Teaching case" in page.title() or "ceasefire" in page.content()


def test_a_late_answer_for_the_case_shown_first_leaves_the_chosen_cases_variants(browser, server):
    page = browser.page()
    held = []

    def hold_all_but_the_chosen(route):
        if route.request.url.endswith("/api/cases/ceasefire-teaching"):
            route.continue_()
        else:
            held.append(route)

    page.route("**/api/cases/*", hold_all_but_the_chosen)
    page.goto(f"{server}/sweeps")
    shown_first = page.eval_on_selector("#sweep-case", "s => s.value")
    assert shown_first != "ceasefire-teaching"
    while not held:
        page.wait_for_timeout(20)
    page.select_option("#sweep-case", "ceasefire-teaching")
    page.wait_for_selector(".sweep-variant")
    # The page's first request, for the case it opened on, is answered last.
    with page.expect_response(f"**/api/cases/{shown_first}"):
        held[0].continue_()
    page.wait_for_timeout(300)
    boxes = page.eval_on_selector_all(".sweep-variant", "boxes => boxes.map((b) => b.value)")
    assert boxes == ["no-violation", "brave-guardian"]


def start_solo(browser, server, case, party):
    """Open a page, start a one-person game of `case` as `party` and land on its seat."""
    page = browser.page()
    page.goto(f"{server}/play")
    page.select_option("#solo-case", case)
    page.select_option("#solo-party", party)
    page.click("#solo button[type=submit]")
    page.wait_for_url(f"**/play/*/{party}")
    return page


def play_until_over(page):
    """Accept a text worth the reservation value, otherwise ask for the best line."""
    for _ in range(60):
        wait_until(page, "['turn', 'finished'].includes(document.body.dataset.state)")
        if page.evaluate("document.body.dataset.state") == "finished":
            return
        accept = page.locator("#accept")
        if accept.is_enabled():
            accept.click()
        else:
            page.check("input.amend[data-issue=line]")
            page.locator("#amend").click()
        wait_until(
            page, "document.body.dataset.state !== 'turn' || !document.querySelector('#accept')"
        )
    raise AssertionError("the game did not end")


def test_one_person_plays_a_delegation_and_reads_the_debrief(browser, server):
    page = start_solo(browser, server, "ceasefire-teaching", "south")
    page.wait_for_selector("#brief-body h3")
    brief = page.locator("#brief").inner_text()
    assert "line: 4" in brief and "North expects" not in brief
    wait_until(page, "document.body.dataset.state === 'turn'")
    screenshot(page, "teaching-turn.png")
    play_until_over(page)
    page.wait_for_selector("body[data-debrief=shown]")
    page.wait_for_selector("#debrief-plot .scatterlayer .trace")
    summary = page.locator("#debrief-summary").inner_text()
    assert "Joint gains left on the table" in summary
    assert page.locator("#moments li").count() >= 1
    # The teaching case has no historical texts: no diamonds, no caption for them.
    assert not page.locator("#debrief-texts").is_visible()
    page.locator("#debrief").scroll_into_view_if_needed()
    screenshot(page, "teaching-debrief.png")


SOUTHS_MOVES = """async () => {
  const game = document.body.dataset.game;
  const token = localStorage.getItem(`accord-seat-${game}-south`);
  const view = await (await fetch(`/api/games/${game}/south?token=${token}`)).json();
  const steps = view.record.flatMap((round) => round.steps);
  return steps.filter((step) => step.proposer === "south").length +
    steps.flatMap((step) => step.replies).filter((reply) => reply.party === "south").length;
}"""


def test_a_double_click_makes_one_move(browser, server):
    page = start_solo(browser, server, "ceasefire-teaching", "south")
    wait_until(page, "document.body.dataset.state === 'turn'")
    before = page.evaluate(SOUTHS_MOVES)
    button = "#amend" if page.locator("#amend").count() else "#offer"
    page.eval_on_selector(button, "b => { b.dataset.clicked = 'yes'; b.click(); b.click(); }")
    wait_until(page, f"!document.querySelector('{button}[data-clicked]')")
    page.wait_for_timeout(500)
    assert page.locator("#turn .problems").count() == 0
    assert page.evaluate(SOUTHS_MOVES) == before + 1


def test_the_debrief_of_a_historical_case_draws_what_the_delegations_signed(browser, server):
    page = start_solo(browser, server, "dayton-1995", "bosnia")
    for _ in range(60):
        wait_until(page, "['turn', 'finished'].includes(document.body.dataset.state)")
        if page.evaluate("document.body.dataset.state") == "finished":
            break
        # Accept what crosses no red line; refuse the rest (asking for no amendment).
        page.eval_on_selector("#accept", "b => { b.dataset.answered = 'yes'; }")
        page.locator("#accept" if page.locator("#accept").is_enabled() else "#amend").click()
        wait_until(page, "!document.querySelector('#accept[data-answered]')")
    page.wait_for_selector("body[data-debrief=shown]")
    texts = "document.getElementById('debrief-plot').data.filter((t) => t.meta)"
    wait_until(page, f"{texts}.length === 3")
    assert page.evaluate(f"{texts}.map((t) => t.meta)") == [
        "geneva-principles",
        "erdut-agreement",
        "dayton-initialled",
    ]
    assert page.locator("#debrief-texts").is_visible()


def test_two_people_play_one_class_game_and_the_instructor_sees_both(browser, server):
    north = browser.page()
    north.goto(f"{server}/play")
    north.select_option("#class-case", "ceasefire-teaching")
    north.click("#class-new button[type=submit]")
    wait_until(north, "document.querySelector('#class-code').textContent.length > 0")
    code = north.locator("#class-code").inner_text()
    north.wait_for_selector("#join-party option[value=north]", state="attached")
    north.select_option("#join-party", "north")
    north.click("#join button[type=submit]")
    north.wait_for_url(f"**/play/{code}/north")
    south = browser.page()
    south.goto(f"{server}/play")
    south.fill("#join-code", code)
    south.click("#join-find")
    south.wait_for_selector("#join-party option[value=south]", state="attached")
    south.select_option("#join-party", "south")
    south.click("#join button[type=submit]")
    south.wait_for_url(f"**/play/{code}/south")
    for _ in range(60):
        states = [p.evaluate("document.body.dataset.state || ''") for p in (north, south)]
        if states == ["finished", "finished"]:
            break
        for page, state in zip((north, south), states, strict=True):
            if state == "turn":
                if page.locator("#accept").is_enabled():
                    page.locator("#accept").click()
                else:
                    page.check("input.amend[data-issue=line]")
                    page.locator("#amend").click()
        time.sleep(0.3)
    else:
        raise AssertionError(f"the class game did not end: {states}")
    for page in (north, south):
        page.wait_for_selector("body[data-debrief=shown]")
    instructor = browser.page()
    instructor.goto(f"{server}/instructor?key={KEY}")
    instructor.wait_for_selector("body[data-ready=yes]")
    game = instructor.locator(f"section.game[data-code='{code}']")
    assert game.locator(".debrief-card").count() == 2
    game.scroll_into_view_if_needed()
    screenshot(instructor, "teaching-instructor.png")
