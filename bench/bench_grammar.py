"""Would Harper's grammar checker (``harper-py``, offline) help mailflow's proofreader?

Run from the repository root (``pip install harper-py`` first; it is not a dependency)::

    python bench/bench_grammar.py [--corpus bench/proofread_fresh] [--notes DIR ...] [-v] [--letters]

It lints every note of a proofreading corpus's ``notes/*.toml`` with Harper, once with its
default rules and once with the filter mailflow would use (grammar kinds only: no spelling,
capitalisation, style or punctuation-preference rules), and prints, for the clean notes and
for each fault type, how many notes Harper flags. ``--letters`` also lints the notes mailflow
composes from ``bench/letters/remarks.toml`` (all meant to be clean).
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

#: lint kinds kept by the filter: what a grammar layer adds over mailflow's own checks
KEEP = {"Agreement", "Grammar", "Miscellaneous", "WordChoice", "Usage", "Repetition", "Redundancy"}


def notes(folder: Path) -> list[dict]:
    """The notes of a notes folder (``bench/corpus/notes``, ``bench/proofread_fresh/heldout3/notes`` ...)."""
    found = []
    for path in sorted(folder.glob("*.toml")):
        found += tomllib.loads(path.read_text(encoding="utf-8")).get("note", [])
    return found


def body_only(text: str) -> str:
    """The note without its greeting and sign-off lines (names and signatures are not grammar)."""
    lines = [ln for ln in text.strip().split("\n")]
    if lines and lines[0].rstrip().endswith(","):
        lines = lines[1:]
    while lines and (len(lines[-1].split()) <= 3):
        lines = lines[:-1]
    return "\n".join(lines).strip()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=REPO / "bench" / "proofread_fresh",
                        help="a corpus whose notes/ are linted (default: bench/proofread_fresh)")
    parser.add_argument("--notes", type=Path, action="append", default=[],
                        help="a notes folder to lint instead (repeat for several: every set at once)")
    parser.add_argument("-v", "--verbose", action="store_true", help="name the notes the filter flags")
    parser.add_argument("--letters", action="store_true")
    args = parser.parse_args()
    import harper

    linter = harper.Linter()

    def lints(text: str, filtered: bool) -> list:
        found = linter.lint(body_only(text) if filtered else text)
        return [x for x in found if not filtered or x.lint_kind in KEEP]

    for folder in args.notes or [args.corpus / "notes"]:
        # each note counts as clean (expect = []) or under every fault it is written with
        rows: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        kinds, clean_kinds, named = Counter(), Counter(), []
        for note in notes(folder):
            faults = note.get("expect") or ([] if "expect" in note else [note["id"].split("-")[1]])
            hits = lints(note["body"], True)
            default = bool(lints(note["body"], False))
            for fault in faults or ["clean"]:
                row = rows[fault]
                row[0] += 1
                row[1] += default
                row[2] += bool(hits)
            kinds.update(x.lint_kind for x in hits)
            if not faults:
                clean_kinds.update(x.lint_kind for x in hits)
            if hits:
                named.append(f"{note['id']} ({'clean' if not faults else ', '.join(faults)}): "
                             + "; ".join(f"{x.lint_kind} {x.problem_text!r}" for x in hits[:3]))
        where = folder.resolve().relative_to(REPO) if folder.resolve().is_relative_to(REPO) else folder
        print(f"{where}: notes Harper flags (default rules / mailflow's filter)")
        for fault, (n, default, filtered) in sorted(rows.items(), key=lambda r: (r[0] != "clean", r[0])):
            print(f"  {fault:28} {n:3}   {default:3} / {filtered:3}")
        print("  kinds kept:", dict(kinds.most_common()), " on clean notes:", dict(clean_kinds.most_common()))
        if args.verbose:
            print("\n".join("    " + line for line in named))
    if args.letters:
        import bench_letters as letters
        from collections import defaultdict as dd

        interviews, cases = letters.load(letters.CORPUS)
        groups = dd(list)
        for c in cases:
            groups[c["interview"]].append(c)
        texts = [o.text for iid, g in groups.items() for o in letters.run_interview(interviews[iid], g, None) if o.text]
        flagged = [t for t in texts if lints(t, True)]
        print(f"composed letters: {len(texts)}; flagged by the filtered layer: {len(flagged)}; "
              f"by default rules: {sum(bool(lints(t, False)) for t in texts)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
