"""The local web workbench: explore a case, ask what-ifs, run sweeps, play a delegation.

Entry points: `accord serve` (`server.serve`), or `app.create_app` for an ASGI server.

Modules:
    workbench  the case, the bargaining space on a date, what-ifs (from accord's API)
    play       teaching mode: games replayed through the one engine, briefs, debriefs
    games      games and uploaded cases, stored in SQLite
    library    the cases offered: shipped and uploaded (validated, never executed)
    sweeps     sweeps launched in the background, stored sweeps, their reports
    app        the FastAPI application: pages, JSON API, who may see what
    server     `serve`: uvicorn on 127.0.0.1 by default
"""
