"""The package reads like the pipeline: imports point down, the rules are pure, no cycles,
and one registry lists every backend (STYLE.md)."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import sys
import textwrap

import pytest

from mailflow import config as configuration
from mailflow import registry
from mailflow.errors import ConfigError
from tests.harness.import_graph import PACKAGE, cycles, graph, imports_of, modules

#: each module's layer; an import may only go to the same layer or a lower one
LAYERS = [
    ("mailflow", "mailflow.errors", "mailflow.untrusted", "mailflow.model", "mailflow.clock", "mailflow.config",
     "mailflow.registry", "mailflow.reports", "mailflow.proofread.names", "mailflow.settings"),
    ("mailflow.rules",),
    ("mailflow.store", "mailflow.lock", "mailflow.compose", "mailflow.proofread", "mailflow.providers"),
    ("mailflow.calendars", "mailflow.mailboxes"),
    ("mailflow.engine",),
    ("mailflow.commands",),
    ("mailflow.show", "mailflow.cli", "mailflow.__main__"),
]

#: what a rule may import besides the model and the settings: the standard library's
#: pure modules, and the date libraries the timeline reads with
RULES_MAY_IMPORT = {
    "__future__", "re", "datetime", "dataclasses", "collections", "collections.abc", "enum", "typing",
    "functools", "calendar", "unicodedata", "itertools", "math", "email.utils", "dateparser", "holidays",
    "mailflow.model", "mailflow.config", "mailflow.errors", "mailflow.untrusted",
}
#: calls that read or write the world, or read the clock
IO_CALLS = {"open", "input", "print", "time.time", "time.monotonic", "time.sleep", "datetime.now",
            "datetime.utcnow", "datetime.today", "date.today", "os.system", "os.popen", "subprocess.run",
            "subprocess.Popen", "urllib.request.urlopen", "sqlite3.connect", "socket.socket"}
IO_METHODS = {"read_text", "read_bytes", "write_text", "write_bytes", "open", "urlopen", "unlink", "mkdir"}


def layer(module: str) -> int:
    best = None
    for number, names in enumerate(LAYERS):
        for name in names:
            if (module == name or module.startswith(name + ".")) and (best is None or len(name) > best[1]):
                best = (number, len(name))
    assert best is not None, f"{module} is in no layer: add it to LAYERS"
    return best[0]


def test_every_import_points_down_the_pipeline():
    upward = [
        f"{source} (layer {layer(source)}) imports {target} (layer {layer(target)})"
        for source, targets in graph().items() for target in targets if layer(target) > layer(source)
    ]
    assert upward == []


def test_there_is_no_import_cycle():
    assert cycles() == []


RULES = sorted(name for name in modules() if name.startswith("mailflow.rules."))


@pytest.mark.parametrize("name", RULES)
def test_a_rule_imports_only_the_model_the_settings_and_pure_libraries(name):
    assert _forbidden_imports(imports_of(modules()[name])) == []


def _forbidden_imports(found: set[str]) -> list[str]:
    allowed = RULES_MAY_IMPORT | {"mailflow.rules"}
    return sorted(i for i in found
                  if i != "mailflow" and not any(i == a or i.startswith(a + ".") for a in allowed))


@pytest.mark.parametrize("name", RULES)
def test_a_rule_does_no_io_and_reads_no_clock(name):
    assert _io_calls(modules()[name].read_text(encoding="utf-8")) == []


def _io_calls(source: str) -> list[str]:
    calls = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            called = ast.unparse(node.func)
            method = node.func.attr if isinstance(node.func, ast.Attribute) else ""
            if called in IO_CALLS or called.split(".")[-2:] == ["datetime", "now"] or method in IO_METHODS:
                calls.append(f"line {node.lineno}: {ast.unparse(node)[:60]}")
    return calls


def test_the_checks_see_a_rule_that_reaches_for_the_store_or_the_world(tmp_path):
    # the checks above would pass on an empty graph: show they catch a real violation
    leak = tmp_path / "leak.py"
    leak.write_text("from mailflow.store import Store\nimport sqlite3\nfrom pathlib import Path\n"
                    "def f(p):\n    return Path(p).read_text(), datetime.now()\n")
    found = imports_of(leak, "mailflow.rules.leak")
    assert _forbidden_imports(found) == ["mailflow.store", "mailflow.store.Store", "pathlib", "pathlib.Path",
                                         "sqlite3"]
    assert len(_io_calls(leak.read_text())) == 2
    assert layer("mailflow.store") > layer("mailflow.rules.leak")


def test_the_package_files_are_the_modules_the_graph_knows():
    on_disk = {p for p in PACKAGE.rglob("*.py")}
    assert on_disk == set(modules().values())


# ---- one registry ---------------------------------------------------------------------------


@pytest.mark.parametrize("table, name", [(registry.CALENDARS, n) for n in registry.CALENDARS]
                         + [(registry.MAILBOXES, n) for n in registry.MAILBOXES])
def test_each_backend_has_its_settings_as_its_schema_and_takes_them_first(table, name):
    entry = table[name]
    backend = registry.load(entry.spec, Exception, name)
    assert dataclasses.is_dataclass(entry.settings)
    params = inspect.signature(backend.__init__).parameters
    assert list(params)[1:3] == ["settings", "shared"]
    assert params["settings"].annotation in (entry.settings, entry.settings.__name__)


def test_reading_a_config_imports_no_backend():
    # the settings of every backend are read from light modules: no client library, no backend
    code = textwrap.dedent("""
        import sys
        from mailflow import config
        config.loads('[mail]\\nbackend = "imap"\\n[mail.imap]\\nhost = "h"\\n[mail.gmail]\\n'
                     '[mail.outlook]\\nschedule_send = true\\n[providers.google]\\nclient_secrets = "s.json"\\n'
                     '[[calendars]]\\ntype = "caldav"\\nurl = "https://x"\\n[[calendars]]\\ntype = "google"\\n'
                     '[[calendars]]\\ntype = "outlook"\\n[[calendars]]\\ntype = "ics"\\npath = "a.ics"\\n')
        loaded = sorted(m for m in sys.modules if m.startswith("mailflow.") and m.rsplit(".", 1)[-1]
                        in {"imap", "gmail", "outlook", "maildir", "caldav", "google", "ics", "login", "api", "graph"})
        print(loaded)
    """)
    import subprocess

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_the_registry_is_the_one_list_the_config_reads(tmp_path, monkeypatch):
    # a new calendar type is one module and one registry line: the config accepts it
    # with its own settings, and the engine opens it, without touching config.py
    module = tmp_path / "extra_source.py"
    module.write_text(textwrap.dedent("""
        from dataclasses import dataclass
        from mailflow.calendars.base import CalendarSource, FetchResult
        from mailflow.settings.calendars import CalendarSettings

        @dataclass
        class Settings(CalendarSettings):
            greeting: str = ""

        class ExtraSource(CalendarSource):
            def __init__(self, settings, shared):
                super().__init__(settings.label)
                self.greeting = settings.greeting

            def fetch(self, start, end, cache):
                return FetchResult([])
    """))
    monkeypatch.syspath_prepend(str(tmp_path))
    import extra_source

    monkeypatch.setitem(registry.CALENDARS, "extra", registry.Entry(extra_source.Settings, "extra_source:ExtraSource"))
    cfg = configuration.loads('[[calendars]]\ntype = "extra"\ngreeting = "hello"\n')
    source = registry.open_source(cfg.calendars[0], cfg.shared)
    assert source.greeting == "hello"
    with pytest.raises(ConfigError, match="unknown setting"):
        configuration.loads('[[calendars]]\ntype = "extra"\npath = "x.ics"\n')
    sys.modules.pop("extra_source", None)


def test_an_unknown_backend_is_refused_listing_the_registered_ones():
    with pytest.raises(ConfigError) as caught:
        configuration.loads('[mail]\nbackend = "pigeon"\n')
    assert all(name in caught.value.message for name in registry.MAILBOXES)
    with pytest.raises(ConfigError) as caught:
        configuration.loads('[[calendars]]\ntype = "fax"\n')
    assert all(name in caught.value.message for name in registry.CALENDARS)


def test_the_auth_command_offers_the_registered_logins():
    from click.testing import CliRunner

    from mailflow.cli import main

    result = CliRunner().invoke(main, ["auth", "--help"])
    assert all(name in result.output for name in registry.LOGINS)
