"""What a quiet run's stamp watches (``engine.stamp.inputs``): every local file a run
reads, and no stamp at all when a calendar or the mailbox is on a server."""

from __future__ import annotations

from mailflow.config import loads
from mailflow.engine import stamp

PROFILE = '[profile]\nname = "Alex"\nemail = "alex@candidate.example"\n'


def test_a_local_home_watches_its_config_state_calendar_and_maildir_folders(tmp_path):
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "thank_you.txt.j2").write_text("x")
    config = loads(PROFILE + '[[calendars]]\ntype = "ics"\npath = "cal.ics"\n'
                   '[mail]\nbackend = "maildir"\n[mail.maildir]\npath = "drafts"\ninbox = "in"\n'
                   '[state]\npath = "state.db"\n[templates]\npath = "tpl"\n', source=tmp_path / "config.toml")
    watched = {str(p.relative_to(tmp_path)) if p.is_relative_to(tmp_path) else str(p) for p in stamp.inputs(config)}
    assert {"config.toml", "state.db", "state.db-wal", "cal.ics", "drafts/cur", "drafts/new", "in/cur", "in/new",
            "tpl", "tpl/thank_you.txt.j2", "/etc/localtime"} == watched


def test_a_calendar_at_an_address_means_no_stamp(tmp_path):
    config = loads(PROFILE + '[[calendars]]\ntype = "ics"\nurl = "https://calendar.example/secret/basic.ics"\n',
                   source=tmp_path / "config.toml")
    assert stamp.inputs(config) is None


def test_a_mailbox_on_a_server_means_no_stamp(tmp_path):
    config = loads(PROFILE + '[[calendars]]\ntype = "ics"\npath = "cal.ics"\n'
                   '[mail]\nbackend = "imap"\n[mail.imap]\nhost = "imap.example"\nusername = "alex"\n',
                   source=tmp_path / "config.toml")
    assert stamp.inputs(config) is None
