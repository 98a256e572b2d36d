"""Prioritization statements of the graph model: parsing and evaluation.

A statement combines option ids with not (``-``, ``~``, ``!``, ``not``), and (``&``,
``and``), or (``|``, ``or``), if and iff, with parentheses, as in GMCR II and GMCR+.
`parse_statement` turns the text into a small tree; `evaluate_statement` applies it to
boolean option columns, one entry per state.

References:
    Fang, Hipel, Kilgour & Peng (2003), "A decision support system for interactive
    decision making, part I: model formulation", IEEE Trans. SMC C 33(1): 42-55.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

__all__ = ["Statement", "StatementError", "evaluate_statement", "parse_statement"]

Statement = tuple[Any, ...]
"""Parsed statement: ("option", id) | ("not", s) | ("and"|"or", s, s) | ("if"|"iff", s, s)."""

_TOKEN = re.compile(r"\s*(?:(\()|(\))|([-~!])|(&)|(\|)|([A-Za-z0-9][A-Za-z0-9_-]*)|(\S))")
_WORDS = {"not": "not", "and": "and", "or": "or", "if": "if", "iff": "iff"}


class StatementError(ValueError):
    """A prioritization statement that cannot be parsed."""


def parse_statement(text: str, options: Sequence[str]) -> Statement:
    """Parse a prioritization statement over option ids.

    Grammar, loosest first: ``a iff b``, ``a if b`` (a holds whenever b does),
    ``a | b`` (or), ``a & b`` (and), ``-a`` (not; also ``~``, ``!``, ``not``), parentheses.

    >>> parse_statement("-delay", ["delay"])
    ('not', ('option', 'delay'))
    """
    tokens = _tokenize(text)
    parser = _Parser(tokens, tuple(options), text)
    statement = parser.implication()
    if parser.position < len(tokens):
        raise StatementError(f"unexpected '{tokens[parser.position][1]}' in statement {text!r}")
    return statement


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    for match in _TOKEN.finditer(text):
        if not match.group(0).strip():
            continue
        kinds = ("(", ")", "not", "and", "or", "name", "bad")
        kind = kinds[match.lastindex - 1 if match.lastindex else 6]
        value = match.group(match.lastindex or 0)
        if kind == "name" and value.lower() in _WORDS:
            kind = _WORDS[value.lower()]
        if kind == "bad":
            raise StatementError(f"unexpected character {value!r} in statement {text!r}")
        tokens.append((kind, value))
    if not tokens:
        raise StatementError("empty statement; expected option ids joined by not/and/or/if/iff")
    return tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], options: tuple[str, ...], text: str):
        self.tokens, self.options, self.text, self.position = tokens, options, text, 0

    def peek(self) -> str | None:
        return self.tokens[self.position][0] if self.position < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        if self.position >= len(self.tokens):
            raise StatementError(f"statement {self.text!r} ends too early")
        self.position += 1
        return self.tokens[self.position - 1]

    def implication(self) -> Statement:
        left = self.disjunction()
        while self.peek() in ("if", "iff"):
            kind = self.take()[0]
            left = (kind, left, self.disjunction())
        return left

    def disjunction(self) -> Statement:
        left = self.conjunction()
        while self.peek() == "or":
            self.take()
            left = ("or", left, self.conjunction())
        return left

    def conjunction(self) -> Statement:
        left = self.unary()
        while self.peek() == "and":
            self.take()
            left = ("and", left, self.unary())
        return left

    def unary(self) -> Statement:
        kind, value = self.take()
        if kind == "not":
            return ("not", self.unary())
        if kind == "(":
            inner = self.implication()
            if self.peek() != ")":
                raise StatementError(f"missing ')' in statement {self.text!r}")
            self.take()
            return inner
        if kind == "name":
            if value not in self.options:
                known = ", ".join(self.options) or "none"
                raise StatementError(f"unknown option '{value}'; known: {known}")
            return ("option", value)
        raise StatementError(f"unexpected '{value}' in statement {self.text!r}")


def evaluate_statement(statement: Statement, columns: Mapping[str, np.ndarray]) -> np.ndarray:
    """Evaluate a parsed statement on boolean option columns (one entry per state)."""
    kind = statement[0]
    if kind == "option":
        return np.asarray(columns[statement[1]], dtype=bool)
    if kind == "not":
        return np.asarray(~evaluate_statement(statement[1], columns))
    left = evaluate_statement(statement[1], columns)
    right = evaluate_statement(statement[2], columns)
    if kind == "and":
        return np.asarray(left & right)
    if kind == "or":
        return np.asarray(left | right)
    if kind == "if":
        return np.asarray(left | ~right)
    return np.asarray(left == right)
