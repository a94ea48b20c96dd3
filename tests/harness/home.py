"""The one mailflow home the tests drive: a temporary folder holding a config, a calendar,
the state and the user's XDG folders, and `mailflow` run on it the way a user runs it.

``Home(root)`` writes nothing until asked: ``write_config`` (sections given as TOML text:
``ICS``, ``maildir(...)``, ``harness.google.gmail(...)``, ...) and ``write_calendar``.
Commands run in-process through click's ``CliRunner`` (``cli``), or, where a test needs a
process of its own (a kill, a memory limit, what a fresh interpreter imports), as a child
(``start``/``process``, ``child_env``). The mail that lands in a Maildir is read back with
``drafts``/``drafts_in``/``draft_keys``; the state with ``store``/``statuses``.
"""

from __future__ import annotations

import email
import json
import mailbox
import os
import re
import shlex
import sys
import textwrap
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path

from click.testing import CliRunner, Result

from mailflow.cli import main
from tests.harness.calendars import ME, MY_NAME, REPO, vcalendar
from tests.harness.processes import Child, Outcome

PROFILE = f"""\
[profile]
name = "{MY_NAME}"
email = "{ME}"
signature = "{MY_NAME}"
"""

#: the home's calendar file
ICS = '[[calendars]]\ntype = "ics"\npath = "calendar.ics"\n'


def maildir(*, sent: str = "", inbox: str = "") -> str:
    """``[mail]`` on Maildirs beside the config: drafts in ``drafts``, and the folders a
    client files sent mail into and receives mail in, when given."""
    folders = "".join(f'{name} = "{path}"\n' for name, path in (("sent", sent), ("inbox", inbox)) if path)
    return f'[mail]\nbackend = "maildir"\n[mail.maildir]\npath = "drafts"\n{folders}'


MAILDIR = maildir()

#: an $EDITOR that follows the plan in $SCRIPTED_EDITOR_PLAN (see scripted_editor.py)
EDITOR = f"{shlex.quote(sys.executable)} {shlex.quote(str(Path(__file__).with_name('scripted_editor.py')))}"


class Home:
    """A mailflow user in ``root``: ``config.toml``, ``calendar.ics``, the ``drafts``
    Maildir, ``state.db``, and the XDG folders under ``root/xdg`` (the log, stored
    passwords). ``now``, when given, is the ``--now`` of every command that does not
    name its own."""

    def __init__(self, root: Path, *, now: str | None = None, memory_mb: int = 1024, timeout: float = 30):
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)
        self.config = root / "config.toml"
        self.calendar = root / "calendar.ics"
        self.drafts_path = root / "drafts"
        self.state_path = root / "state.db"
        self.xdg = root / "xdg"
        self.now = now
        #: the limits of a child process (``start``, ``process``)
        self.memory_mb, self.timeout = memory_mb, timeout
        self.runner = CliRunner()

    @classmethod
    def configured(cls, root: Path, **kwargs) -> Home:
        """A home in ``root`` with the default config written (an ICS calendar, a Maildir)."""
        home = cls(root, **kwargs)
        home.write_config()
        return home

    # ---- what the user writes -------------------------------------------------------------

    def write_config(self, extra: str = "", *, calendars: str = ICS, mail: str = MAILDIR, profile: str = PROFILE,
                     timezone: str = "America/New_York") -> Path:
        """config.toml from its sections; ``extra`` follows ``[policy]`` (so its first
        lines, before any header, are policy settings)."""
        self.config.write_text(
            f"{profile}\n{calendars}\n{mail}\n[state]\npath = \"state.db\"\n\n[policy]\ntimezone = \"{timezone}\"\n"
            + textwrap.dedent(extra), encoding="utf-8")
        return self.config

    def write_calendar(self, *events: str, header: str = "") -> Path:
        self.calendar.write_text(vcalendar(*events, header=header), encoding="utf-8")
        return self.calendar

    def load_config(self):
        from mailflow import config

        return config.load(self.config)

    # ---- mailflow, in-process ---------------------------------------------------------------

    def xdg_env(self) -> dict[str, str]:
        return {name: str(self.xdg / name.lower()) for name in
                ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")}

    def cli(self, *args: str, now: str | None = None, env: dict | None = None, input: str | None = None) -> Result:
        """``mailflow --config CONFIG ARGS [--now NOW]`` in this process."""
        when = now or self.now
        return self.runner.invoke(main, ["--config", str(self.config), *args, *(["--now", when] if when else [])],
                                  input=input, env={**self.xdg_env(), **(env or {})},
                                  catch_exceptions=False)

    # ---- mailflow, in a child process ------------------------------------------------------------

    def child_env(self, **extra: str) -> dict[str, str]:
        """The environment of a child ``mailflow``: this one without MAILFLOW_* and XDG_*
        settings, the home's XDG folders, the repository on PYTHONPATH; then ``extra``."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("MAILFLOW_", "XDG_"))}
        env.update(self.xdg_env())
        env["PYTHONPATH"] = os.pathsep.join([str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])])
        env.setdefault("PYTHONHASHSEED", "0")
        env.update(extra)
        return env

    def start(self, *args: str, timeout: float | None = None) -> Child:
        """``mailflow --config CONFIG ARGS`` started as a child under the home's limits."""
        return Child(["--config", str(self.config), *args], cwd=self.root, env=self.child_env(),
                     memory_mb=self.memory_mb, timeout=self.timeout if timeout is None else timeout)

    def process(self, *args: str, timeout: float | None = None) -> Outcome:
        """``start``, then wait for its ``Outcome``."""
        return self.start(*args, timeout=timeout).wait()

    # ---- what mailflow wrote -----------------------------------------------------------------

    def drafts(self, kind: str = "") -> list[mailbox.MaildirMessage]:
        """The drafts Maildir's messages (with their Maildir flags), those whose key
        starts with ``kind`` when given."""
        if not self.drafts_path.exists():
            return []
        box = mailbox.Maildir(self.drafts_path, create=False)
        return [m for m in (box[k] for k in box.keys()) if str(m["X-Mailflow-Key"]).startswith(kind)]

    def drafts_by_recipient(self) -> dict[str, mailbox.MaildirMessage]:
        """The drafts Maildir's messages by their recipient's address."""
        return {str(m["To"]).split("<")[-1].rstrip(">"): m for m in self.drafts()}

    def drafts_in(self, folder: Path | None = None) -> list[EmailMessage]:
        """Every message in a Maildir (default: the drafts), parsed."""
        box = mailbox.Maildir(folder or self.drafts_path, factory=None, create=False)
        return [email.message_from_bytes(box.get_bytes(k), policy=default_policy) for k in sorted(box.keys())]

    def draft_keys(self) -> list[str]:
        """``X-Mailflow-Key`` of every message in the drafts Maildir (repeats kept).

        Read file by file: a run killed while creating the Maildir can leave it
        without ``cur/``, which the ``mailbox`` module cannot open."""
        keys = []
        for sub in ("new", "cur"):
            folder = self.drafts_path / sub
            try:
                names = sorted(os.listdir(folder))
            except FileNotFoundError:
                continue
            for name in names:
                try:
                    with open(folder / name, "rb") as f:
                        headers = f.read(65536).split(b"\n\n")[0]
                except FileNotFoundError:  # removed meanwhile
                    continue
                found = re.search(rb"(?im)^X-Mailflow-Key:\s*(\S+)", headers)
                keys.append(found.group(1).decode() if found else "?")
        return keys

    def interview_id(self, company: str = "Acme", now: str | None = None) -> str:
        """The id ``mailflow scan`` gives the company's interview."""
        scan = json.loads(self.cli("scan", "--json", now=now).output)
        return next(e["id"] for e in scan["events"] if e["interview"] and e["company"] == company)

    def store(self):
        from mailflow.store import Store

        return Store(self.state_path)

    def statuses(self) -> dict[str, str]:
        """Each application's status, by company."""
        with self.store() as store:
            return {a.company: a.status for a in store.applications()}


def run(home: Home, now: str) -> dict:
    """``mailflow run --json --now NOW``, which must succeed: its report."""
    result = home.cli("run", "--json", "--now", now)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def status(home: Home, now: str, company: str = "Acme") -> dict:
    """The company's application as ``mailflow status --json --now NOW`` shows it."""
    data = json.loads(home.cli("status", "--json", "--now", now).output)
    return next(a for a in data["applications"] if a["company"] == company)
