"""The package reads like the pipeline: imports point down, the rules are pure, no cycles,
and one registry lists every backend, each run through every contract by a class in
tests/backends; no test module imports another (STYLE.md)."""

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
    ("mailflow", "mailflow.errors", "mailflow.untrusted", "mailflow.safefiles", "mailflow.lexicon", "mailflow.model", "mailflow.clock",
     "mailflow.config", "mailflow.registry", "mailflow.reports", "mailflow.reports_other",
     "mailflow.proofread.names", "mailflow.settings",
     "mailflow.stampfile"),
    ("mailflow.rules",),
    ("mailflow.store", "mailflow.lock", "mailflow.compose", "mailflow.proofread", "mailflow.providers",
     "mailflow.inbox_model"),
    ("mailflow.calendars", "mailflow.mailboxes"),
    ("mailflow.engine",),
    ("mailflow.commands",),
    ("mailflow.show", "mailflow.cli", "mailflow.__main__", "mailflow.quick"),
]

#: what a rule may import besides the model and the settings: the standard library's
#: pure modules, and the date libraries the timeline reads with
RULES_MAY_IMPORT = {
    "__future__", "re", "datetime", "dataclasses", "collections", "collections.abc", "enum", "typing",
    "functools", "calendar", "unicodedata", "itertools", "math", "email.utils", "dateparser", "holidays", "difflib",
    "hashlib",  # fingerprints of text (rules.sent): computation, no I/O
    "mailflow.patterns",  # regular expressions compiled on first use: computation, no I/O
    "mailflow.model", "mailflow.config", "mailflow.errors", "mailflow.untrusted",
    # the parts of speech of English words (LemmInflect's tables shipped in the package), looked up
    # like dateparser's and holidays' data: whether a word before a name is a noun (rules.names)
    "mailflow.lexicon",
    # decoding a received message and turning its HTML into text is parsing, no I/O (rules.letter)
    "email", "email.policy", "email.message", "email.parser", "inscriptis", "html",
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


# ---- the tests' own shape -------------------------------------------------------------------

TESTS = PACKAGE.parent / "tests"
BENCH = PACKAGE.parent / "bench"


def test_no_test_module_imports_another():
    """What two test files share lives in tests/harness (and the contracts a backend runs
    in tests/contracts): a test module, or conftest.py, is never imported, not even by
    the bench scripts."""
    imported = []
    for path in sorted([*TESTS.rglob("*.py"), *BENCH.glob("*.py")]):
        here = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        for name in sorted(imports_of(path, here)):
            if any(part.startswith("test_") or part == "conftest" for part in name.split(".")):
                imported.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    assert imported == []


def test_the_check_sees_a_test_module_importing_another(tmp_path):
    # the check above would pass if imports_of never saw test modules: show it does
    leak = tmp_path / "test_leak.py"
    leak.write_text("from tests.cli.test_run import NOW\nimport conftest\nfrom tests.harness.home import Home\n")
    found = imports_of(leak, "tests.cli.test_leak")
    assert {"tests.cli.test_run", "conftest"} <= found and "tests.harness.home" in found


#: each contract (a class in tests/contracts) and the registry table whose every entry must run it
CONTRACTS = {"CalendarSourceContract": registry.CALENDARS, "MailboxContract": registry.MAILBOXES,
             "UserActionScenarios": registry.MAILBOXES}


def backend_classes() -> dict[str, set[str]]:
    """Contract -> the ``backend`` names of the classes in tests/backends that pytest
    collects (``Test...``, not ``__test__ = False``) and that subclass it."""
    found: dict[str, set[str]] = {name: set() for name in CONTRACTS}
    for path in sorted((TESTS / "backends").glob("test_*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(node, ast.ClassDef) or not node.name.startswith("Test"):
                continue
            settings = {target.id: stmt.value.value for stmt in node.body if isinstance(stmt, ast.Assign)
                        for target in stmt.targets
                        if isinstance(target, ast.Name) and isinstance(stmt.value, ast.Constant)}
            if settings.get("__test__") is False:
                continue
            for base in node.bases:
                if ast.unparse(base).split(".")[-1] in found and "backend" in settings:
                    found[ast.unparse(base).split(".")[-1]].add(settings["backend"])
    return found


@pytest.mark.parametrize("contract, name", [(contract, name) for contract, table in CONTRACTS.items()
                                            for name in table])
def test_every_registered_backend_has_a_class_in_tests_backends_running_each_contract(contract, name):
    assert name in backend_classes()[contract], (
        f"no class in tests/backends subclasses {contract} with backend = {name!r}")


def test_the_contracts_are_collected_only_through_their_subclasses():
    for path in sorted((TESTS / "contracts").glob("*.py")):
        assert not path.name.startswith("test_"), path
        classes = [n.name for n in ast.parse(path.read_text(encoding="utf-8")).body if isinstance(n, ast.ClassDef)]
        assert not [c for c in classes if c.startswith("Test")], path
    assert set(CONTRACTS) <= {n.name for p in (TESTS / "contracts").glob("*.py")
                              for n in ast.parse(p.read_text(encoding="utf-8")).body if isinstance(n, ast.ClassDef)}

