"""icalendar's own calendar parser, with a quicker split of plain content lines.

Most of what icalendar spends on an event goes into splitting each content line
into its name, parameters and value: a loop over every character of the line in
Python (a long DESCRIPTION included), then the parameters parsed twice over.
Here a line whose shape is plain — a name, parameters that are quoted or hold no
quote, colon, comma or backslash, a colon, the value — is split with one
pattern: the value is what follows that colon, unescaped by icalendar's own
``unescape_backslash``, and the parameters are icalendar's own parse of that
parameter text (kept, since an export repeats the same few again and again, and
copied for each line). Any other line is split by icalendar as before. Every
other step — the value types, the components, time zones, errors — is
icalendar's parser, unchanged.

Imported only where a calendar is parsed (it imports icalendar).
"""

from __future__ import annotations

import re

from icalendar import Calendar
from icalendar.parser.content_line import NEWLINE, UFOLD, Contentline, Contentlines
from icalendar.parser.ical.calendar import CalendarIcalParser
from icalendar.parser.parameter import Parameters
from icalendar.parser.property import unescape_backslash

#: a content line's name and parameters up to the colon that starts its value: a
#: parameter value either quoted (any text but a quote) or plain (no quote,
#: colon, semicolon, comma or backslash), several separated by commas
_PLAIN = re.compile(r'([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,\\]*)(?:,(?:"[^"]*"|[^";:,\\]*))*)*):')
#: parameter texts parsed so far (icalendar's parse of each); a calendar repeats a few
_KNOWN_LIMIT = 4096


_known: dict[str, tuple] = {}


def plain_split(line: str) -> tuple[str, Parameters | None, str] | None:
    """``plain_parts`` with None for no parameters (an empty ``Parameters`` in ``parts``)."""
    found = _PLAIN.match(line)
    if found is None:
        return None
    section = found.group(2)
    if not section:
        params = None
    else:
        template = _known.get(section)
        if template is None:
            try:
                parsed = Contentline("X" + section + ":").raw_parts()[1]
            except ValueError:
                return None
            template = tuple(parsed.items())
            if len(_known) >= _KNOWN_LIMIT:
                _known.clear()
            _known[section] = template
        params = Parameters((key, list(value) if isinstance(value, list) else value) for key, value in template)
    return found.group(1), params, unescape_backslash(line[found.end():])


def plain_parts(line: str) -> tuple[str, Parameters, str] | None:
    """What ``Contentline(line).parts()`` gives for a plain line, or None for any other."""
    split = plain_split(line)
    if split is None:
        return None
    name, params, value = split
    return name, Parameters() if params is None else params, value


class _Line(Contentline):
    """A content line whose ``parts`` split a plain line without the character loop."""

    __slots__ = ()

    def parts(self):
        return plain_parts(self) or super().parts()


def calendar_from_ical(text: str) -> Calendar:
    """``icalendar.Calendar.from_ical(text)`` for one calendar, with the quicker split.
    The parser is handed the content lines, as ``Contentlines.from_ical`` makes them
    (folds undone, split at line breaks, empty lines left out, one empty line last)."""
    try:
        lines = Contentlines(_Line(line) for line in NEWLINE.split(UFOLD.sub("", text)) if line)
    except Exception:  # noqa: BLE001 - what icalendar says of such a text, below
        return Calendar.from_ical(text)
    lines.append("")
    components = CalendarIcalParser(lines, Calendar._get_component_factory(), Calendar.types_factory).parse()
    if len(components) != 1:
        return Calendar.from_ical(text)  # icalendar's own answer, or its own error
    return components[0]
