"""Would Harper's grammar checker (``harper-py``, offline) help mailflow's proofreader?

Run from the repository root (``pip install harper-py`` first; it is not a dependency)::

    python bench/bench_grammar.py [--corpus bench/proofread_fresh] [--letters]

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


def notes(corpus: Path) -> list[dict]:
    found = []
    for path in sorted((corpus / "notes").glob("*.toml")):
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
    parser.add_argument("--corpus", type=Path, default=REPO / "bench" / "proofread_fresh")
    parser.add_argument("--letters", action="store_true")
    args = parser.parse_args()
    import harper

    linter = harper.Linter()

    def lints(text: str, filtered: bool) -> list:
        found = linter.lint(body_only(text) if filtered else text)
        return [x for x in found if not filtered or x.lint_kind in KEEP]

    rows: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    kinds = Counter()
    for note in notes(args.corpus):
        fault = (note.get("fault") or (note["id"].split("-")[1] if not note.get("expect") == [] else "clean"))
        if note.get("expect") == []:
            fault = "clean"
        row = rows[fault]
        row[0] += 1
        row[1] += bool(lints(note["body"], False))
        hits = lints(note["body"], True)
        row[2] += bool(hits)
        kinds.update(x.lint_kind for x in hits)
    print(f"{args.corpus.relative_to(REPO)}: notes Harper flags (default rules / mailflow's filter)")
    for fault, (n, default, filtered) in sorted(rows.items(), key=lambda r: (r[0] != "clean", r[0])):
        print(f"  {fault:28} {n:3}   {default:3} / {filtered:3}")
    print("  kinds kept:", dict(kinds.most_common()))
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
