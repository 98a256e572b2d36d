"""The workbench's HTTP surface: pages, the JSON API, and who may see what.

The application runs in-process under Starlette's test client; the browser tests
(`test_static.py`) drive the same pages through a real server.
"""

import datetime as dt
import json
import re
import time

import pytest
from fastapi.testclient import TestClient

import accord
from accord.web.app import MAX_BODY_BYTES, create_app
from accord.web.library import MAX_UPLOAD_BYTES

CASE = "ceasefire-teaching"
KEY = "instructor-key-for-tests"
# Private to North in the teaching case: the rationale of its reservation value.
NORTH_SECRET = "North expects to hold its gains"
UNDER_WAY = ("queued", "running")


def make_client(tmp_path, *, teaching=False):
    app = create_app(
        store=tmp_path / "results.duckdb",
        games=tmp_path / "games.sqlite",
        instructor_key=KEY,
        teaching=teaching,
    )
    return TestClient(app, base_url="http://127.0.0.1")


@pytest.fixture
def client(tmp_path):
    with make_client(tmp_path) as test_client:
        yield test_client


def test_every_page_renders_and_names_its_scripts_on_this_host(client):
    for url in ("/", f"/cases/{CASE}", "/sweeps", "/play", f"/instructor?key={KEY}"):
        response = client.get(url)
        assert response.status_code == 200, url
        for source in re.findall(r'(?:src|href)="([^"]+)"', response.text):
            assert source.startswith(("/", "data:")), (url, source)
    assert client.get("/vendor/plotly.min.js").text.startswith("/**")


def test_what_if_recomputes_the_ending_with_a_judgement_changed(client):
    url = f"/api/cases/{CASE}/whatif"
    base = client.post(url, json={}).json()
    changed = client.post(
        url, json={"judgements": {"preferences.north.reservation_value": 0.65}}
    ).json()
    assert base["outcome"]["round"] == "r4" and changed["outcome"]["round"] == "r1"
    assert base["outcome"] == accord.simulate(CASE, seed=0).outcome.to_dict()
    assert changed["elapsed_ms"] > 0
    with_variant = client.post(url, json={"variants": ["no-violation"]}).json()
    assert (
        with_variant["outcome"]
        == accord.simulate(CASE, seed=0, variants=["no-violation"]).outcome.to_dict()
    )


def test_a_judgement_outside_its_range_is_refused_with_the_range(client):
    response = client.post(
        f"/api/cases/{CASE}/whatif",
        json={"judgements": {"preferences.north.reservation_value": 0.9}},
    )
    assert response.status_code == 400
    assert "expected a value in [0.65, 0.85], got 0.9" in response.json()["error"]
    unknown = client.post(f"/api/cases/{CASE}/whatif", json={"judgements": {"nothing": 1}})
    assert unknown.status_code == 404
    extra = client.post(f"/api/cases/{CASE}/whatif", json={"judgement": {}})
    assert extra.status_code == 422


def test_the_space_on_a_date_is_analyze_on_that_date(client):
    for day in ("2022-05-01", "2022-05-12", "2022-06-13"):
        space = client.get(f"/api/cases/{CASE}/space?at={day}").json()
        analysis = accord.analyze(CASE, at=dt.date.fromisoformat(day))
        assert space["n_zopa"] == int(analysis.zopa.sum())
        assert space["date"] == day
        assert space["reservation_values"] == pytest.approx(
            list(analysis.situation.reservation_values), abs=1e-6
        )
    assert client.get(f"/api/cases/{CASE}/space?at=May").status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/static/../app.py",
        "/static/%2e%2e/app.py",
        "/static/..%2fapp.py",
        "/static/%2e%2e%2f%2e%2e%2fplay.py",
        "/static/..%5capp.py",
        "/static//etc/passwd",
        "/static/%2fetc%2fpasswd",
        "/vendor/../../pyproject.toml",
        "/vendor/plotly.min.js/../../app.py",
        "/static/",
    ],
)
def test_no_file_outside_the_assets_is_served(client, path):
    response = client.get(path)
    assert response.status_code in (400, 404, 405)
    assert "import" not in response.text and "root:" not in response.text


def test_request_bodies_over_the_limit_are_refused(client):
    big = {"judgements": {f"x{i}": 0.5 for i in range(MAX_BODY_BYTES // 8)}}
    assert client.post(f"/api/cases/{CASE}/whatif", json=big).status_code == 413
    upload = b"a: " + b"x" * (MAX_UPLOAD_BYTES + 10)
    assert client.post("/api/cases?name=big.yaml", content=upload).status_code == 413

    def chunks():  # no Content-Length: counted as it arrives
        for _ in range(MAX_BODY_BYTES // 1000 + 2):
            yield b"x" * 1000

    assert client.post(f"/api/cases/{CASE}/whatif", content=chunks()).status_code == 413


def test_an_invalid_upload_gives_the_located_errors_of_validate(client, tmp_path):
    text = tmp_path / "x.yaml"
    text.write_text("accord: 1\nid: mine\ntitle: t\nparties: []\nissues: []\nbogus: 1\n")
    response = client.post("/api/cases?name=../../my-case.yaml", content=text.read_bytes())
    assert response.status_code == 400
    problems = response.json()["problems"]
    with pytest.raises(accord.ScenarioError) as expected:
        accord.load_scenario(text)
    assert [p["message"] for p in problems] == [
        p.format("my-case.yaml") for p in expected.value.problems
    ]
    assert any(p["line"] == 6 for p in problems)


def test_an_upload_is_never_executed(client, tmp_path):
    marker = tmp_path / "executed"
    payload = f'!!python/object/apply:os.system ["touch {marker}"]\n'.encode()
    response = client.post("/api/cases?name=evil.yaml", content=payload)
    assert response.status_code == 400
    assert not marker.exists()


def test_a_valid_upload_is_a_case_that_survives_a_restart(client, tmp_path):
    data = accord.load_scenario(CASE).model_dump(mode="json", by_alias=True, exclude_unset=True)
    data["id"] = "my-ceasefire"
    response = client.post("/api/cases?name=mine.json", content=json.dumps(data).encode())
    assert response.status_code == 201, response.text
    assert "my-ceasefire" in [c["id"] for c in client.get("/api/cases").json()]
    with make_client(tmp_path) as again:
        outcome = again.post("/api/cases/my-ceasefire/whatif", json={}).json()["outcome"]
    assert outcome == accord.simulate(CASE, seed=0).outcome.to_dict()
    taken = dict(data, id=CASE)
    clash = client.post("/api/cases?name=c.json", content=json.dumps(taken).encode())
    assert clash.status_code == 400 and "already a case" in clash.json()["error"]
    again = client.post("/api/cases?name=again.json", content=json.dumps(data).encode())
    assert again.status_code == 400 and "'my-ceasefire' is already" in again.json()["error"]


def start_game(client, seats, case=CASE):
    opened = client.post(f"/api/games?key={KEY}", json={"case": case, "seats": seats})
    code = opened.json()["code"]
    tokens = {
        p: client.post(f"/api/games/{code}/seats", json={"party": p}).json()["token"] for p in seats
    }
    return code, tokens


def test_a_game_continues_after_a_restart(tmp_path):
    with make_client(tmp_path) as client:
        code, tokens = start_game(client, ["south"])
        seat = f"/api/games/{code}/south"
        view = client.post(
            f"{seat}/moves?token={tokens['south']}", json={"amendments": {"line": "prewar"}}
        ).json()
        assert view["turn"]["step"] == 1
    with make_client(tmp_path) as client:
        view = client.get(f"{seat}?token={tokens['south']}").json()
        assert view["turn"]["step"] == 1
        assert view["record"][0]["steps"][0]["replies"][1]["amendments"] == {"line": "prewar"}


def test_a_move_for_a_turn_already_answered_is_refused(client):
    code, tokens = start_game(client, ["south"])
    seat = f"/api/games/{code}/south"
    moves = f"{seat}/moves?token={tokens['south']}"
    first = client.get(f"{seat}?token={tokens['south']}").json()["turn"]
    assert first["number"] == 0
    amend = {"amendments": {"line": "prewar"}, "turn": 0}
    assert client.post(moves, json=amend).json()["turn"]["number"] == 1
    # The same move again, from a second window still showing turn 0.
    again = client.post(moves, json=amend)
    assert again.status_code == 409
    assert "answers south's turn 0, but turn 1 is the one open now" in again.json()["error"]
    view = client.get(f"{seat}?token={tokens['south']}").json()
    replies = [r for step in view["record"][0]["steps"] for r in step["replies"]]
    assert [r["party"] for r in replies].count("south") == 1
    assert client.post(moves, json={"accept": True, "turn": 1}).status_code == 200


def test_a_seat_is_taken_once_and_only_seats_for_people_can_be_taken(client):
    code, _ = start_game(client, ["south"])
    again = client.post(f"/api/games/{code}/seats", json={"party": "south"})
    assert again.status_code == 409 and "taken" in again.json()["error"]
    engine = client.post(f"/api/games/{code}/seats", json={"party": "north"})
    assert engine.status_code == 409
    assert client.get("/api/games/NOPE").status_code == 404
    assert client.get(f"/play/{code}/north").status_code == 404
    assert client.get(f"/play/{code}/south").status_code == 200


def test_the_instructor_page_needs_its_key(client):
    assert client.get("/instructor").status_code == 403
    assert client.get("/api/instructor?key=wrong").status_code == 403
    assert client.get(f"/api/instructor?key={KEY}").status_code == 200


def fill(path, values):
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)


def test_no_endpoint_shows_a_player_another_delegations_brief(tmp_path):
    """Call every route the application has, as South's player, in a class in session."""
    with make_client(tmp_path, teaching=True) as client:
        code, tokens = start_game(client, ["south", "north"])
        # The instructor runs a sweep, so that sweep routes have something to show.
        job = client.post(f"/api/sweeps?key={KEY}", json={"case": CASE, "n_draws": 3}).json()["job"]
        while client.get(f"/api/sweeps/jobs/{job}?key={KEY}").json()["state"] in UNDER_WAY:
            time.sleep(0.05)
        sweep_id = client.get(f"/api/sweeps/jobs/{job}?key={KEY}").json()["sweep_id"]
        south = tokens["south"]
        values = {
            "case": CASE,
            "code": code,
            "party": "north",
            "sweep_id": sweep_id,
            "job": job,
            "path": "workbench.css",
        }
        bodies = {
            "moves": {"accept": True},
            "seats": {"party": "north"},
            "whatif": {},
            "sweeps": {"case": CASE, "n_draws": 1},
            "games": {"case": CASE, "seats": ["north"]},
        }
        checked = 0
        for route in client.app.routes:
            for method in sorted(getattr(route, "methods", None) or {"GET"}):
                if method == "HEAD":
                    continue
                url = fill(route.path, values) + f"?token={south}"
                last = route.path.rstrip("/").split("/")[-1]
                body = bodies.get(last, {}) if method == "POST" else None
                response = client.request(method, url, json=body)
                text = response.text
                assert NORTH_SECRET not in text, (method, route.path)
                assert '"party":"north","name":"North"' not in text.replace(" ", ""), route.path
                if response.status_code == 200 and route.path.startswith("/api/games/{code}/"):
                    raise AssertionError(f"{method} {route.path} opened North's seat")
                checked += 1
        assert checked >= 15
        # South's own seat opens with South's token and shows South's brief only.
        own = client.get(f"/api/games/{code}/south?token={south}").json()
        assert own["brief"]["party"] == "south"
        assert NORTH_SECRET not in json.dumps(own)
        # The analyst pages open with the instructor key.
        assert client.get(f"/api/cases/{CASE}?key={KEY}").status_code == 200
        assert client.get(f"/api/cases/{CASE}").status_code == 403


def test_in_a_class_only_the_instructor_opens_games(tmp_path):
    with make_client(tmp_path, teaching=True) as client:
        body = {"case": CASE, "seats": ["north"]}
        refused = client.post("/api/games", json=body)
        assert refused.status_code == 403 and "instructor key" in refused.json()["error"]
        assert client.get(f"/api/instructor?key={KEY}").json() == []
        student = client.get("/play").text
        assert 'id="class-only"' in student and 'id="solo"' not in student
        instructor = client.get(f"/play?key={KEY}").text
        assert 'id="solo"' in instructor and 'id="class-new"' in instructor
        assert client.post(f"/api/games?key={KEY}", json=body).status_code == 201
    with make_client(tmp_path) as analyst:
        assert 'id="solo"' in analyst.get("/play").text
        assert analyst.post("/api/games", json=body).status_code == 201


def test_a_game_code_already_given_is_drawn_again(client, monkeypatch):
    import accord.web.app

    codes = iter(["abcdef", "abcdef", "123456"])
    monkeypatch.setattr(accord.web.app.secrets, "token_hex", lambda n: next(codes))
    first = client.post("/api/games", json={"case": CASE, "seats": ["south"]}).json()
    second = client.post("/api/games", json={"case": "patron-teaching", "seats": ["east"]})
    assert (first["code"], second.json()["code"]) == ("ABCDEF", "123456")
    assert client.get("/api/games/ABCDEF").json()["case"] == CASE


def test_variants_that_cannot_be_applied_together_are_a_clear_error(client):
    url = "/api/cases/patron-teaching/whatif"
    clash = client.post(url, json={"variants": ["no-briefing", "harsh-briefing"]})
    assert clash.status_code == 400
    assert "variant 'harsh-briefing' cannot be applied after 'no-briefing'" in clash.json()["error"]
    twice = client.get(f"/api/cases/{CASE}?variants=no-violation,no-violation")
    assert twice.status_code == 400
    assert "variant 'no-violation' is given twice" in twice.json()["error"]


def test_a_request_of_the_wrong_shape_says_where_in_error(client):
    answer = client.post("/api/sweeps", json={"case": CASE, "n_draws": "many"})
    assert answer.status_code == 422
    assert answer.json()["error"].startswith("body.n_draws: ")
    assert answer.json()["problems"][0]["location"] == "body.n_draws"


def test_the_space_is_drawn_for_two_different_parties_named(client):
    url = f"/api/cases/{CASE}/space"
    assert client.get(f"{url}?pair=north,south").json()["parties"] == ["north", "south"]
    for wrong in ("north", "north,north", "north,south,guardian"):
        answer = client.get(f"{url}?pair={wrong}")
        assert answer.status_code == 400, wrong
        assert (
            f"expected two different parties written a,b, got '{wrong}'" in answer.json()["error"]
        )
    assert client.get(f"{url}?pair=north,nobody").status_code == 404


def test_a_stored_sweep_of_a_file_off_the_workbench_has_no_report_link(client, tmp_path):
    data = accord.load_scenario(CASE).model_dump(mode="json", by_alias=True, exclude_unset=True)
    data["id"] = "my-own-file"
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(data))
    store = tmp_path / "results.duckdb"
    accord.sweep(path, n_draws=2, store=store)
    accord.sweep(CASE, n_draws=2, store=store)
    rows = {row["scenario"]: row["reportable"] for row in client.get("/api/sweeps").json()}
    assert rows == {"my-own-file": False, CASE: True}


def test_requests_to_another_host_name_are_refused(client):
    assert client.get("/", headers={"Host": "attacker.example"}).status_code == 400
    assert client.get("/", headers={"Host": "localhost:8000"}).status_code == 200


def test_pages_forbid_framing_and_foreign_scripts(client):
    headers = client.get("/").headers
    assert "script-src 'self';" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"


def test_a_reading_switched_in_a_what_if_and_the_space_changes_both(client):
    case = "istanbul-2022"
    written = client.post(f"/api/cases/{case}/whatif", json={}).json()["outcome"]
    body = {"readings": {"lavrov-withdrawal": "red-line"}}
    switched = client.post(f"/api/cases/{case}/whatif", json=body).json()["outcome"]
    assert written == accord.simulate(case, seed=0).outcome.to_dict()
    assert switched != written
    day = "2022-04-01"
    as_written = client.get(f"/api/cases/{case}/space?at={day}").json()
    red_line = client.get(
        f"/api/cases/{case}/space?at={day}&readings=lavrov-withdrawal:red-line"
    ).json()
    # Russia's red line on the interim withdrawal closes the space open that day.
    assert (as_written["n_zopa"], red_line["n_zopa"]) == (3, 0)
    unknown = client.get(f"/api/cases/{case}/space?readings=lavrov-withdrawal:maybe")
    assert unknown.status_code == 404 and "maybe" in unknown.json()["error"]
    malformed = client.get(f"/api/cases/{case}/space?readings=lavrov-withdrawal")
    assert malformed.status_code == 400
    twice = client.get(
        f"/api/cases/{case}/space?readings=lavrov-withdrawal:red-line,lavrov-withdrawal:negotiable"
    )
    assert (
        twice.status_code == 400 and "'lavrov-withdrawal' is given twice" in twice.json()["error"]
    )


def test_the_instructor_address_opens_after_a_restart(tmp_path):
    def started():
        return create_app(store=tmp_path / "results.duckdb", games=tmp_path / "games.sqlite")

    key = started().state.instructor_key
    with TestClient(started(), base_url="http://127.0.0.1") as again:
        assert again.get(f"/instructor?key={key}").status_code == 200
        assert again.get("/instructor?key=old").status_code == 403
