"""OData ``$filter``, ``$orderby`` and ``$search`` on messages, as far as
Exchange answers them (API_FACTS §4.3).

Filterable: ``subject``, ``conversationId``, ``internetMessageId``,
``parentFolderId``, ``isDraft``, ``isRead``, the four ``...DateTime``
properties, ``from``/``sender`` ``/emailAddress/address`` and ``/name``, and
``singleValueExtendedProperties/any(ep: ep/id eq '...' and ep/value eq '...')``;
with ``eq ne gt ge lt le``, ``and``/``or``/``not``, parentheses,
``startswith(...)`` and ``contains(...)``. String comparisons ignore case.

The traps Exchange sets, reproduced:
- a filter on recipients (``toRecipients/any(...)``) is 400
  ``ErrorInvalidUrlQueryFilter``: there is no server-side "sent to X";
- ``$orderby`` with a ``conversationId`` filter is 400 ``InefficientFilter``, and
  so is any ``$orderby`` whose properties are not the first ones of the filter,
  in the same order;
- ``$search`` cannot be combined with ``$filter`` or ``$orderby`` (400).
Anything else is 400 too, so a client cannot come to rely on it unnoticed.

``$search`` takes KQL-like terms, ANDed: ``to: from: cc: subject:
participants:`` and free words, matched as whole words.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from tests.fakes.graph.common import GraphError, parse_iso

STRINGS = ("subject", "conversationId", "internetMessageId", "parentFolderId",
           "from/emailAddress/address", "from/emailAddress/name",
           "sender/emailAddress/address", "sender/emailAddress/name")
BOOLEANS = ("isDraft", "isRead")
TIMES = ("receivedDateTime", "sentDateTime", "createdDateTime", "lastModifiedDateTime")
UNFILTERABLE = ("toRecipients", "ccRecipients", "bccRecipients", "replyTo")
_OPS = {"eq", "ne", "gt", "ge", "lt", "le"}
_TOKEN = re.compile(r"\s*('(?:[^']|'')*'|\(|\)|,|:|\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:\d\d)?|[\w/.$-]+)")
INEFFICIENT = "The restriction or sort order is too complex for this operation."


def invalid(why: str) -> GraphError:
    return GraphError(400, "ErrorInvalidUrlQueryFilter", f"The query filter contains one or more invalid nodes: {why}")


class Filter:
    """A parsed ``$filter``; ``matches(fields)`` on a message's properties
    (its JSON, plus ``parentFolderId`` and ``singleValueExtendedProperties``)."""

    def __init__(self, text: str):
        self.text = text
        self.tokens = _tokenize(text)
        self.pos = 0
        self.properties: list[str] = []  # as they appear, for the $orderby rule
        self.tree = self._or()
        if self.pos != len(self.tokens):
            raise invalid(text)

    # ---- parsing -----------------------------------------------------------------

    def _peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _take(self, expected: str | None = None) -> str:
        token = self._peek()
        if token is None or expected is not None and token.lower() != expected:
            raise invalid(f"expected {expected or 'more'} in {self.text}")
        self.pos += 1
        return token

    def _or(self) -> tuple:
        terms = [self._and()]
        while (self._peek() or "").lower() == "or":
            self.pos += 1
            terms.append(self._and())
        return ("or", terms)

    def _and(self) -> tuple:
        terms = [self._unary()]
        while (self._peek() or "").lower() == "and":
            self.pos += 1
            terms.append(self._unary())
        return ("and", terms)

    def _unary(self) -> tuple:
        token = self._take()
        if token.lower() == "not":
            return ("not", self._unary())
        if token == "(":
            inner = self._or()
            self._take(")")
            return inner
        if token.lower() in ("startswith", "contains"):
            self._take("(")
            path = self._path(self._take())
            self._take(",")
            value = _literal(self._take())
            self._take(")")
            if not isinstance(value, str):
                raise invalid(self.text)
            return (token.lower(), path, value)
        if token.endswith("/any"):
            return self._any(token[: -len("/any")])
        path = self._path(token)
        op = self._take().lower()
        if op not in _OPS:
            raise invalid(f"{op} in {self.text}")
        return ("cmp", path, op, _literal(self._take()))

    def _any(self, collection: str) -> tuple:
        if collection in UNFILTERABLE:
            raise invalid(f"{collection} cannot be filtered on")
        if collection != "singleValueExtendedProperties":
            raise invalid(f"{collection}/any")
        self._take("(")
        var = self._take()
        self._take(":")
        conditions: dict[str, str] = {}
        while True:
            path, op, value = self._take(), self._take().lower(), _literal(self._take())
            if op != "eq" or path not in (f"{var}/id", f"{var}/value") or not isinstance(value, str):
                raise invalid(self.text)
            conditions[path.rpartition("/")[2]] = value
            if (self._peek() or "").lower() != "and":
                break
            self.pos += 1
        self._take(")")
        if set(conditions) != {"id", "value"}:
            raise invalid(self.text)
        self.properties.append(collection)
        return ("property", conditions["id"], conditions["value"])

    def _path(self, token: str) -> str:
        if token.split("/")[0] in UNFILTERABLE:
            raise invalid(f"{token} cannot be filtered on")
        if token not in STRINGS + BOOLEANS + TIMES:
            raise invalid(token)
        self.properties.append(token)
        return token

    # ---- matching ----------------------------------------------------------------

    def matches(self, fields: dict[str, Any]) -> bool:
        return _eval(self.tree, fields)


def _tokenize(text: str) -> list[str]:
    tokens, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise invalid(text)
        tokens.append(match.group(1))
        pos = match.end()
    return tokens


def _literal(token: str) -> Any:
    if token.startswith("'"):
        return token[1:-1].replace("''", "'")
    if token.lower() in ("true", "false"):
        return token.lower() == "true"
    if token.lower() == "null":
        return None
    if re.fullmatch(r"\d{4}-\d\d-\d\dT.*", token):
        return parse_iso(token if token[-1] == "Z" or "+" in token[10:] else token + "Z")
    if token.isdigit():
        return int(token)
    raise invalid(token)


def _value(fields: dict[str, Any], path: str) -> Any:
    value: Any = fields
    for part in path.split("/"):
        value = value.get(part) if isinstance(value, dict) else None
    if path in TIMES and value:
        return parse_iso(value)
    return value


def _compare(have: Any, op: str, want: Any) -> bool:
    if isinstance(want, dt.datetime) != isinstance(have, dt.datetime) and have is not None and want is not None:
        raise GraphError(400, "BadRequest", "A binary operator with incompatible types was detected.")
    if isinstance(have, str) and isinstance(want, str):
        have, want = have.lower(), want.lower()
    if op == "eq":
        return have == want
    if op == "ne":
        return have != want
    if have is None or want is None:
        return False
    return {"gt": have > want, "ge": have >= want, "lt": have < want, "le": have <= want}[op]


def _eval(node: tuple, fields: dict[str, Any]) -> bool:
    kind = node[0]
    if kind == "or":
        return any(_eval(n, fields) for n in node[1])
    if kind == "and":
        return all(_eval(n, fields) for n in node[1])
    if kind == "not":
        return not _eval(node[1], fields)
    if kind == "cmp":
        return _compare(_value(fields, node[1]), node[2], node[3])
    if kind in ("startswith", "contains"):
        have = str(_value(fields, node[1]) or "").lower()
        want = node[2].lower()
        return have.startswith(want) if kind == "startswith" else want in have
    if kind == "property":
        return any(p["id"].lower() == node[1].lower() and str(p["value"]).lower() == node[2].lower()
                   for p in fields.get("singleValueExtendedProperties") or [])
    raise AssertionError(kind)


def order_by(text: str, flt: Filter | None) -> list[tuple[str, bool]]:
    """``$orderby`` as [(property, descending)], checked against the filter as Exchange does."""
    keys = []
    for part in text.split(","):
        name, _, direction = part.strip().partition(" ")
        if name not in STRINGS + BOOLEANS + TIMES or direction.strip().lower() not in ("", "asc", "desc"):
            raise GraphError(400, "BadRequest", f"Invalid $orderby: {text}")
        keys.append((name, direction.strip().lower() == "desc"))
    if flt is not None:
        if "conversationId" in flt.properties:
            raise GraphError(400, "InefficientFilter", INEFFICIENT)
        wanted = [name for name, _ in keys]
        seen = list(dict.fromkeys(flt.properties))
        if seen[: len(wanted)] != wanted:
            raise GraphError(400, "InefficientFilter", INEFFICIENT)
    return keys


def sort(items: list, keys: list[tuple[str, bool]], fields) -> list:
    """``items`` in ``$orderby`` order (stable, last key first); ``fields(item)`` gives properties."""
    for name, descending in reversed(keys):
        items = sorted(items, key=lambda m: (_value(fields(m), name) is not None, _value(fields(m), name) or ""),
                       reverse=descending)
    return items


# ---- $search --------------------------------------------------------------------------

_SEARCH_FIELDS = {"to": ("toRecipients",), "cc": ("ccRecipients",), "from": ("from",),
                  "participants": ("from", "toRecipients", "ccRecipients", "bccRecipients"),
                  "subject": ()}


def search(text: str, query: dict[str, str]):
    """A predicate for ``$search``; 400 when combined with $filter or $orderby."""
    if "$filter" in query or "$orderby" in query:
        raise GraphError(400, "ErrorInvalidUrlQuery", "$search cannot be combined with $filter or $orderby")
    text = text.strip()
    if not (text.startswith('"') and text.endswith('"')):
        raise GraphError(400, "BadRequest", "a $search value must be in double quotes")
    terms = []
    for term in text[1:-1].split():
        name, sep, value = term.partition(":")
        if sep and name.lower() in _SEARCH_FIELDS:
            terms.append((name.lower(), value))
        elif sep:
            raise GraphError(400, "BadRequest", f"unsupported $search property {name}")
        else:
            terms.append(("", term))

    def matches(fields: dict[str, Any]) -> bool:
        return all(_search_term(fields, name, value) for name, value in terms)

    return matches


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.lower())


def _has(text: str, value: str) -> bool:
    hay, needle = _words(text), _words(value)
    return bool(needle) and any(hay[i:i + len(needle)] == needle for i in range(len(hay) - len(needle) + 1))


def _people(fields: dict[str, Any], names: tuple[str, ...]) -> list[tuple[str, str]]:
    out = []
    for name in names:
        value = fields.get(name) or []
        for person in value if isinstance(value, list) else [value]:
            address = (person.get("emailAddress") or {})
            out.append((address.get("name") or "", address.get("address") or ""))
    return out


def _search_term(fields: dict[str, Any], name: str, value: str) -> bool:
    if name == "subject":
        return _has(fields.get("subject") or "", value)
    if name:
        return any(value.lower() == address.lower() or _has(f"{who} {address}", value)
                   for who, address in _people(fields, _SEARCH_FIELDS[name]))
    body = (fields.get("body") or {}).get("content") or ""
    everyone = " ".join(f"{who} {address}" for who, address in _people(fields, _SEARCH_FIELDS["participants"]))
    return _has(" ".join([fields.get("subject") or "", body, everyone]), value)

