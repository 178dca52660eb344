"""The web application: the page (``/``), its static files, the JSON API (``/api``) and ``myokinetics serve``.

Every error a user can cause is one JSON line ``{"detail": "field: value is not valid; expected ..."}``:
an :class:`~myokinetics.errors.InputError` or a malformed body is HTTP 422, a body over the size cap 413,
a run over the time limit 422, all workers busy 503; anything else is a bug (500, traceback in the log).
"""
from __future__ import annotations

import logging
import socket
import threading
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from myokinetics.errors import InputError, MyokineticsError
from myokinetics.web.limits import CapError, Limits
from myokinetics.web.runner import Busy, JobFailed, Runner, RunTimeout

__all__ = ["create_app", "serve", "BodyLimit", "STATIC"]

log = logging.getLogger("myokinetics.web")
STATIC = Path(str(resources.files("myokinetics.web").joinpath("static")))

DESCRIPTION = """Simulate what resistance training does to the body, from a program in the text shorthand
(`Back squat 4x8 @ 75% 1RM, rest 2 min`) or a scenario file, for one person or a virtual cohort.
The same pipeline as the `myokinetics` command line; each request is held to the server's caps
(`GET /api/limits`). Errors are one line: `{"detail": "field: value is not valid; expected ..."}`."""


# --------------------------------------------------------------------------- request size
class BodyLimit:
    """ASGI middleware: a request body over ``max_bytes`` is refused with 413 before the app reads it."""

    def __init__(self, app, max_bytes: int):
        self.app = app
        self.max_bytes = int(max_bytes)

    async def _refuse(self, scope, receive, send, size: str):
        msg = str(CapError("request body", size, f"at most {self.max_bytes} bytes (this server's limit)", status=413))
        await JSONResponse({"detail": msg}, status_code=413)(scope, receive, send)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.strip().isdigit() and int(declared) > self.max_bytes:
            return await self._refuse(scope, receive, send, f"{int(declared)} bytes")
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return                       # the client went away
            body = message.get("body", b"")
            size += len(body)
            if size > self.max_bytes:
                return await self._refuse(scope, receive, send, f"more than {self.max_bytes} bytes")
            chunks.append(body)
            more = message.get("more_body", False)
        data, replayed = b"".join(chunks), False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": data, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


# --------------------------------------------------------------------------- errors
def _field(loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _short(value: Any, width: int = 80) -> Any:
    if isinstance(value, (dict, list)) or (isinstance(value, str) and len(value) > width):
        text = repr(value)
        return text if len(text) <= width else text[: width - 1] + "…"
    return value


def _project_message(body: Any, key: str) -> str | None:
    """The project's own message for a bad ``scenario`` / ``trial`` mapping (close-match hints and all)."""
    raw = body.get(key) if isinstance(body, dict) else None
    if not isinstance(raw, dict):
        return None
    try:
        if key == "scenario":
            from myokinetics.io.scenario import Scenario

            Scenario.from_dict(raw)
        else:
            from myokinetics.trial.spec import TrialSpec

            TrialSpec.from_dict(raw)
    except MyokineticsError as exc:
        return f"{key}.{exc}"
    except Exception:            # the project parser disagrees with pydantic: use pydantic's message
        return None
    return None


def validation_message(exc: RequestValidationError) -> str:
    errors = exc.errors()
    if not errors:
        return "request: not valid"
    err = errors[0]
    loc = [p for p in err.get("loc", ()) if p not in ("body", "query", "path")]
    if err.get("type") == "json_invalid":
        return "request body: not valid JSON (" + str(err.get("msg", "")).lower() + ")"
    body = getattr(exc, "body", None)
    if loc and loc[0] in ("scenario", "trial"):
        msg = _project_message(body, loc[0])
        if msg:
            return msg
    field = _field(loc) or "request body"
    kind = err.get("type", "")
    if kind == "missing":
        return str(InputError(field, "(missing)", "a value: this key is required"))
    if kind == "extra_forbidden":
        return str(InputError(field, loc[-1] if loc else "?", "a known key (not this one)"))
    text = str(err.get("msg", "")).replace("Input should be ", "").replace("Value error, ", "")
    return str(InputError(field, _short(err.get("input")), text))


def _error(status: int, message: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"detail": " ".join(str(message).split())}, status_code=status, headers=headers)


def _install_handlers(app: FastAPI, limits: Limits) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        return _error(422, validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 400 and str(exc.detail).startswith("There was an error parsing the body"):
            return _error(422, "request body: not valid JSON (not UTF-8 text, or not JSON)")
        return _error(exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(MyokineticsError)
    async def _input(request: Request, exc: MyokineticsError):
        return _error(getattr(exc, "status", 422), str(exc))

    @app.exception_handler(RunTimeout)
    async def _timeout(request: Request, exc: RunTimeout):
        return _error(422, str(CapError("run time", f"more than {limits.timeout_s:g} s",
                                        f"at most {limits.timeout_s:g} s per request (this server's limit)",
                                        "ask for fewer subjects, a shorter duration or a coarser output interval")))

    @app.exception_handler(Busy)
    async def _busy(request: Request, exc: Busy):
        return _error(503, f"server busy: {exc}; retry in a few seconds", {"Retry-After": "5"})

    @app.exception_handler(JobFailed)
    async def _bug(request: Request, exc: JobFailed):
        return _error(500, f"internal error: {exc} (a bug in myokinetics; the server's log has the details)")


# --------------------------------------------------------------------------- the app
def create_app(limits: Limits | None = None, workers: int = 1, warm: bool = True) -> FastAPI:
    """The web page and the JSON API.  ``workers``: simulation worker processes; ``warm``: start them (and
    load the model) when the app starts, rather than on the first request."""
    from myokinetics import __version__
    from myokinetics.web.api import router

    limits = limits or Limits()
    runner = Runner(limits, workers)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if warm:
            threading.Thread(target=_warm, args=(runner,), daemon=True, name="myokinetics-warm").start()
        try:
            yield
        finally:
            runner.close()

    app = FastAPI(title="myokinetics", version=__version__, description=DESCRIPTION, lifespan=lifespan)
    app.state.runner = runner
    app.state.limits = limits
    app.add_middleware(BodyLimit, max_bytes=limits.max_body_bytes)
    _install_handlers(app, limits)
    app.include_router(router)

    @app.get("/", include_in_schema=False)
    def page():
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    def plotly_js():
        return FileResponse(plotly_bundle(), media_type="text/javascript")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def plotly_bundle() -> Path:
    """Plotly.js as bundled by the installed ``plotly`` package (the page works offline: no CDN)."""
    import plotly

    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    if not path.is_file():
        raise InputError("plotly", str(path), "the plotly package with its bundled plotly.min.js (pip install plotly)")
    return path


def _warm(runner: Runner) -> None:
    try:
        runner.warm()
        log.info("simulation workers ready")
    except Exception:            # the first request will try again and report the error
        log.exception("starting the simulation workers failed")


def check_port(host: str, port: int) -> None:
    """Refuse a port that is not a port number or is taken, as a one-line InputError."""
    if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
        raise InputError("--port", port, "a port number from 1 to 65535")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise InputError("--host", host, "a host name or address of this machine", str(exc)) from None
    family, _, _, _, addr = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(addr)
        except OSError as exc:
            raise InputError("--port", port, "a free port on this host", exc.strerror or str(exc)) from None


def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 1, limits: Limits | None = None,
          echo=print) -> None:
    """Run the page and the API with uvicorn until interrupted."""
    import uvicorn

    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise InputError("--workers", workers, "a whole number >= 1")
    check_port(host, port)
    shown = f"[{host}]" if ":" in host else host
    echo(f"myokinetics: the page is at http://{shown}:{port}/ and the API at http://{shown}:{port}/api "
         f"(schema: /openapi.json); Ctrl-C stops it")
    uvicorn.run(create_app(limits, workers), host=host, port=port, log_level="info")
