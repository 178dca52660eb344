"""The merged bibliography: every cited key resolves; formatting never crashes."""
from __future__ import annotations

import glob
from pathlib import Path

import pytest
import yaml

import myokinetics
from myokinetics.evidence.citations import (
    BIB_PATH, bibliography, format_citations, format_reference, missing_keys, note_status, parameter_verification,
    parse_bibtex, source_status, split_keys, verification_status,
)
from myokinetics.models import build_model
from myokinetics.program.library import get_library, source_keys

PKG = Path(myokinetics.__file__).parent


def test_single_bibliography():
    assert BIB_PATH.is_file()
    assert not (PKG / "evidence" / "bib").exists(), "fragments should be merged into references.bib"
    assert len(bibliography()) > 50


def test_model_citations_resolve():
    model = build_model()
    assert model.citations
    assert missing_keys(model.citations) == []


def test_route_sources_resolve():
    model = build_model()
    keys = [k for m in model.modules + model.signal_modules for r in m.routes for k in split_keys(r.source)]
    assert keys and missing_keys(keys) == []


def test_library_sources_resolve():
    lib = get_library()
    keys = set()
    for item in list(lib.muscles.values()) + list(lib.exercises.values()):
        keys.update(source_keys(item.source))
    assert keys and missing_keys(keys) == []


def test_data_yaml_sources_resolve():
    keys = set()

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "source" and isinstance(v, str):
                    keys.update(split_keys(v))
                else:
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    for path in glob.glob(str(PKG / "data" / "*.yaml")):
        walk(yaml.safe_load(Path(path).read_text(encoding="utf-8")))
    assert keys and missing_keys(keys) == []


def test_study_sources_resolve():
    paths = glob.glob(str(PKG / "validation" / "studies" / "*.yaml"))
    if not paths:
        pytest.skip("no validation studies")
    keys = set()
    for path in paths:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        for study in data if isinstance(data, list) else [data]:
            keys.update(split_keys(study.get("source", "")))
    assert missing_keys(keys) == []


def test_format_reference():
    ref = format_reference("ostrowski1999")
    assert ref.startswith("Ostrowski K, Rohde T")
    assert "(1999)" in ref and "515" in ref and "287–291" in ref and "doi:10.1111/" in ref
    assert "{" not in format_reference("steensberg2003") and "Møller" in format_reference("steensberg2003")


def test_format_corporate_and_misc():
    assert format_reference("acsm2009").startswith("American College of Sports Medicine (2009)")
    assert "n.d." in format_reference("drugscom_kineret")


def test_missing_keys_reported_not_raised():
    assert missing_keys("ostrowski1999, nosuchkey2099, assumption") == ["nosuchkey2099"]
    assert format_reference("nosuchkey2099") == "nosuchkey2099: missing from references.bib"
    text = format_citations(["ostrowski1999", "nosuchkey2099"])
    lines = text.splitlines()
    assert len(lines) == 2 and lines[0].startswith("[1] ")
    assert "nosuchkey2099: missing from references.bib" in text
    assert format_citations([]) == ""


def test_parser_braces_quotes_and_duplicates():
    text = """
    % a comment with @article{fake,
    @comment{ignored}
    @article{a1,
      author = {Smith, John and {Big Consortium}},
      title  = "A {Nested {Brace}} title",
      year   = 2001,
      pages  = {1--2}
    }
    @article{a1, title = {short}}
    """
    bib = parse_bibtex(text)
    assert set(bib) == {"a1"}
    e = bib["a1"]
    assert e["title"] == "A {Nested {Brace}} title" and e["year"] == "2001" and e["type"] == "article"
    assert e["author"].endswith("{Big Consortium}")


# ---------------------------------------------------------------- verification status
def test_note_status_markers():
    assert note_status("verified against the PubMed abstract (PMID 18195089)") == "verified"
    assert note_status("Abstract [V].") == "verified"
    assert note_status("Abstract [V]. Volume and pages [U].") == "partly verified"
    assert note_status("[V] abstract (PubMed 1). unverified: full author list") == "partly verified"
    assert note_status("verified (abstract); DOI from memory") == "partly verified"
    assert note_status("Reference [V2] (reference list of a review).") == "partly verified"
    assert note_status("unverified: all fields from memory") == "unverified"
    assert note_status("NOT verified in this session (abstract not found)") == "unverified"
    assert note_status("") == "unverified"
    assert note_status("Abstract [V]. WRONG: the paper reports no half-life") == "unverified"


def test_verification_status_of_real_and_planted_keys():
    assert verification_status("allen2008") == "verified"           # checked against PMID 18195089
    assert verification_status("pedersen2008") == "verified"
    assert verification_status("nosuchkey2099") == "unverified"
    planted = parse_bibtex("""
    @article{good, title = {t}, note = {verified against the PMC article (PMC1)}}
    @article{half, title = {t}, note = {Abstract [V]. unverified: pages}}
    @article{bad,  title = {t}, note = {unverified: not in the search corpus}}
    """)
    assert [verification_status(k, planted) for k in ("good", "half", "bad")] == [
        "verified", "partly verified", "unverified"]
    assert source_status("good, half", planted) == "partly verified"
    assert source_status("good", planted) == "verified"
    assert source_status("bad, nosuch", planted) == "unverified"
    assert source_status("assumption", planted) == "assumption"
    assert source_status("good, assumption", planted) == "verified"


def test_parameter_verification_covers_every_parameter():
    model = build_model()
    status = parameter_verification(model)
    assert set(status) == set(model.param_defs)
    assert set(status.values()) <= {"verified", "partly verified", "unverified", "assumption"}
    for name, p in model.param_defs.items():
        if not p.keys:
            assert status[name] == "assumption"
        elif all(verification_status(k) == "verified" for k in p.keys):
            assert status[name] == "verified"
    # a planted bibliography in which every key is unverified makes every cited parameter unverified
    planted = {k: {"note": "unverified: planted"} for k in bibliography()}
    assert {s for n, s in parameter_verification(model, planted).items() if model.param_defs[n].keys} == {"unverified"}
