"""LemmInflect's lemma table is kept as a copy in the user's cache folder (``marshal``'s
form, about four times cheaper to open than the package's table): a later run reads the
copy, and a copy that is not a lemma table is never read."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
from pathlib import Path

LOOK_UP = "import json; from mailflow.compose import words; print(json.dumps([words.lemmas('costs'), words.lemmas('zzzword')]))"


def look_up(cache: Path) -> list:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    done = subprocess.run([sys.executable, "-c", LOOK_UP], env=env, capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[2])
    return json.loads(done.stdout)


def test_a_later_run_reads_the_lemma_table_from_its_copy(tmp_path):
    first = look_up(tmp_path)
    assert first[0] == {"NOUN": ["cost"], "VERB": ["cost"]} and first[1] == {}
    (copy,) = (tmp_path / "mailflow" / "lexicon").glob("lemmas-*.marshal")
    assert copy.stat().st_mode & 0o777 == 0o600
    table = marshal.loads(copy.read_bytes())
    copy.write_bytes(marshal.dumps({**table, "zzzword": {"NOUN": ("zzzword",)}}))
    assert look_up(tmp_path) == [first[0], {"NOUN": ["zzzword"]}]


def test_a_copy_that_is_not_a_lemma_table_is_built_again(tmp_path):
    look_up(tmp_path)
    (copy,) = (tmp_path / "mailflow" / "lexicon").glob("lemmas-*.marshal")
    copy.write_bytes(marshal.dumps(["not", "a", "table"]))
    assert look_up(tmp_path)[0] == {"NOUN": ["cost"], "VERB": ["cost"]}
    assert isinstance(marshal.loads(copy.read_bytes()), dict)
