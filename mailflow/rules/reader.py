"""The second reader of recruiters' mail: a linear model over word and character n-grams.
Pure: no I/O, no clock; the model is handed in (``mailflow.inbox_model`` loads the shipped one).

``rules.inbox.classify`` reads first. This reader is asked for every message the rules did not
read as a rejection or an offer and whose headers did not decide: where the rules fall through
(another human ``reply``, or software nobody understood) it decides above its class's threshold,
and over any other class the rules chose only when very sure (``Model.overrule``). It reads the
SAME text the rules read: the subject and what the sender wrote,
quoted history removed. ``features`` is the one featuriser, used by the training script
(``bench/inbox/train.py``) and at run time alike.

The features of a message, each counted once:

- ``w:word`` every word (lower case, accents kept) and ``b:word word`` every pair of
  neighbouring words in one sentence;
- ``c:gram`` the character 4-grams of each word padded with spaces (" offe", "ffer", "fer "):
  the stem an inflected or compound word shares with its neighbours ("Angebot" in
  "Arbeitsangebot", "seleccion" in "seleccionado" and "seleccionada");
- ``h:sign`` signs of the envelope the rules read too: the message answers a thread, comes
  from software (a no-reply or tracking-system address, Auto-Submitted), or from a mailing list.

The model scores each class as bias + the sum of its weights over the message's features,
divided by the square root of their number, and turns the scores into probabilities (softmax).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from mailflow.patterns import lazy

#: a word: letters and digits, inner apostrophes and hyphens kept ("don't", "e-mail")
_WORD = lazy(r"[^\W_]+(?:['’-][^\W_]+)*")
#: where a pair of words must not be made across: the end of a sentence or a line
_BREAK = lazy(r"[.!?;:\n]+")
#: a number says little by its value: every run of digits is one symbol
_DIGITS = lazy(r"\d+")


def features(subject: str, text: str, signs: Iterable[str] = ()) -> list[str]:
    """The features of one message (sorted, each once): ``subject`` and ``text`` are what the
    rules read, ``signs`` the envelope's (``threaded``, ``software``, ``listed``)."""
    found: set[str] = {f"h:{s}" for s in signs}
    for part in _BREAK.split(f"{subject}\n{text}"):
        words = [_DIGITS.sub("0", w.lower().replace("’", "'")) for w in _WORD.findall(part)]
        for i, word in enumerate(words):
            found.add(f"w:{word}")
            if i:
                found.add(f"b:{words[i - 1]} {word}")
            padded = f" {word} "
            for j in range(len(padded) - 3):
                found.add(f"c:{padded[j:j + 4]}")
    return sorted(found)


@dataclass(frozen=True)
class Model:
    """A trained linear model: for each feature, one weight per class."""

    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: Mapping[str, tuple[float, ...]]
    #: the lowest probability at which the reader decides each class it may decide
    thresholds: Mapping[str, float]
    #: the lowest probability at which the reader overrules a class the rules decided (not a
    #: rejection or an offer): higher than ``thresholds``, the reader must be very sure
    overrule: Mapping[str, float] = field(default_factory=dict)
    #: what the model was trained on (the digest of the labelled sets), and how
    #: "sqrt": the sum is divided by the square root of the number of known features (logistic
    #: regression's input); "none": summed as they are (naive Bayes)
    scale: str = "sqrt"
    trained_on: str = ""
    about: Mapping[str, object] | None = None

    @classmethod
    def from_dict(cls, data: Mapping) -> Model:
        classes = tuple(data["classes"])
        weights = {f: tuple(w) for f, w in data["weights"].items()}
        return cls(classes, tuple(data["bias"]), weights, dict(data["thresholds"]), dict(data.get("overrule", {})),
                   data.get("scale", "sqrt"), data.get("trained_on", ""), data.get("about"))


@dataclass(frozen=True)
class Guess:
    """What the second reader makes of a message: its likeliest class, how sure, and why."""

    kind: str
    probability: float
    #: the words that weighed most for ``kind`` (what ``mailflow inbox`` shows)
    words: tuple[str, ...]
    probabilities: Mapping[str, float]

    def evidence(self) -> str:
        said = f"classifier {self.probability:.2f}"
        return f"{said}: words {', '.join(self.words)}" if self.words else said


def guess(model: Model, found: list[str]) -> Guess:
    """The model's reading of a message whose ``features`` are ``found``."""
    n = len(model.classes)
    known = [(f, model.weights[f]) for f in found if f in model.weights]
    scale = 1.0 if model.scale == "none" else 1 / math.sqrt(len(known)) if known else 0.0
    scores = list(model.bias)
    for _, w in known:
        for k in range(n):
            scores[k] += w[k] * scale
    top = max(scores)
    exp = [math.exp(s - top) for s in scores]
    total = sum(exp)
    probs = {c: e / total for c, e in zip(model.classes, exp)}
    best = max(range(n), key=lambda k: (scores[k], -k))
    return Guess(model.classes[best], probs[model.classes[best]], _why(known, best, n), probs)


def _why(known: list[tuple[str, tuple[float, ...]]], best: int, n: int, shown: int = 3) -> tuple[str, ...]:
    """The words (not the pairs, nor the pieces of words) that most favour class ``best`` over the
    others; words of one or two letters and numbers say nothing to a reader and are not shown."""
    lift = []
    for f, w in known:
        if not f.startswith("w:") or len(f) < 5 or "0" in f:
            continue
        margin = w[best] - sum(w) / n
        if margin > 0:
            lift.append((-margin, f[2:]))
    return tuple(word for _, word in sorted(lift)[:shown])
