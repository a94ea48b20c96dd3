"""Time proofreading one thank-you note: dictionary load once, then per message.

Run from the repository root: ``python bench/bench_proofread.py [RUNS]``.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mailflow.config import Policy, ProofreadConfig  # noqa: E402
from mailflow.proofread import ProofContext, proofread  # noqa: E402

SUBJECT = "Thank you — Senior Data Engineer interview"
BODY = """Dear Zoë,

Thank you for speaking with me today about the Senior Data Engineer role at Globex Corporation.
I enjoyed your point that data quality is everyone's job, and how your team moved its batch jobs to Kubernetes.
My work rebuilding streaming ingestion for a payments business lines up well with the problems you described.
As promised, the case study I mentioned is at https://example.com/ana/case-study.
I look forward to hearing about the next steps.

Best regards,
Ana Lima
+1 555 0100
"""
CTX = ProofContext(
    kind="thank_you",
    recipient_name="Zoë O'Brien",
    company="Globex Corporation",
    role="Senior Data Engineer",
    other_companies=tuple(f"Company {n}" for n in range(28)) + ("Initech", "Square"),
    known_words=("Zoë O'Brien", "Raj Patel", "José María López", "Globex Corporation"),
    signature="Ana Lima\n+1 555 0100",
)


def main(runs: int = 500) -> None:
    settings, policy = ProofreadConfig(), Policy()
    start = time.perf_counter()
    findings = proofread(SUBJECT, BODY, CTX, settings, policy)
    first = time.perf_counter() - start
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        proofread(SUBJECT, BODY, CTX, settings, policy)
        times.append(time.perf_counter() - start)
    print(f"first call (loads the dictionary): {first * 1000:.0f} ms")
    print(
        f"one thank-you after warm-up: median {statistics.median(times) * 1000:.2f} ms, "
        f"max {max(times) * 1000:.2f} ms over {runs} runs"
    )
    print(f"findings: {[(f.check, f.severity, f.excerpt) for f in findings]}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
