"""Would Link Grammar (CMU's parser, offline) help mailflow's proofreader as a grammar layer?

Run from the repository root with the system Python that has the parser
(``apt-get install python3-link-grammar link-grammar-dictionaries-en``; it is not a
dependency)::

    /usr/bin/python3 bench/bench_link_grammar.py [--notes DIR ...]

A note counts as flagged when a sentence of its own text (greeting and sign-off left out,
three words or more) has no complete parse. It prints, per notes folder, how many notes
with a ``grammar`` fault are flagged and how many clean notes are.
"""

from __future__ import annotations

import argparse
import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT = [REPO / "bench" / "proofread_fresh" / "notes", REPO / "bench" / "proofread_fresh" / "heldout" / "notes",
           REPO / "bench" / "corpus" / "notes"]
_SIGN_OFF = re.compile(r"\n(?:Best|Kind|Warm|With|Many|Cheers|Thanks|Yours|All the best|Regards)[^\n]*\n")


def unparsed(body: str, parse) -> list[str]:
    lines = [ln for ln in body.split("\n") if ln.strip() and not ln.startswith(">")]
    text = _SIGN_OFF.split("\n".join(lines[1:]) + "\n")[0]
    return [s.strip() for s in re.findall(r"[^.!?\n]+[.!?]?", text) if len(s.split()) >= 3 and not parse(s.strip())]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=Path, nargs="*", default=DEFAULT)
    args = parser.parse_args()
    import linkgrammar as lg

    options = lg.ParseOptions(min_null_count=0, max_null_count=0, max_parse_time=2)
    options.verbosity = 0
    dictionary = lg.Dictionary("en")

    def parse(sentence: str) -> bool:
        return len(lg.Sentence(sentence, dictionary, options).parse()) > 0

    for folder in args.notes:
        faults, flagged_faults, clean, flagged_clean = 0, 0, 0, 0
        for path in sorted(folder.glob("*.toml")):
            for note in tomllib.loads(path.read_text(encoding="utf-8")).get("note", []):
                bad = bool(unparsed(note["body"], parse))
                if not note["expect"]:
                    clean, flagged_clean = clean + 1, flagged_clean + bad
                elif "grammar" in note["expect"]:
                    faults, flagged_faults = faults + 1, flagged_faults + bad
        print(f"{folder.relative_to(REPO)}: grammar faults flagged {flagged_faults}/{faults}, "
              f"clean notes flagged {flagged_clean}/{clean}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
