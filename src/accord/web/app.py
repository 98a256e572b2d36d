"""The workbench's web application: pages, a JSON API, and the rules of who sees what.

`create_app(store=..., games=...)` returns a FastAPI application. Pages are jinja2
templates; the pages' scripts call the JSON API and draw with plotly's own bundled
script, served from the installed plotly package: nothing is fetched from another host.

Who sees what:
- a player's seat is opened with the token they got on taking it; every endpoint that
  shows a brief, the player's record or a debrief asks for that seat's token, and shows
  that seat's brief alone;
- the instructor's page asks for the instructor key `accord serve` prints;
- only the application's own assets are served (no file outside them), request bodies
  are limited in size, and uploaded scenarios are validated, never executed.
"""

from __future__ import annotations

import hmac
import json
import secrets
import threading
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from pathlib import Path
from typing import Annotated, Any

from fastapi import Body, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, ConfigDict, Field
from starlette.middleware.trustedhost import TrustedHostMiddleware

from accord.engine.person import Move
from accord.errors import AccordError, ScenarioError, UnknownIdError
from accord.scenario.schema import Scenario
from accord.web.games import GameStore
from accord.web.library import MAX_UPLOAD_BYTES, CaseLibrary
from accord.web.play import (
    Game,
    GameError,
    Position,
    UnknownGameError,
    debrief,
    play,
    player_view,
    replay,
)
from accord.web.sweeps import StoreBusyError, SweepJobs
from accord.web.workbench import case_page, space_on, what_if, with_readings

__all__ = ["LOCAL_HOSTS", "MAX_BODY_BYTES", "create_app"]

HERE = Path(__file__).parent
MAX_BODY_BYTES = 64_000
GAME_CODE_DRAWS = 8
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'self'"
)
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WhatIfRequest(_Strict):
    """A what-if: variants to apply, structural readings to pin, and judgements to fix."""

    variants: list[str] = Field(default_factory=list, max_length=20)
    readings: dict[str, str] = Field(default_factory=dict, max_length=50)
    judgements: dict[str, float] = Field(default_factory=dict, max_length=200)
    seed: int = Field(0, ge=0, le=2**63 - 1)


class SweepRequest(_Strict):
    """A sweep to launch."""

    case: str = Field(max_length=200)
    n_draws: int = Field(ge=1)
    variants: list[str] = Field(default_factory=list, max_length=20)
    seed: int = Field(0, ge=0, le=2**63 - 1)


class GameRequest(_Strict):
    """A new game: its case and the parties people play (the engine plays the others)."""

    case: str = Field(max_length=200)
    seats: list[str] = Field(min_length=1, max_length=20)
    seed: int = Field(0, ge=0, le=2**63 - 1)
    title: str = Field("", max_length=200)


class SeatRequest(_Strict):
    """A person taking a seat of a game."""

    party: str = Field(max_length=200)


class MoveRequest(_Strict):
    """A move: accept, ask to amend issues (issue → option), or offer a text."""

    accept: bool = False
    amendments: dict[str, str] = Field(default_factory=dict, max_length=100)
    offer: dict[str, str] | None = Field(None, max_length=100)
    turn: int | None = Field(
        None, ge=0, description="the number of the turn answered; a move for another is refused"
    )


class _BodyLimit:
    """Refuse request bodies over a limit (413), whatever Content-Length says."""

    def __init__(self, app: Any, *, limit: int, upload_limit: int) -> None:
        self.app = app
        self.limit = limit
        self.upload_limit = upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.upload_limit if scope["path"] == "/api/cases" else self.limit
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _too_large(send, limit)
            return
        # The body is read whole before the application sees it (bodies here are small),
        # so a body without a Content-Length is held to the same limit.
        chunks: list[bytes] = []
        received = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            received += len(chunks[-1])
            if received > limit:
                await _too_large(send, limit)
                return
            more = message.get("more_body", False)
        body = b"".join(chunks)
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if delivered:
                return await receive()
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


async def _too_large(send: Send, limit: int) -> None:
    body = f'{{"error": "the request body is larger than {limit} bytes"}}'.encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _variants(value: str) -> list[str]:
    return [v for v in value.split(",") if v]


def _readings(value: str) -> dict[str, str]:
    """Readings written `reading:alternative,reading:alternative`."""
    chosen: dict[str, str] = {}
    for item in _variants(value):
        name, colon, alternative = item.partition(":")
        if not colon:
            raise _RequestError(f"readings: expected reading:alternative, got '{item}'")
        if name in chosen:
            raise _RequestError(f"readings: reading '{name}' is given twice")
        chosen[name] = alternative
    return chosen


def _pair(value: str) -> tuple[str, str] | None:
    """The two parties written `a,b` whose utilities the space is drawn in (none: the first two)."""
    if not value:
        return None
    parties = value.split(",")
    if len(parties) != 2 or parties[0] == parties[1]:
        raise _RequestError(f"pair: expected two different parties written a,b, got '{value}'")
    return parties[0], parties[1]


def create_app(
    *,
    store: Path,
    games: Path,
    instructor_key: str | None = None,
    teaching: bool = False,
    hosts: Sequence[str] = LOCAL_HOSTS,
) -> FastAPI:
    """Return the workbench application.

    Args:
        store: the results store (DuckDB file) sweeps are kept in.
        games: the SQLite file games and uploaded cases are kept in.
        instructor_key: the key of the instructor's page (default: the games file's,
            random and made on first start; in `app.state.instructor_key`).
        teaching: a class is playing: the analyst's pages, which show every delegation's
            numbers, open only with the instructor key.
        hosts: the host names requests may be addressed to ("*": any). Answering only
            to this computer's names keeps a web page elsewhere from reaching the
            workbench through a name it controls (DNS rebinding).
    """
    app = FastAPI(title="accord workbench", docs_url=None, redoc_url=None, openapi_url=None)
    game_store = GameStore(games)
    library = CaseLibrary(game_store)
    jobs = SweepJobs(store)
    positions = _Positions()
    moving = threading.Lock()
    key = instructor_key or game_store.instructor_key()
    app.state.instructor_key = key
    app.state.teaching = teaching
    app.add_middleware(_BodyLimit, limit=MAX_BODY_BYTES, upload_limit=MAX_UPLOAD_BYTES)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(hosts))

    @app.middleware("http")
    async def headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        if not request.url.path.endswith("/report"):
            # A sweep's report is one self-contained page with its scripts inside it.
            response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        return response

    templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    _errors(app)

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    def plotly_script() -> FileResponse:
        import plotly

        return FileResponse(
            Path(plotly.__file__).parent / "package_data" / "plotly.min.js",
            media_type="text/javascript",
        )

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        # Browsers ask for it on pages without an icon, such as a sweep's report.
        return Response(status_code=204)

    def page(request: Request, name: str, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {"teaching": teaching, **context})

    @app.get("/", response_class=HTMLResponse)
    def index(request: Request) -> HTMLResponse:
        return page(request, "index.html", cases=library.titles())

    @app.get("/cases/{case}", response_class=HTMLResponse)
    def case_view(request: Request, case: str, key: str = "") -> HTMLResponse:
        _check_analyst(app, key)
        return page(request, "case.html", case=library.load(case))

    @app.get("/sweeps", response_class=HTMLResponse)
    def sweeps_view(request: Request, key: str = "") -> HTMLResponse:
        _check_analyst(app, key)
        return page(request, "sweeps.html", cases=library.titles())

    @app.get("/sweeps/{sweep_id}/report", response_class=HTMLResponse)
    def sweep_report(sweep_id: str, key: str = "") -> HTMLResponse:
        _check_analyst(app, key)
        return HTMLResponse(jobs.report(sweep_id, library.load))

    @app.get("/play", response_class=HTMLResponse)
    def play_start(request: Request, key: str = "") -> HTMLResponse:
        cases = [
            {"id": c["id"], "title": c["title"], "parties": _party_names(library, c["id"])}
            for c in library.titles()
        ]
        may_open = not teaching or _holds_key(app, key)
        return page(request, "start.html", cases=cases, may_open=may_open)

    @app.get("/play/{code}/{party}", response_class=HTMLResponse)
    def play_view(request: Request, code: str, party: str) -> HTMLResponse:
        game = game_store.load(code)
        if party not in game.seats:
            seats = ", ".join(game.seats)
            raise UnknownGameError(f"game {code}: '{party}' is not a seat for a person ({seats})")
        return page(request, "play.html", game=game, party=party)

    @app.get("/instructor", response_class=HTMLResponse)
    def instructor_view(request: Request, key: str = "") -> HTMLResponse:
        _check_key(app, key)
        return page(request, "instructor.html", key=key)

    # The case, its space, what-ifs ---------------------------------------------------

    @app.get("/api/cases")
    def cases() -> list[dict[str, str]]:
        return library.titles()

    @app.post("/api/cases", status_code=201)
    async def upload(
        request: Request, name: str = Query("upload.yaml", max_length=200), key: str = ""
    ) -> dict[str, str]:
        _check_analyst(app, key)
        raw = await request.body()
        scenario = library.upload(name, raw)
        return {"id": scenario.id, "title": scenario.title}

    @app.get("/api/cases/{case}")
    def case(case: str, variants: str = "", key: str = "") -> dict[str, Any]:
        _check_analyst(app, key)
        return case_page(library.load(case, _variants(variants)))

    @app.get("/api/cases/{case}/space")
    def space(
        case: str,
        at: str = "",
        variants: str = "",
        readings: str = "",
        pair: str = "",
        key: str = "",
    ) -> dict[str, Any]:
        _check_analyst(app, key)
        import datetime as dt

        scenario = with_readings(library.load(case, _variants(variants)), _readings(readings))
        try:
            date = dt.date.fromisoformat(at) if at else None
        except ValueError:
            raise _RequestError(f"at: expected a date YYYY-MM-DD, got '{at}'") from None
        return space_on(scenario, date, _pair(pair))

    @app.post("/api/cases/{case}/whatif")
    def whatif(
        case: str, request: Annotated[WhatIfRequest, Body()], key: str = ""
    ) -> dict[str, Any]:
        _check_analyst(app, key)
        scenario = with_readings(library.load(case, request.variants), request.readings)
        return what_if(scenario, request.judgements, seed=request.seed)

    # Sweeps ------------------------------------------------------------------------

    @app.post("/api/sweeps", status_code=202)
    def launch(request: Annotated[SweepRequest, Body()], key: str = "") -> dict[str, Any]:
        _check_analyst(app, key)
        scenario = library.load(request.case)
        job = jobs.launch(
            scenario, n_draws=request.n_draws, variants=request.variants, seed=request.seed
        )
        return job.to_dict()

    @app.get("/api/sweeps")
    def stored(key: str = "") -> list[dict[str, Any]]:
        _check_analyst(app, key)
        # The store may hold sweeps of files run with `accord sweep`: only the cases of
        # this workbench have a report here.
        cases = set(library.ids())
        return [row | {"reportable": row["scenario"] in cases} for row in jobs.stored()]

    @app.get("/api/sweeps/jobs/{job}")
    def job(job: str, key: str = "") -> dict[str, Any]:
        _check_analyst(app, key)
        if job not in jobs.jobs:
            raise UnknownIdError("sweep job", job, [])
        return jobs.jobs[job].to_dict()

    # Games -------------------------------------------------------------------------

    @app.post("/api/games", status_code=201)
    def new_game(request: Annotated[GameRequest, Body()], key: str = "") -> dict[str, Any]:
        # In a class, a game opened for any delegation would show its brief: the
        # instructor opens games and students join them.
        _check_analyst(app, key)
        scenario = library.load(request.case)
        for party in request.seats:
            if party not in scenario.party_ids:
                raise UnknownIdError("delegation", party, scenario.party_ids)
        seats = tuple(dict.fromkeys(request.seats))
        # A code is six hex digits: one already given is drawn again, never overwritten.
        for _ in range(GAME_CODE_DRAWS):
            code = secrets.token_hex(3).upper()
            game = Game(code, request.case, request.seed, seats, {}, request.title)
            if game_store.add(game):
                return _public(library, game)
        raise GameError(f"no free game code in {GAME_CODE_DRAWS} draws: try again")

    @app.get("/api/games/{code}")
    def game_info(code: str) -> dict[str, Any]:
        return _public(library, game_store.load(code))

    @app.post("/api/games/{code}/seats", status_code=201)
    def take_seat(code: str, request: Annotated[SeatRequest, Body()]) -> dict[str, str]:
        game = game_store.load(code)
        token = game_store.take_seat(game, request.party)
        return {"game": code, "party": request.party, "token": token}

    @app.get("/api/games/{code}/{party}")
    def seat(code: str, party: str, token: str = "") -> dict[str, Any]:
        game = _seat(game_store, code, party, token)
        scenario = library.load(game.case)
        position = positions.of(scenario, game)
        view = player_view(scenario, game, party, position)
        if position.finished:
            view["debrief"] = debrief(scenario, game, party, position)
        return view

    @app.post("/api/games/{code}/{party}/moves")
    def move(
        code: str, party: str, request: Annotated[MoveRequest, Body()], token: str = ""
    ) -> dict[str, Any]:
        made = Move(
            request.accept,
            dict(request.amendments),
            None if request.offer is None else dict(request.offer),
        )
        # Two players of one game may answer at once: each move is read, checked and
        # stored in turn, so that neither overwrites the other's.
        with moving:
            game = _seat(game_store, code, party, token)
            game_store.save(play(library.load(game.case), game, party, made, turn=request.turn))
        return seat(code, party, token)

    @app.get("/api/instructor")
    def instructor(key: str = "") -> list[dict[str, Any]]:
        _check_key(app, key)
        return [_instructor_row(library, positions, game) for game in game_store.games()]

    return app


class _Positions:
    """The positions of recently seen games, so that polling players replay nothing."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self.known: dict[str, Position] = {}
        self.lock = threading.Lock()

    def of(self, scenario: Scenario, game: Game) -> Position:
        """Return the position of `game` (replayed once per state of the game)."""
        moves = {p: [repr(m) for m in game.moves.get(p, ())] for p in game.seats}
        key = json.dumps([game.case, game.seed, list(game.seats), moves])
        with self.lock:
            known = self.known.get(key)
        if known is not None:
            return known
        position = replay(scenario, game)
        with self.lock:
            if len(self.known) >= self.size:
                self.known.pop(next(iter(self.known)))
            self.known[key] = position
        return position


def _party_names(library: CaseLibrary, case: str) -> list[dict[str, str]]:
    scenario = library.load(case)
    names = {p.id: p.name for p in scenario.parties}
    return [{"id": p, "name": names.get(p) or p} for p in scenario.party_ids]


def _public(library: CaseLibrary, game: Game) -> dict[str, Any]:
    """What anyone with the game's code may know: its case and which seats people play."""
    return {
        "code": game.code,
        "case": game.case,
        "title": game.title,
        "seats": list(game.seats),
        "parties": _party_names(library, game.case),
    }


def _seat(store: GameStore, code: str, party: str, token: str) -> Game:
    game = store.load(code)
    if not store.holds_seat(game, party, token):
        raise _ForbiddenError(f"game {code}: this seat of '{party}' needs its player's token")
    return game


def _holds_key(app: FastAPI, key: str) -> bool:
    return hmac.compare_digest(key.encode(), app.state.instructor_key.encode())


def _check_key(app: FastAPI, key: str) -> None:
    if not _holds_key(app, key):
        raise _ForbiddenError("this page needs the instructor key `accord serve` printed")


def _check_analyst(app: FastAPI, key: str) -> None:
    if app.state.teaching:
        _check_key(app, key)


def _instructor_row(library: CaseLibrary, positions: _Positions, game: Game) -> dict[str, Any]:
    scenario = library.load(game.case)
    position = positions.of(scenario, game)
    row = _public(library, game) | {
        "finished": position.finished,
        "waiting_for": [] if position.needed is None else list(position.needed.parties),
        "n_moves": sum(len(m) for m in game.moves.values()),
        "outcome": position.transcript.outcome.to_dict() if position.finished else None,
    }
    if position.finished:
        row["debriefs"] = {p: debrief(scenario, game, p, position) for p in game.seats}
    return row


class _ForbiddenError(AccordError):
    """A request for what the asker may not see."""


class _RequestError(AccordError):
    """A request parameter written wrong (answered 400)."""


def _errors(app: FastAPI) -> None:
    """Turn accord's errors into JSON answers with a status that says whose fault."""

    @app.exception_handler(AccordError)
    def accord_error(request: Request, error: AccordError) -> Response:
        status = 400
        if isinstance(error, _ForbiddenError):
            status = 403
        elif isinstance(error, UnknownIdError | UnknownGameError):
            status = 404
        elif isinstance(error, GameError):
            status = 409
        elif isinstance(error, StoreBusyError):
            status = 503
        body: dict[str, Any] = {"error": str(error)}
        if isinstance(error, ScenarioError):
            body["problems"] = [
                {
                    "location": p.location,
                    "line": p.line,
                    "column": p.column,
                    "message": p.format(error.path),
                }
                for p in error.problems
            ]
        return JSONResponse(body, status_code=status)

    @app.exception_handler(RequestValidationError)
    def invalid_request(request: Request, error: RequestValidationError) -> Response:
        # The pages show `error`; FastAPI's own answer has only `detail`.
        problems = [
            {"location": ".".join(str(part) for part in e["loc"]), "message": e["msg"]}
            for e in error.errors()
        ]
        said = "; ".join(f"{p['location']}: {p['message']}" for p in problems)
        return JSONResponse({"error": said, "problems": problems}, status_code=422)
