"""What the wheel holds: every package, the shipped templates and the starter config,
and an installed wheel renders a note (not only a source tree)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile

import pytest

from tests.harness.calendars import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_package_directory_is_listed_for_the_wheel():
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    on_disk = {".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "mailflow").rglob("__init__.py")}
    assert listed - {"mailflow.templates"} == on_disk
    assert PYPROJECT["tool"]["setuptools"]["package-dir"]["mailflow.templates"] == "templates"


def test_init_writes_a_config_of_the_users_own_not_the_example(tmp_path):
    from click.testing import CliRunner

    from mailflow import config
    from mailflow.cli import main

    target = tmp_path / "config.toml"
    result = CliRunner().invoke(main, ["init", "--path", str(target), "--name", "Alex Candidate",
                                       "--email", "alex@candidate.example", "--calendar", str(tmp_path / "cal.ics")])
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert text != (REPO / "config.example.toml").read_text(encoding="utf-8")
    assert "examples/" not in text and "example calendar" not in text
    loaded = config.load(target)
    assert loaded.profile.email == "alex@candidate.example" and loaded.calendars[0].path == str(tmp_path / "cal.ics")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(out), str(REPO)], check=True, capture_output=True)
    (found,) = out.glob("*.whl")
    return found


def test_the_wheel_holds_the_templates_and_the_starter_config(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in (REPO / "templates").glob("*.txt"):
        assert f"mailflow/templates/{template.name}" in names
    assert "mailflow/starter.toml" in names
    starter = zipfile.ZipFile(wheel).read("mailflow/starter.toml").decode()
    assert starter == (REPO / "mailflow" / "starter.toml").read_text(encoding="utf-8")
    # the inbox classifier's model, read at run time from beside mailflow/inbox_model.py
    assert zipfile.ZipFile(wheel).read("mailflow/inbox_model.json") == (REPO / "mailflow" / "inbox_model.json").read_bytes()


def test_an_installed_wheel_renders_the_example(wheel, tmp_path):
    # unpacked on its own path, ahead of the source tree: the templates must come from the wheel
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    (tmp_path / "run").mkdir()
    script = (
        "import mailflow, sys\n"
        "from mailflow.compose import templates_dir\n"
        "assert str(templates_dir()) == sys.argv[1] + '/mailflow/templates', templates_dir()\n"
        "assert mailflow.__file__.startswith(sys.argv[1]), mailflow.__file__\n"
        "from mailflow.cli import main\n"
        "main(['init', '--path', 'config.toml', '--email', 'alex@candidate.example', '--calendar', sys.argv[2]])\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(site), str(REPO / "examples" / "interviews.ics")],
                            cwd=tmp_path / "run",
                            env={"PYTHONPATH": str(site), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    config = tmp_path / "run" / "config.toml"
    env = {"PYTHONPATH": str(site), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    for args in (["scan"], ["preview", "Acme"]):
        run = subprocess.run([sys.executable, "-m", "mailflow", "--config", str(config), *args,
                              "--now", "2026-11-25T18:00"],
                             cwd=tmp_path / "run", capture_output=True, text=True, env=env)
    assert "Subject: Thank you" in run.stdout, run.stdout + run.stderr
