"""What several commands share."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from mailflow.config import Config
from mailflow.errors import ConfigError, NotFoundError, UserActionError
from mailflow.model import Interviewer, StoredInterview

if TYPE_CHECKING:
    from mailflow.rules.lookup import Found


def require_profile_email(config: Config) -> None:
    """Without ``[profile] email`` mailflow cannot tell the user from their interviewers."""
    if not config.profile.email:
        raise ConfigError(
            f"{config.source or 'the config'}: [profile] email is not set, so mailflow cannot tell you "
            "from your interviewers",
            hint='add your address: [profile] email = "you@example.com"',
        )


def find_person(people: Iterable[Interviewer], who: str) -> Found[Interviewer]:
    """Whom ``who`` names among ``people``: an address (exactly, any case), or a full
    name, a first name, a surname or the start of one ("sofia", "lindqvist"), as
    ``rules.lookup`` reads names. None found: ``close`` holds the people it may be a typo
    of ("did you mean")."""
    from mailflow.rules.lookup import choose
    from mailflow.rules.names import read_name

    pool = list(people)
    if "@" in who:
        return choose(who, pool, lambda p: [p.email], label_person, words=False)

    def names(p: Interviewer) -> list[str]:
        named = read_name(p.name, p.email)
        untitled = " ".join(w for w in named.full.split() if w != named.title)  # "Cllr. Patrick Mulvaney"
        return [p.name, p.email, p.first_name, named.full, named.given, untitled]

    return choose(who, pool, names, label_person)


def label_person(p: Interviewer) -> str:
    return f"{p.name} <{p.email}>" if p.name else p.email


def interviewer_of(stored: StoredInterview, who: str) -> Interviewer:
    """The interviewer of ``stored`` that ``who`` names (``find_person``), else a
    ``NotFoundError`` with "did you mean" and the interviewers."""
    found = find_person(stored.interview.interviewers, who)
    if found.value is not None:
        return found.value
    raise not_an_interviewer(stored, who, found)


def not_an_interviewer(stored: StoredInterview, who: str, found: Found[Interviewer], more: str = "") -> NotFoundError:
    """The error for ``who`` naming no one interviewer of ``stored``: several, a typo
    ("did you mean ...?") or nobody, listing the interviewers; ``more`` ends the hint."""
    where = f"{stored.id} ({stored.interview.company})"
    everyone = ", ".join(map(label_person, stored.interview.interviewers)) or "none on the invite"
    if found.ambiguous:
        return NotFoundError(f"{who!r} could be {' or '.join(found.matches)} at {where}",
                             hint="give their full name or address")
    if found.close:
        return NotFoundError(f"{who!r} is not an interviewer of {where}: did you mean {' or '.join(found.close)}?",
                             hint=f"interviewers: {everyone}{more}")
    return NotFoundError(f"{who!r} is not an interviewer of {where}", hint=f"interviewers: {everyone}{more}")


def parse_who(who: str) -> tuple[str, str]:
    """What ``--by`` says: (address, name). An address, ``Name <address>`` (as mail
    clients copy it) or a name (address ""). Anything else, several addresses or an
    address that is not a single plain one, is a ``UserActionError`` and nothing is stored."""
    from email.utils import getaddresses

    from mailflow.untrusted import name_text, plain_address

    text = " ".join(str(who).split())
    if not text:
        raise UserActionError("--by is empty", hint="give the interviewer's address or their name as on the invite")
    if "@" not in text and "<" not in text:
        return "", name_text(text)
    found = getaddresses([text])
    if len(found) != 1 or not plain_address(found[0][1]) or text.count("@") != 1:
        raise UserActionError(
            f"--by {who!r} is not one address",
            hint='give one address, a name as on the invite, or "Name <address>"',
        )
    name, address = found[0]
    return plain_address(address) or "", name_text(name)
