"""`mailflow doctor` tells the truth on every backend: a mailbox is "reachable" only
when a request to it succeeded, and every failure is one readable line naming its cause
and the fix (permissions, enabling the API, the daily quota, the login, the network).
Each failure is the real one: the loopback fakes answer with the services' errors, and
an IMAP server that is down is a port on which nothing listens."""

from __future__ import annotations

import re
import socket

from tests.harness import microsoft
from tests.harness.google import google_home
from tests.harness.home import Home

NOW = "2026-12-03T19:00:00-05:00"
#: what a library's raw text looks like; none of it may reach a doctor line
RAW = re.compile(r"Pool\(|object at 0x|Max retries|Caused by|Errno|Traceback|\.\.\.$|HTTPConnection")


def closed_port() -> int:
    with socket.socket() as probe:  # bound, never listening: every connection is refused
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def doctor(home: Home) -> tuple[int, dict[str, str]]:
    """doctor's exit code and its lines, by check name (the last line of a name wins)."""
    result = home.cli("doctor", "--now", NOW)
    lines = {}
    for line in result.output.splitlines():
        match = re.fullmatch(r"(ok |BAD)  ([^:]+): (.*)", line)
        assert match, f"not a doctor line: {line!r}\n{result.output}"
        lines[match[2]] = (match[1].strip(), match[3])
    return result.exit_code, lines


def readable(detail: str) -> None:
    assert not RAW.search(detail), detail
    assert len(detail) < 400, detail


def bad(lines: dict, name: str, *words: str) -> str:
    verdict, detail = lines[name]
    assert verdict == "BAD", (name, detail)
    readable(detail)
    for word in words:
        assert word in detail, (name, word, detail)
    return detail


# ---- Maildir ----------------------------------------------------------------------------------


def test_maildir_a_missing_inbox_folder_names_the_setting_to_fix(home):
    home.write_calendar()
    home.write_config(mail='[mail]\nbackend = "maildir"\n[mail.maildir]\npath = "drafts"\ninbox = "missing"\n')
    code, lines = doctor(home)
    assert code == 2
    bad(lines, "maildir inbox", "no Maildir at", "check [mail.maildir] inbox")
    bad(lines, "mailbox maildir", "1 of 3 checks failed")


def test_maildir_a_folder_that_is_not_a_maildir_says_what_one_holds(home):
    home.write_calendar()
    (home.root / "plain").mkdir()
    home.write_config(mail='[mail]\nbackend = "maildir"\n[mail.maildir]\npath = "drafts"\nsent = "plain"\n')
    code, lines = doctor(home)
    assert code == 2
    bad(lines, "maildir sent", "is not a Maildir", "check [mail.maildir] sent", "cur/ and new/")


# ---- IMAP -------------------------------------------------------------------------------------


def imap_home(home: Home, port: int, password: str = "secret", user: str = "alex") -> Home:
    home.write_calendar()
    home.write_config(mail=f'[mail]\nbackend = "imap"\n[mail.imap]\nhost = "127.0.0.1"\nport = {port}\n'
                           f'security = "none"\nusername = "{user}"\npassword_cmd = "echo {password}"\n')
    return home


def test_imap_a_server_that_is_down_is_the_network_and_says_what_to_check(home):
    code, lines = doctor(imap_home(home, closed_port()))
    assert code == 1
    detail = bad(lines, "imap folders", "cannot connect to the IMAP server", "Connection refused",
                 "check [mail.imap] host, port and security")
    assert "reachable" not in detail
    bad(lines, "mailbox imap", "not reachable")


def test_imap_a_refused_login_says_to_check_the_user_and_password(home, dovecot):
    dovecot.add_user("dora", "right")
    code, lines = doctor(imap_home(home, dovecot.port, password="wrong", user="dora"))
    assert code == 2
    bad(lines, "mailbox imap", "IMAP login to 127.0.0.1", "failed", "check [mail.imap] username and password_cmd")
    assert not any(verdict == "ok" and name.startswith("imap") for name, (verdict, _) in lines.items())


# ---- Gmail ------------------------------------------------------------------------------------


def test_gmail_an_api_that_is_not_enabled_says_to_enable_it_on_every_folder_line(google, tmp_path):
    home = google_home(tmp_path, google)
    google.fail("messages.list", 403, reason="accessNotConfigured", times=20)
    code, lines = doctor(home)
    assert code == 1
    for folder in ("sent", "inbox", "spam"):
        bad(lines, f"gmail {folder}", "HTTP 403", "not enabled", "enable the API", "docs/google.md")
    bad(lines, "mailbox gmail", "checks failed")


def test_gmail_a_spent_daily_quota_says_when_it_comes_back(google, tmp_path):
    home = google_home(tmp_path, google)
    google.fail("messages.list", 403, reason="dailyLimitExceeded", times=20)
    code, lines = doctor(home)
    assert code == 1
    bad(lines, "gmail sent", "dailyLimitExceeded", "daily quota is used up", "midnight Pacific time")


def test_gmail_a_forbidden_folder_names_the_permissions_and_the_api(google, tmp_path):
    home = google_home(tmp_path, google)
    google.fail("messages.list", 403, reason="forbidden", times=1)
    code, lines = doctor(home)
    assert code == 1
    bad(lines, "gmail sent", "HTTP 403", "permission", "mailflow auth google", "API is enabled")
    assert lines["gmail inbox"][0] == "ok"


def test_gmail_a_login_without_the_permission_says_to_log_in_again(google, tmp_path):
    home = google_home(tmp_path, google)
    google.fail("messages.list", 403, reason="insufficientPermissions", times=20)
    code, lines = doctor(home)
    assert code == 2
    bad(lines, "mailbox gmail", "does not allow this", "mailflow auth google", "grant every permission")


def test_gmail_a_token_endpoint_that_is_down_is_the_network_not_the_login(google, tmp_path):
    home = google_home(tmp_path, google)
    config = home.config.read_text()
    home.config.write_text(config.replace(google.token_uri, f"http://127.0.0.1:{closed_port()}/token"))
    code, lines = doctor(home)
    assert code == 1
    detail = bad(lines, "gmail sent", "could not reach Google", "the connection was refused",
                 "check the network connection")
    assert "mailflow auth" not in detail
    bad(lines, "mailbox gmail", "not reachable")


def test_gmail_an_api_that_is_down_is_the_network(google, tmp_path):
    home = google_home(tmp_path, google)
    config = home.config.read_text()
    head, mail = config.split("[mail.gmail]")  # the calendar keeps its endpoint
    mail = mail.replace(f'endpoint = "{google.url}"', f'endpoint = "http://127.0.0.1:{closed_port()}/"')
    home.config.write_text(head + "[mail.gmail]" + mail)
    code, lines = doctor(home)
    assert code == 1
    bad(lines, "gmail sent", "cannot reach Google", "the connection was refused", "check the network connection")


# ---- Outlook ----------------------------------------------------------------------------------


def outlook_home(tmp_path, graph) -> Home:
    home = Home(tmp_path)
    microsoft.write_outlook_config(home, graph)
    microsoft.auth_outlook(home, graph)
    return home


def test_outlook_a_forbidden_folder_names_the_permission_to_add(graph, tmp_path):
    home = outlook_home(tmp_path, graph)
    graph.inject(r"/me/mailFolders/sentitems", 403, times=2)
    code, lines = doctor(home)
    assert code == 1
    bad(lines, "outlook sent", "HTTP 403", "lacks a permission", "Mail.ReadWrite", "mailflow auth outlook")
    assert lines["outlook drafts"][0] == "ok"
    bad(lines, "mailbox outlook", "checks failed")


def test_outlook_without_a_login_says_to_log_in(graph, tmp_path):
    home = Home(tmp_path)
    microsoft.write_outlook_config(home, graph)
    code, lines = doctor(home)
    assert code == 2
    bad(lines, "mailbox outlook", "not logged in", "mailflow auth outlook")


def test_outlook_a_login_service_that_is_down_is_the_network(graph, tmp_path):
    home = outlook_home(tmp_path, graph)
    config = home.config.read_text()
    home.config.write_text(config.replace(graph.authority, f"https://127.0.0.1:{closed_port()}/{graph.tenant}"))
    code, lines = doctor(home)
    assert code == 1
    bad(lines, "outlook drafts", "cannot reach the Microsoft login service", "the connection was refused",
        "check the network connection")
    bad(lines, "mailbox outlook", "not reachable")


def test_outlook_a_graph_that_is_down_is_the_network(graph, tmp_path):
    home = outlook_home(tmp_path, graph)
    home.write_calendar()  # a calendar file: only the mailbox waits for Graph
    home.write_config(mail=microsoft.outlook_mail(graph), profile=microsoft.PROFILE)
    config = home.config.read_text()
    home.config.write_text(config.replace(graph.graph_url, f"http://127.0.0.1:{closed_port()}/v1.0"))
    code, lines = doctor(home)
    assert code == 1
    bad(lines, "outlook drafts", "cannot reach http://127.0.0.1:", "the connection was refused",
        "check the network connection")
    bad(lines, "mailbox outlook", "not reachable")
