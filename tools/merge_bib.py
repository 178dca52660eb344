"""Merge BibTeX fragments (evidence/incoming/*.bib) into evidence/references.bib, then delete them.

Entries whose key already exists are skipped (the existing entry is kept) and reported.
Usage: python tools/merge_bib.py [FRAGMENT ...]
"""
import re
import sys
from pathlib import Path

EVIDENCE = Path(__file__).resolve().parent.parent / "src" / "myokinetics" / "evidence"
REF = EVIDENCE / "references.bib"


def entries(text: str):
    for m in re.finditer(r"(?ms)^@(\w+)\s*\{\s*([^,\s]+)\s*,.*?^\}\s*$", text):
        yield m.group(2), m.group(0)


def main(paths):
    ref_text = REF.read_text(encoding="utf-8")
    keys = {k for k, _ in entries(ref_text)}
    added = []
    for p in paths:
        p = Path(p)
        for key, body in entries(p.read_text(encoding="utf-8")):
            if key in keys:
                print(f"skip {key} (already in references.bib) from {p.name}")
                continue
            ref_text = ref_text.rstrip() + "\n\n" + body.strip() + "\n"
            keys.add(key)
            added.append(key)
        p.unlink()
    REF.write_text(ref_text, encoding="utf-8")
    print(f"added {len(added)} entries")


if __name__ == "__main__":
    main(sys.argv[1:] or sorted((EVIDENCE / "incoming").glob("*.bib")))
