"""Time of what a `mailflow run` asks the mailbox, on Maildir and IMAP (a Dovecot of its own). Prints figures.

A run asks the mailbox two things: what became of every pending draft (``statuses``) and
which replies came from the watched companies (``replies_since``, once for all of them).
This bench does exactly that, for 10/100/1,000 applications with 3 pending drafts each
(30/300/3,000), against inbox and sent folders of 100/10,000/50,000 messages (a year of
mail; 2 % from the companies), with the mailbox cache kept between runs as the state keeps
it. Printed per case: the first run (nothing kept yet), a run with nothing new, and a run
after the user sent 1 % of the drafts from their client (a new Message-ID, our header
dropped), which reads the sent mail filed since the oldest draft.

    python3 bench/bench_mailbox_time.py [--backends maildir imap] [--folders 100 10000 50000]
                                        [--applications 10 100 1000]

IMAP needs dovecot (apt-get install dovecot-imapd); its messages are written straight
into the server's Maildir storage, as a year of delivered mail would be.
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mailflow.config import Shared  # noqa: E402
from mailflow.model import KEY_HEADER, NewDraft, SyncCache, Written, message_id  # noqa: E402

ME = "me@bench.example"
NOW = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
WATCH_DAYS = 7  # the oldest thank-you still watched was written this long ago


def company(i: int) -> str:
    return f"company{i}.example"


def draft(i: int, n: int) -> tuple[NewDraft, Written]:
    """Draft ``n`` (0-2) to application ``i``: a thank-you to one of its interviewers."""
    key = f"thank_you.{i:05d}{n}"
    to = f"person{n}.{i}@{company(i)}"
    written_at = NOW - timedelta(days=WATCH_DAYS) + timedelta(minutes=(i * 3 + n) % (WATCH_DAYS * 1440 - 60))
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = ME, to, f"Thank you for the interview at Company{i}"
    msg["Date"], msg["Message-ID"] = format_datetime(written_at), message_id(key, ME)
    msg[KEY_HEADER] = key
    msg.set_content(f"Dear Person {n},\n\nThank you for the conversation about the role.\n\nMe\n")
    return NewDraft(msg, key), Written(key, None, to, str(msg["Subject"]), written_at)


def folder_mail(count: int, applications: int, *, sent: bool, rng: random.Random) -> list[tuple[bytes, datetime]]:
    """A year of mail: (raw message, when it arrived), 2 % of it from or to the companies."""
    out = []
    for j in range(count):
        when = NOW - timedelta(seconds=rng.randrange(365 * 86400))
        other = (f"person{j % 3}.{j % max(applications, 1)}@{company(j % max(applications, 1))}"
                 if j % 50 == 0 else f"someone{j}@elsewhere{j % 97}.example")
        msg = EmailMessage()
        msg["From"], msg["To"] = (ME, other) if sent else (other, ME)
        msg["Subject"] = f"Message {j}"
        msg["Date"], msg["Message-ID"] = format_datetime(when), make_msgid(domain="bench.example")
        msg.set_content("Hello.\n")
        out.append((msg.as_bytes(), when))
    return out


def write_maildir(path: Path, mail: list[tuple[bytes, datetime]], owner: tuple[int, int] | None = None) -> None:
    """Files in ``path/cur`` dated when they arrived (what a delivery agent leaves)."""
    for sub in ("cur", "new", "tmp"):
        (path / sub).mkdir(parents=True, exist_ok=True)
        if owner:
            os.chown(path / sub, *owner)
    for j, (raw, when) in enumerate(mail):
        name = path / "cur" / f"{int(when.timestamp())}.M{j}P1.bench:2,S"
        name.write_bytes(raw)
        os.utime(name, (when.timestamp(), when.timestamp()))
        if owner:
            os.chown(name, *owner)


def client_sends(user_send, drafts: list[tuple[NewDraft, Written]], share: float) -> None:
    """The user sends ``share`` of the drafts from their client."""
    for d, _ in drafts[:: max(1, int(1 / share))]:
        user_send(d)


def rewritten(d: NewDraft, when: datetime) -> EmailMessage:
    """The message a client sends: its own Message-ID and Date, no X- headers."""
    msg = EmailMessage()
    for name in ("From", "To", "Subject"):
        msg[name] = d.message[name]
    msg["Date"], msg["Message-ID"] = format_datetime(when), make_msgid(domain="client.example")
    msg.set_content(d.message.get_content())
    return msg


def ask(open_mailbox, cache: SyncCache, written: list[Written], applications: int) -> tuple[float, dict]:
    """One run's questions to a mailbox opened afresh with the cache as stored; (seconds, states)."""
    stored = SyncCache(data=json.loads(json.dumps(cache.data)))
    start = time.perf_counter()
    box = open_mailbox(stored)
    states = box.statuses(written)
    replies = box.replies_since(NOW - timedelta(days=WATCH_DAYS),
                                domains=tuple(company(i) for i in range(applications)), addresses=())
    elapsed = time.perf_counter() - start
    getattr(box, "close", lambda: None)()
    cache.data = stored.data
    counts: dict[str, int] = {}
    for s in states.values():
        counts[str(s.state.value)] = counts.get(str(s.state.value), 0) + 1
    counts["replies found"] = len(replies)
    return elapsed, counts


def report(backend: str, folder: int, applications: int, runs: list[tuple[str, float, dict]]) -> None:
    line = "  ".join(f"{label} {seconds:6.2f} s" for label, seconds, _ in runs)
    states = ", ".join(f"{n} {state}" for state, n in sorted(runs[-1][2].items()))
    print(f"{backend:7} folders {folder:6}  applications {applications:5}  drafts {3 * applications:5}   {line}"
          f"   (then: {states})", flush=True)


# ---- Maildir ---------------------------------------------------------------------------------


def bench_maildir(folders: list[int], applications: list[int]) -> None:
    import mailbox as mailboxes

    from mailflow.mailboxes.maildir import MaildirMailbox, MaildirSettings

    for size in folders:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            rng = random.Random(size)
            write_maildir(root / "inbox", folder_mail(size, max(applications), sent=False, rng=rng))
            write_maildir(root / "sent", folder_mail(size, max(applications), sent=True, rng=rng))
            shared = Shared(base_dir=root, me=frozenset({ME}), my_email=ME)
            for apps in applications:
                drafts_dir = root / f"drafts{apps}"
                settings = MaildirSettings(path=drafts_dir.name, sent="sent", inbox="inbox")

                def open_mailbox(cache, settings=settings):
                    return MaildirMailbox(settings, shared, cache)

                cache = SyncCache()
                pairs = [draft(i, n) for i in range(apps) for n in range(3)]
                refs = open_mailbox(cache).create_drafts([d for d, _ in pairs])
                written = [Written(w.key, ref, w.recipient, w.subject, w.written_at)
                           for (_, w), ref in zip(pairs, refs)]
                runs = [("first", *ask(open_mailbox, cache, written, apps)),
                        ("no change", *ask(open_mailbox, cache, written, apps))]
                box = mailboxes.Maildir(drafts_dir, factory=None, create=False)
                sent_box = mailboxes.Maildir(root / "sent", factory=None, create=False)
                files = {ref.backend_id: w.key for w, ref in zip(written, refs)}
                by_key = {key: name for name, key in files.items()}

                def send(d, box=box, sent_box=sent_box, by_key=by_key):
                    box.discard(by_key[d.key])
                    sent_box.add(rewritten(d, NOW))

                client_sends(send, pairs, 0.01)
                runs.append(("1 % sent", *ask(open_mailbox, cache, written, apps)))
                report("maildir", size, apps, runs)
                for name in list(sent_box.keys()):  # the copies, so the next case starts alike
                    if "client.example" in str(sent_box.get_message(name)["Message-ID"]):
                        sent_box.discard(name)


# ---- IMAP ---------------------------------------------------------------------------------------


def bench_imap(folders: list[int], applications: list[int]) -> None:
    from mailflow.mailboxes.imap import ImapMailbox, ImapSettings
    from tests.harness.servers import DOVECOT, Dovecot

    if DOVECOT is None:
        print("imap: dovecot is not installed (apt-get install dovecot-imapd); skipped")
        return
    with tempfile.TemporaryDirectory() as tmp:
        server = Dovecot(Path(tmp) / "dovecot")
        server.start()
        try:
            for size in folders:
                user, password = f"bench{size}@example.org", "bench-7"
                server.add_user(user, password)
                with server.client(user, password) as conn:  # the account's folders exist
                    conn.create('"Sent"')
                    conn.select("INBOX")
                if os.geteuid() == 0:
                    nobody = pwd.getpwnam("nobody")
                    maildir, owner = server.root / "mail" / user / "Maildir", (nobody.pw_uid, nobody.pw_gid)
                else:
                    maildir, owner = server.root / "mail" / user, None
                rng = random.Random(size)
                write_maildir(maildir, folder_mail(size, max(applications), sent=False, rng=rng), owner)
                write_maildir(maildir / ".Sent", folder_mail(size, max(applications), sent=True, rng=rng), owner)
                with server.client(user, password) as conn:  # the server indexes what was delivered
                    conn.select("INBOX", readonly=True)
                    conn.select('"Sent"', readonly=True)
                settings = ImapSettings(host="127.0.0.1", port=server.port, security="none", username=user,
                                        password_cmd=f"echo {password}", drafts_folder="Drafts", sent_folder="Sent")
                shared = Shared(base_dir=Path(tmp), me=frozenset({ME}), my_email=ME)

                def open_mailbox(cache, settings=settings, shared=shared):
                    return ImapMailbox(settings, shared, cache)

                for apps in applications:
                    cache = SyncCache()
                    writer = open_mailbox(cache)
                    pairs = [draft(i, n) for i in range(apps) for n in range(3)]
                    refs = writer.create_drafts([d for d, _ in pairs])
                    writer.close()
                    written = [Written(w.key, ref, w.recipient, w.subject, w.written_at)
                               for (_, w), ref in zip(pairs, refs)]
                    runs = [("first", *ask(open_mailbox, cache, written, apps)),
                            ("no change", *ask(open_mailbox, cache, written, apps))]

                    def send(d, user=user, password=password):
                        with server.client(user, password) as conn:
                            conn.select('"Drafts"')
                            _, (uids,) = conn.uid("SEARCH", "HEADER", KEY_HEADER, f'"{d.key}"')
                            for uid in uids.split():
                                conn.uid("STORE", uid, "+FLAGS", r"(\Deleted)")
                            conn.expunge()
                            conn.append('"Sent"', r"(\Seen)", NOW, rewritten(d, NOW).as_bytes())

                    client_sends(send, pairs, 0.01)
                    runs.append(("1 % sent", *ask(open_mailbox, cache, written, apps)))
                    report("imap", size, apps, runs)
                    with server.client(user, password) as conn:  # the next case starts without them
                        conn.delete('"Drafts"')
                        conn.select('"Sent"')
                        _, (uids,) = conn.uid("SEARCH", "HEADER", "Message-ID", "client.example")
                        for uid in uids.split():
                            conn.uid("STORE", uid, "+FLAGS", r"(\Deleted)")
                        conn.expunge()
        finally:
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backends", nargs="+", default=["maildir", "imap"])
    parser.add_argument("--folders", type=int, nargs="+", default=[100, 10_000, 50_000])
    parser.add_argument("--applications", type=int, nargs="+", default=[10, 100, 1000])
    args = parser.parse_args()
    print(f"a run's questions to the mailbox: statuses of every pending draft, and one reply search for "
          f"every company since {WATCH_DAYS} days ago; inbox and sent folders hold a year of mail\n", flush=True)
    if "maildir" in args.backends:
        bench_maildir(args.folders, args.applications)
    if "imap" in args.backends:
        bench_imap(args.folders, args.applications)


if __name__ == "__main__":
    main()
