"""The JSON API's routes (``/api/...``): thin wrappers that hand each request to a worker (:mod:`.jobs`).

``/api/import`` turns the *content* of a training-log export (never a path on the server) into a scenario,
with the same importers as ``myokinetics import``.
"""
from __future__ import annotations

import dataclasses
import re
from typing import Literal, Optional

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from myokinetics.web.export import FORMATS
from myokinetics.web.runner import Runner
from myokinetics.web.schemas import (
    CompareRequest, CompareResponse, ErrorResponse, ExerciseInfo, ExplainResponse, HealthResponse, ImportRequest,
    ImportResponse, LimitsInfo, SimulateRequest, SimulateResponse, TrialRequest, TrialResponse,
)

__all__ = ["router"]

router = APIRouter(prefix="/api")

_ERR = {"model": ErrorResponse}
ERRORS = {413: {**_ERR, "description": "the request body is over the server's limit"},
          422: {**_ERR, "description": "bad input, or a request over one of the server's caps (one line naming the "
                                       "field, the value and the limit)"},
          503: {**_ERR, "description": "every simulation worker is busy; retry later"},
          500: {**_ERR, "description": "a bug (the server's log has the traceback)"}}
FILE_CONTENT = {media: {} for media, _ in FORMATS.values()}


def runner(request: Request) -> Runner:
    return request.app.state.runner


def _result(out):
    if out[0] == "ok":
        return out[1]
    raise HTTPException(status_code=out[1], detail=out[2])


async def _raw(request: Request) -> dict:
    """The body exactly as sent.  The pydantic model has checked its shape (and documents it), but pydantic's lax
    mode would turn ``false`` into ``0`` or ``"30"`` into ``30``; the project's own parsers read what the user gave."""
    return await request.json()


async def _call(run: Runner, kind: str, payload: dict):
    return _result(await run_in_threadpool(run.call, kind, payload))


def _file(content: bytes, fmt: str, name: str) -> Response:
    media, suffix = FORMATS[fmt]
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "result"
    return Response(content=content, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="myokinetics-{safe}{suffix}"'})


@router.get("/health", response_model=HealthResponse, summary="The server is up")
def health():
    from myokinetics import __version__

    return {"status": "ok", "version": __version__}


@router.get("/limits", response_model=LimitsInfo, summary="This server's caps on one request")
def limits(run: Runner = Depends(runner)):
    return dataclasses.asdict(run.limits)


@router.post("/simulate", response_model=SimulateResponse, responses=ERRORS, summary="Simulate a program or a scenario")
async def simulate(body: SimulateRequest, request: Request, run: Runner = Depends(runner)):
    """The headline of one simulation: at most 12 plot panels (subject mean and 10-90 % band), a short table
    (baseline, end, change, peak), the program's hard sets and the scenario that was run."""
    return await _call(run, "simulate", await _raw(request))


@router.post("/simulate/download", responses={**ERRORS, 200: {"content": FILE_CONTENT, "description": "the file"}},
             response_class=Response, summary="Simulate and download the result as a file")
async def simulate_download(body: SimulateRequest, request: Request, format: Literal["nc", "csv", "json"] = Query(
        "nc", description="nc: NetCDF, every variable; csv: tidy table of the headline time courses of every subject; "
                          "json: the /api/simulate response"), run: Runner = Depends(runner)):
    content = await _call(run, "simulate", {**await _raw(request), "format": format})
    return _file(content, format, body.name or (body.scenario.name if body.scenario else "web"))


@router.post("/compare", response_model=CompareResponse, responses=ERRORS, summary="Compare two programs")
async def compare(body: CompareRequest, request: Request, run: Runner = Depends(runner)):
    """Both programs for the same subjects: the headline panels with one line per program, each program's table,
    and peak, time to peak and area above baseline of the whole-body headline outcomes."""
    return await _call(run, "compare", await _raw(request))


@router.post("/compare/download", responses={**ERRORS, 200: {"content": {m: {} for m in ("text/csv", "application/json")},
                                                               "description": "the file"}},
             response_class=Response, summary="Compare two programs and download the result")
async def compare_download(body: CompareRequest, request: Request, format: Literal["csv", "json"] = Query(
        "csv", description="csv: tidy table of the headline time courses; json: the /api/compare response"),
        run: Runner = Depends(runner)):
    content = await _call(run, "compare", {**await _raw(request), "format": format})
    return _file(content, format, "compare")


@router.post("/trial", response_model=TrialResponse, responses=ERRORS, summary="Run an in-silico randomised trial")
async def trial(body: TrialRequest, request: Request, run: Runner = Depends(runner)):
    """Mean change ± SD per arm, differences from the reference arm and Hedges' g with 95 % intervals
    (the JSON of ``myokinetics trial -o FILE.json``)."""
    return await _call(run, "trial", await _raw(request))


@router.get("/explain/{name}", response_model=ExplainResponse, responses=ERRORS, summary="Explain a model name")
async def explain(name: str = Path(..., max_length=200, description="a variable, parameter or module, e.g. il6"),
                  run: Runner = Depends(runner)):
    """What drives a variable and what it drives, with sources (``myokinetics explain NAME``)."""
    return await _call(run, "explain", {"name": name})


@router.get("/exercises", response_model=list[ExerciseInfo], responses={422: ERRORS[422]},
            summary="The exercise library")
def exercises(q: Optional[str] = Query(None, max_length=200, description="filter by name, alias, equipment or muscle")):
    from myokinetics.program.library import get_library

    lib = get_library()
    hits = lib.search(q) if q else list(lib)
    return [{"id": e.id, "name": e.name, "modality": e.modality, "muscles": dict(e.muscles), "eccentric": e.eccentric,
             "laterality": e.laterality, "mechanics": e.mechanics, "equipment": e.equipment, "aliases": list(e.aliases)}
            for e in hits]


@router.post("/import", response_model=ImportResponse, responses=ERRORS, summary="Turn a training log into a scenario")
def import_log(body: ImportRequest):
    """The scenario (YAML text and parsed) of a Strong, Hevy, FitNotes, JEFIT, wger or Garmin FIT export, with
    every unmapped exercise name listed (``myokinetics import``).  Text formats go in ``content``; a FIT file
    in ``content_base64``.  The log is written to a private temporary file only for the importer to read."""
    import base64
    import binascii
    import tempfile
    from pathlib import Path as _P

    from myokinetics.errors import InputError
    from myokinetics.io.importers import ImportOptions, import_log as run_import

    if (body.content is None) == (body.content_base64 is None):
        raise HTTPException(422, "content: give the log as text (content) or as base64 (content_base64), not both")
    try:
        data = body.content.encode("utf-8") if body.content is not None else base64.b64decode(body.content_base64,
                                                                                                validate=True)
    except (binascii.Error, ValueError):
        raise HTTPException(422, "content_base64: not valid base64") from None
    suffix = {"fit": ".fit", "wger": ".json"}.get(body.format or "", ".csv" if body.content is not None else ".fit")
    with tempfile.TemporaryDirectory() as tmp:
        path = _P(tmp) / f"log{suffix}"
        path.write_bytes(data)
        try:
            res = run_import(path, body.format, body.unit, ImportOptions(False, None, body.name, {}))
        except InputError as exc:
            raise HTTPException(422, str(exc)) from None
    return {"scenario_yaml": res.text, "scenario": res.data, "unmapped": res.unmapped, "summary": res.summary_lines()}
