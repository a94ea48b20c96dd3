"""What several commands share."""

from __future__ import annotations

from mailflow.config import Config
from mailflow.errors import ConfigError, UserActionError
from mailflow.model import Interview, Interviewer
from mailflow.rules.names import read_name


def require_profile_email(config: Config) -> None:
    """Without ``[profile] email`` mailflow cannot tell the user from their interviewers."""
    if not config.profile.email:
        raise ConfigError(
            f"{config.source or 'the config'}: [profile] email is not set, so mailflow cannot tell you "
            "from your interviewers",
            hint='add your address: [profile] email = "you@example.com"',
        )


def interviewer_of(interview: Interview, who: str) -> Interviewer | None:
    """The interviewer ``who`` names: an address, a full name, or a first name
    when only one interviewer has it (case-insensitive)."""
    who = who.strip().casefold()
    for p in interview.interviewers:
        if who in (p.email.casefold(), p.name.casefold(), read_name(p.name, p.email).full.casefold()):
            return p
    firsts = [p for p in interview.interviewers
              if who in (p.first_name.casefold(), read_name(p.name, p.email).given.casefold())]
    return firsts[0] if len(firsts) == 1 else None


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
