"""Write the exercise-library counts into README.md and docs/ARCHITECTURE.md from the library itself.

    python tools/readme_counts.py          # rewrite the counts in place
    python tools/readme_counts.py --check  # exit 1 if a count is stale (tests/test_library.py runs this)

Only the phrases below are counts of the current library; a benchmark line that names the number of
exercises it ran with is a record of that run and is left alone.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES = ("README.md", "docs/ARCHITECTURE.md")


def counts() -> dict[str, int]:
    from myokinetics.program.library import get_library

    lib = get_library()
    return {"exercises": len(lib), "resistance": len(lib.by_modality("resistance")), "muscles": len(lib.muscle_ids)}


def patterns(c: dict[str, int]):
    """(regex, replacement) pairs: 'the exercise library (N exercises, M muscle groups)' and
    '(N resistance exercises)'."""
    return [
        (re.compile(r"the exercise library \(\d+ exercises, \d+ muscle groups\)"),
         f"the exercise library ({c['exercises']} exercises, {c['muscles']} muscle groups)"),
        (re.compile(r"\(\d+ resistance exercises\)"), f"({c['resistance']} resistance exercises)"),
    ]


def update(text: str, c: dict[str, int]) -> str:
    for rx, new in patterns(c):
        text = rx.sub(new, text)
    return text


def main(argv: list[str]) -> int:
    c = counts()
    stale = []
    for name in FILES:
        path = ROOT / name
        old = path.read_text(encoding="utf-8")
        new = update(old, c)
        if new != old:
            stale.append(name)
            if "--check" not in argv:
                path.write_text(new, encoding="utf-8")
    if stale and "--check" in argv:
        print("stale library counts in: " + ", ".join(stale) + " (run python tools/readme_counts.py)")
        return 1
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    raise SystemExit(main(sys.argv[1:]))
