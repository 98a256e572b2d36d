"""`accord serve`: binds 127.0.0.1 unless told otherwise and prints where it listens."""

import builtins

import pytest
from typer.testing import CliRunner

from accord.cli import app
from accord.web import server


def test_serve_prints_its_address_and_binds_this_computer_by_default(monkeypatch, tmp_path):
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append(options))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 0, result.output
    assert calls == [{"host": "127.0.0.1", "port": 8000, "log_level": "warning"}]
    lines = result.stdout.splitlines()
    assert lines[0] == "accord workbench: http://127.0.0.1:8000"
    assert lines[1].startswith("instructor page: http://127.0.0.1:8000/instructor?key=")
    assert (tmp_path / "accord-games.sqlite").is_file()


def test_serve_takes_a_host_a_port_and_stores(monkeypatch, tmp_path):
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append(options))
    games = tmp_path / "class.sqlite"
    result = CliRunner().invoke(
        app,
        [
            "serve",
            "--host",
            "::1",
            "--port",
            "9001",
            "--games",
            str(games),
            "--store",
            str(tmp_path / "r.duckdb"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert calls[0]["host"] == "::1" and calls[0]["port"] == 9001
    assert "http://[::1]:9001" in result.stdout
    assert games.is_file()


def test_serve_without_the_web_extra_says_how_to_install_it(monkeypatch, tmp_path):
    real_import = builtins.__import__

    def without_uvicorn(name, *args, **kwargs):
        if name == "uvicorn":
            raise ImportError("No module named 'uvicorn'", name="uvicorn")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_uvicorn)
    with pytest.raises(server.WebUnavailableError, match=r"pip install -e '\.\[web\]'"):
        server.serve(store=tmp_path / "r.duckdb", games=tmp_path / "g.sqlite")
    result = CliRunner().invoke(app, ["serve", "--games", str(tmp_path / "g.sqlite")])
    assert result.exit_code == 2
    assert "uvicorn is missing" in result.stderr


@pytest.mark.parametrize(
    ("host", "answered", "refused"),
    [
        ("127.0.0.1", ["127.0.0.1", "localhost"], ["192.168.1.20", "evil.example"]),
        ("192.168.1.20", ["192.168.1.20", "localhost"], ["evil.example"]),
        ("0.0.0.0", ["192.168.1.20", "my-laptop.local"], []),
    ],
)
def test_the_workbench_answers_to_the_names_of_the_address_it_binds(
    monkeypatch, tmp_path, host, answered, refused
):
    import uvicorn
    from fastapi.testclient import TestClient

    served = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.append(app))
    server.serve(host=host, store=tmp_path / "r.duckdb", games=tmp_path / "g.sqlite")
    with TestClient(served[0]) as client:
        for name in answered:
            assert client.get("/", headers={"Host": name}).status_code == 200, name
        for name in refused:
            assert client.get("/", headers={"Host": name}).status_code == 400, name
