"""LemmInflect's lexicon, opened cheaply: the composer's parts of speech and inflections
(``compose.words``) and the proofreader's word forms (``proofread.dictionary``) share it.

LemmInflect's lemmatizer and inflector are shared objects that load their tables on
first use. Its lemma and inflection tables are read here as kept text (``_LemmaTable``,
``_InflectionTable``), a word parsed when it is looked up, and numpy, which LemmInflect imports for its model of words it does
not list, is a stand-in until that model is used (``_Deferred``). Every answer is the
library's own.
"""

from __future__ import annotations

from functools import lru_cache
from types import ModuleType


@lru_cache(maxsize=1)
def lexicon():
    """LemmInflect, with its lemma and inflection tables read as ``_LemmaTable`` and
    ``_InflectionTable`` (a word's lines parsed when the word is looked up) and numpy, which it imports for its model of words it
    does not list, loaded only when that model is used. LemmInflect's lemmatizer is one
    shared object that loads its whole table on first use unless it already holds one;
    parsing that table line by line took a fifth of a first run's time, importing numpy
    about as much, and a run that proofreads mailflow's own drafts needs neither. The
    inflector is the same: its whole table (17 MiB of objects) for a few verbs."""
    _numpy_on_first_use()
    import lemminflect
    from lemminflect.core.Lemmatizer import Lemmatizer

    from lemminflect.core.Inflections import Inflections

    lemmatizer = Lemmatizer()
    if not hasattr(lemmatizer, "lemma_dict"):
        table = _LemmaTable.read(getattr(lemmatizer, "lemma_lu_fn", None))
        if table is not None:  # else LemmInflect loads its own on first use
            lemmatizer.lemma_dict = table
    inflections = Inflections()
    if not hasattr(inflections, "infl_dict"):
        table = _InflectionTable.read(getattr(inflections, "infl_lu_fn", None))
        if table is not None:  # else LemmInflect loads its own on first use
            inflections.infl_dict = table
    return lemminflect


def _numpy_on_first_use() -> None:
    """Let ``import numpy`` bind a stand-in that imports numpy when one of its names is
    first used (``_Deferred``), unless numpy is loaded already or not installed.
    LemmInflect imports numpy for its model of words it does not list, at import time."""
    import importlib.util
    import sys

    if "numpy" not in sys.modules and (spec := importlib.util.find_spec("numpy")) is not None:
        stand_in = _Deferred("numpy")
        stand_in.__spec__ = spec  # what ``find_spec`` answers for a loaded module (it raises on None)
        sys.modules["numpy"] = stand_in


class _Deferred(ModuleType):
    """A module's stand-in in ``sys.modules``: the first name asked of it that it lacks
    imports the module itself, which then takes its place there; the stand-in answers
    from the module's names from then on. (The standard library's ``LazyLoader`` does
    not do here: Python 3.11's ``import`` reads the module's ``__spec__``, which loads it.)"""

    def __getattr__(self, name: str):
        import importlib
        import sys

        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        module = importlib.import_module(self.__name__)
        self.__dict__.update(module.__dict__)
        return getattr(module, name)


class _LemmaTable:
    """LemmInflect's lemma table (``lemma_lu.csv.gz``: one ``word,category,lemma/lemma``
    line per word and part of speech, sorted by word) as the lemmatizer asks it: ``get``.
    The text is kept whole, a word's first line is found by bisecting the text's lines and
    its lines are parsed by LemmInflect's own codec when it is first asked for, giving the
    ``{upos: lemmas}`` that the library's loader builds for every word up front. (Splitting
    the text into its 80,000 lines cost as much as unpacking it, and a run asks for a few
    hundred words.)"""

    def __init__(self, text: str):
        self._text = text
        self._found: dict[str, dict] = {}

    @classmethod
    def read(cls, path) -> _LemmaTable | None:
        import gzip

        try:
            with open(path, "rb") as f:
                text = gzip.decompress(f.read()).decode()
        except (OSError, TypeError, ValueError, EOFError):
            return None
        return cls(text if text.endswith("\n") or not text else text + "\n")

    def get(self, word: str, default=None):
        found = self._found.get(word)
        if found is None:
            found = self._found[word] = self._parse(word)
        return found if found else default

    def _lines(self, word: str):
        """The lines whose first field is ``word``, in the order of the text: the first
        found by bisection over the starts of lines (the text ends with a line break)."""
        text, low, high = self._text, 0, len(self._text)
        while low < high:  # both are starts of lines (or the end)
            middle = text.rfind("\n", low, (low + high) // 2) + 1 or low
            if _head(text, middle) < word:
                low = text.index("\n", middle) + 1
            else:
                high = middle
        while low < len(text) and _head(text, low) == word:
            end = text.index("\n", low)
            yield text[low:end]
            low = end + 1

    def _parse(self, word: str) -> dict:
        from lemminflect.codecs.LemmaLUCodec import LemmaLUCodec
        from lemminflect.core.LexicalUtils import categoryToUPos

        found: dict = {}
        for line in self._lines(word):
            _, category, forms = LemmaLUCodec.fromString(line)
            found[categoryToUPos(category)] = forms
        return found


class _InflectionTable(_LemmaTable):
    """LemmInflect's inflection table (``infl_lu.csv.gz``: one ``lemma,category,forms``
    line per lemma and part of speech, sorted by lemma) as the inflector asks it: ``get``.
    A lemma's lines are parsed by LemmInflect's own codec when it is first asked for and
    merged in the order of the file, as the library's loader merges them, and the
    auxiliaries and modals the loader sets by hand (``updateForAuxMod``) are its own."""

    def __init__(self, text: str):
        from lemminflect.codecs.InflectionLUCodec import InflectionLUCodec

        super().__init__(text)
        self._found.update(InflectionLUCodec.updateForAuxMod({}))

    def _parse(self, word: str) -> dict:
        from lemminflect.codecs.InflectionLUCodec import InflectionLUCodec

        found: dict = {}
        for line in self._lines(word):
            found.update(InflectionLUCodec.fromString(line)[2])
        return found


def _head(text: str, start: int) -> str:
    """The first field of the line that starts at ``start`` (up to its comma or its end)."""
    end = text.index("\n", start)
    comma = text.find(",", start, end)
    return text[start:comma if comma >= 0 else end]
