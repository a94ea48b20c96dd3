"""LemmInflect's lemma and inflection tables are read as kept text, a word parsed when it
is looked up (``lexicon._LemmaTable``, ``lexicon._InflectionTable``), and numpy, which LemmInflect imports for its model of words it
does not list, loads only when that model is used: a run that proofreads mailflow's own
drafts builds neither whole table nor numpy, and every answer is the library's own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from lemminflect.codecs.InflectionLUCodec import InflectionLUCodec
from lemminflect.codecs.LemmaLUCodec import LemmaLUCodec
from lemminflect.core.Inflections import Inflections
from lemminflect.core.Lemmatizer import Lemmatizer

from mailflow import lexicon

REPO = Path(__file__).resolve().parents[2]


def test_the_table_answers_every_word_as_the_librarys_own_loader_builds_it():
    path = Lemmatizer().lemma_lu_fn
    full = LemmaLUCodec.load(path)
    table = lexicon._LemmaTable.read(path)
    assert len(full) > 50_000
    for word, lemmas in full.items():
        assert table.get(word, {}) == lemmas, word
    for unknown in ("", "zzzword", "aaaa", "zzzz", "Costs", "cost,", "costs ", "\uffff"):
        assert table.get(unknown, {}) == {} and table.get(unknown) is None


def test_the_inflection_table_answers_every_lemma_as_the_librarys_own_loader_builds_it():
    path = Inflections().infl_lu_fn
    full = InflectionLUCodec.load(path)
    table = lexicon._InflectionTable.read(path)
    assert len(full) > 30_000
    for lemma, forms in full.items():  # lemmas of two parts of speech merged, auxiliaries and modals set by hand
        assert table.get(lemma, {}) == forms, lemma
    assert table.get("be", {})["VBZ"] == ("is",) and table.get("can", {})["VBD"] == ("could",)
    for unknown in ("", "zzzword", "aaaa", "zzzz", "Go", "go,", "go ", "\uffff"):
        assert table.get(unknown, {}) == {} and table.get(unknown) is None


def test_a_table_that_cannot_be_read_is_left_to_the_library(tmp_path):
    (tmp_path / "bad.csv.gz").write_bytes(b"not gzip")
    for table in (lexicon._LemmaTable, lexicon._InflectionTable):
        assert table.read(tmp_path / "missing.csv.gz") is None
        assert table.read(tmp_path / "bad.csv.gz") is None
        assert table.read(None) is None


LOOK_UP = """\
import json, sys
from mailflow.compose import words
from mailflow.proofread import dictionary
words._lexicon()  # imports LemmInflect as a run does
from lemminflect.codecs.InflectionLUCodec import InflectionLUCodec
from lemminflect.codecs.LemmaLUCodec import LemmaLUCodec
loads = []
for codec in (LemmaLUCodec, InflectionLUCodec):
    codec.load = classmethod(lambda cls, fn, original=codec.load: loads.append(fn) or original.__func__(cls, fn))
found = [words.lemmas("costs"), words.lemmas("zzzword"), words.is_past("went"), dictionary._lexicon_form("safeguarding"),
         words.is_third_person("handles"), words.third_person("handle")]
before = "numpy._core" in sys.modules
import importlib.util
spec_found = importlib.util.find_spec("numpy") is not None  # asked of the stand-in, as other libraries do
found += [words.inflect("blorficate", "VBD"), words.inflect("go", "VBD")]  # the first: the model of unlisted words
print(json.dumps({"found": found, "loads": len(loads), "numpy_before": before, "spec_found": spec_found, "numpy_after": "numpy._core" in sys.modules}))
"""


def test_looking_words_up_builds_neither_whole_table_nor_numpy_until_an_unlisted_word_needs_the_model():
    env = {k: v for k, v in os.environ.items() if k != "PYTHONSTARTUP"}
    done = subprocess.run([sys.executable, "-c", LOOK_UP], env=env, capture_output=True, text=True, check=True,
                          cwd=REPO)
    out = json.loads(done.stdout)
    assert out["found"] == [{"NOUN": ["cost"], "VERB": ["cost"]}, {}, True, "safeguard", True, "handles",
                            "blorficated", "went"]
    assert out["loads"] == 0
    assert out["numpy_before"] is False and out["spec_found"] is True and out["numpy_after"] is True


def test_a_stand_in_module_becomes_the_module_on_first_use(monkeypatch):
    # any module stands for numpy here: the stand-in imports it on the first name it lacks
    monkeypatch.delitem(sys.modules, "colorsys", raising=False)
    stand_in = lexicon._Deferred("colorsys")
    monkeypatch.setitem(sys.modules, "colorsys", stand_in)
    assert stand_in.rgb_to_hsv(1.0, 0.0, 0.0) == (0.0, 1.0, 1.0)
    assert sys.modules["colorsys"] is not stand_in and sys.modules["colorsys"].rgb_to_hsv is stand_in.rgb_to_hsv


def test_a_table_without_a_last_line_break_answers_its_last_word(tmp_path):
    import gzip

    path = tmp_path / "lemma_lu.csv.gz"
    path.write_bytes(gzip.compress(b"able,adj,able\ncost,noun,cost\ncost,verb,cost\ncosts,noun,cost"))
    table = lexicon._LemmaTable.read(path)
    assert table.get("costs") == LemmaLUCodec.load(str(path))["costs"]
    assert table.get("cost") == LemmaLUCodec.load(str(path))["cost"] and table.get("able")
    assert table.get("aaa") is None and table.get("zzz") is None and table.get("cos") is None
    empty = tmp_path / "empty.csv.gz"
    empty.write_bytes(gzip.compress(b""))
    assert lexicon._LemmaTable.read(empty).get("cost") is None
