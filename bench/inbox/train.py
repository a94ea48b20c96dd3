"""Trains the second inbox reader and measures it by leaving one set out.

    .venv/bin/python bench/inbox/train.py               # leave-one-set-out figures, then write the model
    .venv/bin/python bench/inbox/train.py --loso-only   # the figures only, nothing written
    .venv/bin/python bench/inbox/train.py --changes     # also list every reading the combination changed
    .venv/bin/python bench/inbox/train.py --learner nb  # the same with multinomial naive Bayes
    .venv/bin/python bench/inbox/train.py --check       # exit 1 when the shipped model was not
                                                        # trained on the sets as they are now

Needs the bench extra (``pip install -e '.[bench]'``: scikit-learn) to train with logistic
regression; naive Bayes and ``--check`` need nothing beyond mailflow.

The sets are every directory of ``bench/inbox`` with a ``labels.toml`` (``bench/inbox`` itself,
``heldout`` ... ``heldout8``): nine sets written by different hands. Each message is read as
the engine reads it (``rules.letter.read_letter``, then ``rules.inbox.classify``) and featurised
by ``rules.inbox.message_features``, the function the run uses.

Leave-one-set-out: for each set, a model is trained on the other sets and scores that set.
The thresholds it decides with are chosen on those other sets only, by the same leave-one-set-out
among them (an inner fold), never on the set being scored. Two kinds of threshold: where the
rules fall through (``choose``), and where the reader overrules a class the rules decided that is
neither a rejection nor an offer (``choose_overrule``: higher, the reader must be very sure).
Printed, summed over the left-out sets: per-class precision and recall of (a) the rules alone,
(b) the classifier alone (its likeliest class), (c0) the rules with the classifier deciding only
where they fall through, (c) the same with the very sure classifier overruling them. The rules
were tuned on the sets: (a) and the rules' part of (c) are tuning figures.

The shipped model (``mailflow/inbox_model.json``) is trained on all the sets, with both kinds of
thresholds chosen on the left-out folds' predictions, and without the features whose every
weight is nearer zero than ``PRUNE`` (0.1: the figures are the same with and without them).
Training is deterministic: the same sets give the same file. Fitted models are kept in
``CACHE`` (keyed by the training messages' labels and features), so a change to the rules alone
re-scores in seconds; ``--no-cache`` fits everything again.
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import math
import sys
import tempfile
import time
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from mailflow.model import MailClass  # noqa: E402
from mailflow.rules import reader  # noqa: E402
from mailflow.rules.inbox import CORROBORATED, OVERRULED, UNSURE, classify, message_features, second_reading, weak_cue  # noqa: E402
from mailflow.rules.letter import read_letter  # noqa: E402

HERE = ROOT / "bench" / "inbox"
MODEL_FILE = ROOT / "mailflow" / "inbox_model.json"
#: the classes the reader learns (the labels' classes; ``automated`` is never a label)
CLASSES = ("rejection", "paused", "offer", "scheduling", "timeline", "receipt", "autoreply", "reply", "bulk")
#: a feature is kept when this many training messages have it
MIN_DF = 2
#: logistic regression's inverse regularisation strength
C = 10.0
#: naive Bayes' smoothing
ALPHA = 0.1
#: logistic regression's iteration limit and tolerance
MAX_ITER = 1000
TOL = 1e-4
#: features whose every weight is nearer zero than this are left out of the model (``pruned``)
PRUNE = 0.1
#: a class no threshold may be found for is never decided
NEVER = 2.0


@dataclass
class Item:
    set: str
    file: str
    want: str
    language: str
    text: str
    rules: str  # the rules' class
    weak: bool  # the rules decided by a weak phrase alone
    features: list[str]
    cues: dict[str, bool]


def set_dirs() -> list[Path]:
    return sorted(p.parent for p in [HERE / "labels.toml", *HERE.glob("*/labels.toml")])


def set_name(d: Path) -> str:
    return "bench/inbox" if d == HERE else d.name


def digest(dirs: list[Path] | None = None) -> str:
    """What the model is trained on: every set's labels and the messages they list."""
    h = hashlib.sha256()
    for d in dirs or set_dirs():
        labels_path = d / "labels.toml"
        h.update(f"{labels_path.relative_to(ROOT)}\0".encode())
        h.update(labels_path.read_bytes())
        for label in tomllib.loads(labels_path.read_text())["message"]:
            h.update(f"\0{label['file']}\0".encode())
            h.update((d / label["file"]).read_bytes())
    return h.hexdigest()


def load() -> list[Item]:
    items = []
    for d in set_dirs():
        for label in tomllib.loads((d / "labels.toml").read_text())["message"]:
            letter = read_letter((d / label["file"]).read_bytes())
            text = letter.text[:20_000]
            reading = classify(letter)
            items.append(Item(set_name(d), label["file"], label["class"], label["language"], text,
                              reading.kind.value, reading.weak, message_features(letter),
                              {k.value: bool(weak_cue(k, text)) for k in CORROBORATED}))
    return items


# ---- learners: each returns the shipped format's dict (classes, bias, weights) ----------------


def vocabulary(train: list[Item]) -> list[str]:
    df = Counter(f for it in train for f in it.features)
    return sorted(f for f, n in df.items() if n >= MIN_DF)


def fit_lr(train: list[Item]) -> dict:
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    vocab = vocabulary(train)
    index = {f: i for i, f in enumerate(vocab)}
    rows, cols, vals = [], [], []
    for r, it in enumerate(train):
        known = sorted({index[f] for f in it.features if f in index})
        for c in known:
            rows.append(r)
            cols.append(c)
            vals.append(1 / math.sqrt(len(known)))
    x = csr_matrix((vals, (rows, cols)), shape=(len(train), len(vocab)))
    y = [CLASSES.index(it.want) for it in train]
    lr = LogisticRegression(C=C, max_iter=MAX_ITER, tol=TOL).fit(x, y)
    order = [list(lr.classes_).index(k) for k in range(len(CLASSES))]
    coef = lr.coef_[order]
    weights = {}
    for i, f in enumerate(vocab):
        w = [round(float(v), 4) for v in coef[:, i]]
        if any(w):
            weights[f] = w
    return {"classes": list(CLASSES), "bias": [round(float(v), 4) for v in lr.intercept_[order]], "weights": weights,
            "scale": "sqrt", "learner": f"logistic regression (scikit-learn, L2, C={C}), features kept in >= {MIN_DF} messages"}


def fit_nb(train: list[Item]) -> dict:
    vocab = vocabulary(train)
    known = set(vocab)
    counts = {c: Counter() for c in CLASSES}
    docs = Counter(it.want for it in train)
    for it in train:
        counts[it.want].update(f for f in it.features if f in known)
    totals = {c: sum(counts[c].values()) for c in CLASSES}
    weights = {}
    for f in vocab:
        logp = [math.log((counts[c][f] + ALPHA) / (totals[c] + ALPHA * len(vocab))) for c in CLASSES]
        mean = sum(logp) / len(logp)
        weights[f] = [round(v - mean, 4) for v in logp]
    bias = [round(math.log((docs[c] + 1) / (len(train) + len(CLASSES))), 4) for c in CLASSES]
    return {"classes": list(CLASSES), "bias": bias, "weights": weights, "scale": "none",
            "learner": f"multinomial naive Bayes (alpha {ALPHA}), features kept in >= {MIN_DF} messages"}


def pruned(fitted: dict, below: float) -> dict:
    """``fitted`` without the features whose every weight is nearer zero than ``below``: they move
    no probability by much, and each costs the shipped file some 60 bytes."""
    if not below:
        return fitted
    return {**fitted, "weights": {f: w for f, w in fitted["weights"].items() if max(abs(v) for v in w) >= below}}


def as_model(fitted: dict, thresholds: dict[str, float]) -> reader.Model:
    return reader.Model.from_dict({**pruned(fitted, PRUNE), "thresholds": thresholds})


# ---- thresholds ---------------------------------------------------------------------------------


def decided(it: Item, said: reader.Guess, thresholds: dict[str, float], overrule: dict[str, float] | None = None) -> str:
    """The combination's class: what ``rules.inbox.classify`` decides with a model (without
    ``overrule``, the reader decides only where the rules fall through)."""
    ruled = MailClass(it.rules)
    unsure = ruled in UNSURE or it.weak
    if not unsure and (ruled in CORROBORATED or not overrule):
        return it.rules
    kind = second_reading(said, it.text, thresholds, overrule, ruled=None if unsure else ruled)
    return kind.value if kind else it.rules


def choose(scored: list[tuple[Item, reader.Guess]]) -> dict[str, float]:
    """Per class, the threshold at which the classifier decides. Chosen on its predictions for
    every message of the folds, not only those the rules left unsure: the rules were tuned on
    these sets and fall through on almost none of them, while on unseen mail they fall through
    on any kind of message. For a rejection or an offer (with its cue), the lowest threshold
    above every false prediction; for the others, the one that gains most (right minus twice
    wrong: precision first). Ties go to the higher threshold."""
    thresholds = {}
    for cls in CLASSES:
        if MailClass(cls) in UNSURE:
            continue
        cands = [(said.probabilities[cls], it.want == cls) for it, said in scored
                 if said.kind == cls and (MailClass(cls) not in CORROBORATED or it.cues[cls])]
        best, best_t = 0, NEVER
        floor = 0.5
        if MailClass(cls) in CORROBORATED:
            false = [p for p, right in cands if not right]
            floor = max([floor, *(p + 1e-6 for p in false)])
        for t in sorted({p for p, _ in cands if p >= floor}, reverse=True):
            gain = sum((1 if right else -2) for p, right in cands if p >= t)
            if gain > best:
                best, best_t = gain, t
        thresholds[cls] = round(best_t, 4) if best_t < NEVER else NEVER
    return thresholds


def choose_overrule(scored: list[tuple[Item, reader.Guess]], thresholds: dict[str, float]) -> dict[str, float]:
    """The thresholds above which the classifier overrules a class the rules decided (not a
    rejection or an offer). The candidates: every message of the folds whose rules decided such a
    class and the classifier another (a rejection or an offer only with its cue). For the classes
    other than a rejection or an offer ONE threshold, shared (few messages per class would fit
    noise): the one that gains most, +1 for a reading made right, -2 for a right reading of the
    rules made wrong, -1 for a wrong one made another wrong; never below 0.5, ties go higher. For
    a rejection or an offer (precision first), the lowest threshold above that shared one, above
    its ``thresholds`` and above every false candidate of that class (also when the folds hold no
    right candidate above it: the rules were tuned on these sets, so they leave the reader few
    rejections or offers to overrule there, while on unseen mail they do; the cue still has to
    corroborate)."""
    cands = []  # (probability, class, gain)
    for it, said in scored:
        ruled = MailClass(it.rules)
        if ruled not in OVERRULED or it.weak or said.kind in (it.rules, "automated"):
            continue
        if MailClass(said.kind) in CORROBORATED and not it.cues[said.kind]:
            continue
        gain = 1 if said.kind == it.want else -2 if it.rules == it.want else -1
        cands.append((said.probability, said.kind, gain))
    others = [(p, g) for p, k, g in cands if MailClass(k) not in CORROBORATED]
    best, best_t = 0, NEVER
    for t in sorted({p for p, _ in others if p >= 0.5}, reverse=True):
        gain = sum(g for p, g in others if p >= t)
        if gain > best:
            best, best_t = gain, t
    shared = round(best_t, 4) if best_t < NEVER else NEVER
    overrule = {cls: shared for cls in CLASSES if MailClass(cls) not in CORROBORATED}
    for cls in CORROBORATED:
        mine = [(p, g) for p, k, g in cands if k == cls.value]
        floor = max([0.5, shared, thresholds.get(cls.value, NEVER), *(p + 1e-6 for p, g in mine if g < 0)])
        overrule[cls.value] = round(floor, 4) if floor < NEVER else NEVER
    return overrule


# ---- leave one set out --------------------------------------------------------------------------


#: where fitted models are kept between runs, keyed by what they were fitted on (the training
#: messages' labels and features) and by what fitted them (``fit_key``): a change to the rules
#: alone refits nothing, a change to a setting, the learner's code or a library refits
CACHE = Path(tempfile.gettempdir()) / "mailflow-inbox-fits"


def fit_key(fit) -> str:
    """What a fit depends on besides its training messages: the learner's code (and the
    vocabulary it keeps), every setting, and the versions of the libraries that fit it. Any
    change to one of them makes a new key, so a stale fit is never reused."""
    from importlib.metadata import PackageNotFoundError, version

    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "-"
    code = "".join(inspect.getsource(f) for f in (fit, vocabulary))
    settings = f"C={C} alpha={ALPHA} min_df={MIN_DF} max_iter={MAX_ITER} tol={TOL}"
    libraries = " ".join(f"{n}={installed(n)}" for n in ("scikit-learn", "scipy", "numpy"))
    return f"{fit.__name__}\0{settings}\0{libraries}\0python={sys.version_info[:2]}\0{code}"


def cached(fit):
    """``fit`` with its results kept in ``CACHE``: the same training messages, features,
    learner code, settings and library versions give the same model (training is
    deterministic), so a second run reuses it (``fit_key``)."""
    def fitted(train: list[Item]) -> dict:
        h = hashlib.sha256(fit_key(fit).encode())
        for it in sorted(train, key=lambda it: (it.set, it.file)):
            h.update(f"\0{it.set}\0{it.file}\0{it.want}\0{' '.join(it.features)}".encode())
        path = CACHE / f"{h.hexdigest()}.json"
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
        result = fit(train)
        CACHE.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(result), encoding="utf-8")
        tmp.replace(path)
        return result
    return fitted


def loso(items: list[Item], fit, inner: bool = True, _fitted: dict | None = None,
         _left: frozenset = frozenset()) -> tuple[list[tuple[Item, reader.Guess]], dict[str, dict]]:
    """Each set scored by a model trained on the others; with ``inner``, the thresholds of each
    fold chosen by leave-one-set-out among the others. Returns the predictions and each fold's
    thresholds. (The model without sets A and B serves A's inner fold B and B's inner fold A:
    it is trained once.)"""
    fitted = {} if _fitted is None else _fitted
    names = sorted({it.set for it in items})
    out, per_fold = [], {}
    for name in names:
        train = [it for it in items if it.set != name]
        test = [it for it in items if it.set == name]
        thresholds, overrule = {}, {}
        if inner:
            inner_scored, _ = loso(train, fit, inner=False, _fitted=fitted, _left=frozenset({name}))
            thresholds = choose(inner_scored)
            overrule = choose_overrule(inner_scored, thresholds)
        left = _left | {name}
        if left not in fitted:
            fitted[left] = fit(train)
        model = as_model(fitted[left], thresholds)
        per_fold[name] = {"thresholds": thresholds, "overrule": overrule}
        out.extend((it, reader.guess(model, it.features)) for it in test)
    return out, per_fold


def table(title: str, pairs: list[tuple[str, str]]) -> str:
    tp, got, want = Counter(), Counter(), Counter()
    for w, g in pairs:
        want[w] += 1
        got[g] += 1
        tp[w] += w == g
    lines = [title, f"  {'class':<11} {'n':>4} {'precision':>10} {'recall':>8}"]
    for cls in [*CLASSES, "automated"]:
        if want[cls] or got[cls]:
            p = f"{100 * tp[cls] / got[cls]:.1f} %" if got[cls] else "-"
            r = f"{100 * tp[cls] / want[cls]:.1f} %" if want[cls] else "-"
            lines.append(f"  {cls:<11} {want[cls]:>4} {p:>10} {r:>8}")
    right = sum(tp.values())
    lines.append(f"  class accuracy {100 * right / len(pairs):.1f} % ({right}/{len(pairs)})")
    return "\n".join(lines)


def report(scored: list[tuple[Item, reader.Guess]], per_fold: dict[str, dict]) -> str:
    def fell(it, said):  # the reader decides only where the rules fall through (round 8)
        return decided(it, said, per_fold[it.set]["thresholds"])

    def both(it, said):  # and overrules them where very sure (not a rejection or an offer)
        return decided(it, said, per_fold[it.set]["thresholds"], per_fold[it.set]["overrule"])

    rules = [(it.want, it.rules) for it, _ in scored]
    alone = [(it.want, said.kind) for it, said in scored]
    out = [table("(a) rules alone (tuned on the sets: a tuning figure)", rules),
           table("(b) classifier alone (its likeliest class; leave-one-set-out)", alone),
           table("(c0) rules + classifier only where the rules fall through (leave-one-set-out for the classifier "
                 "and its thresholds)", [(it.want, fell(it, said)) for it, said in scored]),
           table("(c) rules + classifier where they fall through + a very sure classifier overruling the rules' "
                 "classes other than rejection and offer (leave-one-set-out for the classifier and both "
                 "thresholds)", [(it.want, both(it, said)) for it, said in scored])]
    out.append("per left-out set: n, (a) rules, (b) classifier, (c0) fall-through only, (c) with overruling, "
               "readings (c) changed (right)")
    for name in sorted(per_fold):
        mine = [(it, said) for it, said in scored if it.set == name]
        n = len(mine)
        a = sum(it.want == it.rules for it, _ in mine)
        b = sum(it.want == said.kind for it, said in mine)
        c0 = sum(it.want == fell(it, said) for it, said in mine)
        c = sum(it.want == both(it, said) for it, said in mine)
        changed = [(it, said) for it, said in mine if both(it, said) != it.rules]
        ok = sum(it.want == both(it, said) for it, said in changed)
        out.append(f"  {name:<12} {n:>4}  {100 * a / n:5.1f} %  {100 * b / n:5.1f} %  {100 * c0 / n:5.1f} %  "
                   f"{100 * c / n:5.1f} %  {len(changed)} ({ok})")
        out.append(f"      thresholds {json.dumps(per_fold[name]['thresholds'], sort_keys=True)}")
        out.append(f"      overrule   {json.dumps(per_fold[name]['overrule'], sort_keys=True)}")
    return "\n".join(out)


def changes(scored: list[tuple[Item, reader.Guess]], per_fold: dict[str, dict]) -> str:
    """Every reading the combination (c) changed from the rules', and whether it is right."""
    out = []
    for it, said in scored:
        got = decided(it, said, per_fold[it.set]["thresholds"], per_fold[it.set]["overrule"])
        if got != it.rules:
            out.append(f"  {'ok ' if got == it.want else 'BAD'} {it.set}/{it.file}: rules {it.rules} -> {got} "
                       f"({said.probability:.3f}), want {it.want}")
    return "\n".join(out)


def write(fitted: dict, thresholds: dict[str, float], overrule: dict[str, float], items: list[Item]) -> None:
    learner = fitted.pop("learner")
    data = {**fitted, "format": 1, "thresholds": thresholds, "overrule": overrule, "trained_on": digest(),
            "about": {"learner": learner, "messages": len(items), "sets": sorted({it.set for it in items}),
                      "features": len(fitted["weights"])}}
    MODEL_FILE.write_text(json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n",
                          encoding="utf-8")


def main() -> int:
    global PRUNE
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learner", choices=("lr", "nb"), default="lr")
    parser.add_argument("--loso-only", action="store_true", help="print the figures, write nothing")
    parser.add_argument("--check", action="store_true", help="does the shipped model match the sets?")
    parser.add_argument("--fold", metavar="SET", help="also print the figures of this left-out set alone (e.g. heldout8)")
    parser.add_argument("--changes", action="store_true", help="list every reading the combination changed")
    parser.add_argument("--prune", type=float, default=PRUNE, help="leave out features whose every weight is "
                        f"nearer zero than this (default {PRUNE})")
    parser.add_argument("--no-cache", action="store_true", help=f"fit every model again (kept in {CACHE})")
    args = parser.parse_args()
    PRUNE = args.prune
    if args.check:
        shipped = json.loads(MODEL_FILE.read_text(encoding="utf-8")).get("trained_on")
        if shipped != digest():
            print(f"{MODEL_FILE.relative_to(ROOT)} was trained on other labelled sets: run bench/inbox/train.py",
                  file=sys.stderr)
            return 1
        print("the shipped model was trained on the labelled sets as they are")
        return 0
    fit = fit_lr if args.learner == "lr" else fit_nb
    if not args.no_cache:
        fit = cached(fit)
    started = time.perf_counter()
    items = load()
    print(f"{len(items)} messages in {len({it.set for it in items})} sets, read in {time.perf_counter() - started:.1f} s")
    scored, per_fold = loso(items, fit)
    print(report(scored, per_fold))
    if args.fold:
        print(f"\nthe left-out set {args.fold} alone:")
        print(report([(it, said) for it, said in scored if it.set == args.fold], {args.fold: per_fold[args.fold]}))
    if args.changes:
        print("readings the combination changed (c), per left-out set:")
        print(changes(scored, per_fold))
    if args.loso_only:
        return 0
    thresholds = choose(scored)
    overrule = choose_overrule(scored, thresholds)
    fitted = pruned(fit(items), PRUNE)
    print(f"shipped thresholds (chosen on the left-out folds): {json.dumps(thresholds, sort_keys=True)}")
    print(f"shipped overrule thresholds (chosen on the left-out folds): {json.dumps(overrule, sort_keys=True)}")
    learner = fitted["learner"]
    write(fitted, thresholds, overrule, items)
    print(f"wrote {MODEL_FILE.relative_to(ROOT)}: {MODEL_FILE.stat().st_size:,} bytes, "
          f"{len(fitted['weights']):,} features, {learner}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
