"""Stored games: whole moves, seats opened by their token, kept across restarts."""

import pytest

from accord.engine.person import Move
from accord.web.games import GameStore
from accord.web.play import Game, GameError


def test_a_game_reads_back_as_it_was_stored_after_reopening(tmp_path):
    path = tmp_path / "games.sqlite"
    game = Game("AB12CD", "ceasefire-teaching", 7, ("south", "north"), title="group 1")
    game = game.with_move("south", Move(amendments={"line": "prewar", "monitoring": "force"}))
    game = game.with_move("south", Move(accept=True))
    game = game.with_move("north", Move(offer={"line": "current"}))
    assert GameStore(path).add(game)
    assert GameStore(path).load("AB12CD") == game
    assert [g.code for g in GameStore(path).games()] == ["AB12CD"]


def test_a_seat_opens_with_its_own_token_only(tmp_path):
    store = GameStore(tmp_path / "games.sqlite")
    game = Game("XY", "ceasefire-teaching", 0, ("south", "north"))
    store.add(game)
    south = store.take_seat(game, "south")
    north = store.take_seat(game, "north")
    assert south != north
    assert store.holds_seat(game, "south", south)
    assert not store.holds_seat(game, "south", north)
    assert not store.holds_seat(game, "south", "")
    assert store.taken(game) == ["north", "south"]
    with pytest.raises(GameError, match="taken"):
        store.take_seat(game, "south")
    with pytest.raises(GameError, match="no game with code 'ZZ'"):
        store.load("ZZ")


def test_a_code_already_given_is_never_overwritten(tmp_path):
    store = GameStore(tmp_path / "games.sqlite")
    first = Game("AB12CD", "ceasefire-teaching", 7, ("south",)).with_move("south", Move())
    assert store.add(first)
    assert not store.add(Game("AB12CD", "patron-teaching", 0, ("east", "west")))
    assert store.load("AB12CD") == first
    with pytest.raises(GameError, match="no game with code 'ZZ'"):
        store.save(Game("ZZ", "ceasefire-teaching", 0, ("south",)))


def test_uploaded_cases_are_kept_by_id(tmp_path):
    store = GameStore(tmp_path / "games.sqlite")
    store.save_case("mine", "mine.yaml", "accord: 1\n")
    assert GameStore(tmp_path / "games.sqlite").cases() == {"mine": ("mine.yaml", "accord: 1\n")}


def test_a_file_that_is_not_a_database_is_a_store_error(tmp_path):
    from accord.errors import StoreError

    path = tmp_path / "games.sqlite"
    path.write_bytes(b"not a database, " * 100)
    with pytest.raises(StoreError, match="cannot open the games file"):
        GameStore(path)


def test_the_instructor_key_is_made_once_per_games_file(tmp_path):
    first = GameStore(tmp_path / "games.sqlite").instructor_key()
    assert len(first) >= 20
    assert GameStore(tmp_path / "games.sqlite").instructor_key() == first
    assert GameStore(tmp_path / "other.sqlite").instructor_key() != first
