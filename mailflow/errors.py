"""One error hierarchy; the CLI maps each class to an exit code and prints its hint.

Exit codes (PRODUCT.md §2): 0 done, 1 some items failed (the rest done), 2 the user
must act (bad config, expired login). Every error says what went wrong, naming the
file, line, setting or item (``message``), and what to type or change (``hint``)::

    MailflowError                 1  base: something failed; the rest of the run goes on
    ├── SourceError               1  a calendar could not be read; the other sources go on
    ├── MailboxError              1  the mailbox failed one operation; the next message goes on
    │   └── CapabilityError       1  the backend cannot do that at all (names the flag, e.g. can_send)
    ├── TemplateError             1  a template is missing, malformed or uses an undefined variable
    ├── LockedError               1  another mailflow run holds the lock (a cron ``run`` exits 0 quietly)
    └── UserActionError           2  the user has to act before mailflow can go on
        ├── ConfigError           2  the config file is missing, malformed or inconsistent
        ├── AuthError             2  a login is missing or expired: `mailflow auth ...`
        ├── NotFoundError         2  a named interview, company, person or file does not exist
        └── StateError            2  the state database cannot be used (damaged, read-only, full)

Anything else that escapes is a bug: the report records it with "see the log" and
the log keeps the traceback (exit 1).
"""

from __future__ import annotations


class MailflowError(Exception):
    """Base of every error mailflow raises on purpose.

    ``message`` says what went wrong, naming the file, line or setting;
    ``hint`` says what to type or change next.
    """

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class UserActionError(MailflowError):
    """The user has to do something before mailflow can go on (exit 2)."""

    exit_code = 2


class ConfigError(UserActionError):
    """The configuration file is missing, malformed or inconsistent."""


class AuthError(UserActionError):
    """A login is missing or expired and cannot be refreshed without the user."""


class NotFoundError(UserActionError):
    """The user named an interview, company or file that does not exist."""


class SourceError(MailflowError):
    """A calendar source could not be read; other sources go on."""


class MailboxError(MailflowError):
    """The mailbox refused or failed an operation on one message."""


class CapabilityError(MailboxError):
    """The backend cannot do this at all: ``flag`` names the capability it lacks
    (``can_send``, ``can_schedule``, ``can_see_replies``). Raised by the mailbox base
    class before the backend is asked, so no backend has to remember to refuse."""

    def __init__(self, backend: str, flag: str, what: str, hint: str | None = None):
        super().__init__(f"the {backend} mailbox cannot {what} ({flag} is false)", hint)
        self.flag = flag


class TemplateError(MailflowError):
    """A template is missing, malformed, or uses an undefined variable."""


class StateError(UserActionError):
    """The state database cannot be used (damaged, read-only, disk full): one clear
    message with what to do, never a traceback that invites deleting it."""


class LockedError(MailflowError):
    """Another mailflow process holds the run lock: this one did nothing (exit 1).

    ``stale`` is True when the holder has had it for hours (a run that hangs).
    The cron job ``run`` answers an ordinary overlap with exit 0 and no output."""

    exit_code = 1
    stale = False


#: words found in a network failure's text, and what to say of it instead
_NETWORK_CAUSES = (
    (("certificate_verify_failed", "certificate verify failed", "sslcertverification"),
     "its certificate is not trusted"),
    (("name or service not known", "nodename nor servname", "temporary failure in name resolution",
      "getaddrinfo failed", "no address associated", "failed to resolve", "name resolution"),
     "the host name cannot be resolved"),
    (("connection refused", "econnrefused"), "the connection was refused"),
    (("network is unreachable", "no route to host"), "the network is unreachable"),
    (("timed out", "timeout"), "no answer in time"),
    (("connection reset", "connection aborted", "remote end closed", "remotedisconnected", "broken pipe"),
     "the connection was closed from the other end"),
)


def network_reason(exc: BaseException) -> str:
    """A failed connection in a few plain words ("the connection was refused"),
    found anywhere in the exception's chain; its kind when no cause is known.
    Never the library's own text, which runs to hundreds of characters, is cut
    mid-word when shortened, and may carry an address with a secret in it."""
    texts, seen, current = [], set(), exc
    while current is not None and id(current) not in seen and len(seen) < 8:
        seen.add(id(current))
        texts.append(f"{type(current).__name__} {current}".lower())
        current = current.__cause__ or current.__context__ or getattr(current, "reason", None)
        if not isinstance(current, BaseException):
            current = None
    text = " ".join(texts)
    for needles, cause in _NETWORK_CAUSES:
        if any(n in text for n in needles):
            return cause
    return f"a network error ({type(exc).__name__})"


def one_line(message: str, hint: str | None = None) -> str:
    """``message`` and its fix on one line: "what went wrong (what to do)"."""
    text = " ".join(message.split())
    return f"{text} ({' '.join(hint.split())})" if hint else text
