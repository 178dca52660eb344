"""The page in a real headless Chromium (Playwright): `myokinetics serve` on a free port, a program typed in,
run, the result read back from the page, a screenshot taken.

The browser is Debian's ``chromium`` (``apt-get install chromium``), or any Chromium named by
``MYOKINETICS_CHROMIUM``, or Playwright's own (``python -m playwright install chromium``); nothing is
downloaded here.  Without one the tests skip and say so, unless ``MYOKINETICS_REQUIRE_BROWSER=1``
(CI sets it through ./dev), when they fail.  ``MYOKINETICS_WEB_SCREENSHOT=PATH`` also saves the
screenshot there (docs/img/web.png was made so).
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra (fastapi, uvicorn, plotly) is not installed")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (test extra) is not installed")

#: Longest wait for a result on the page (a cold cache compiles the model first: minutes).
RESULT_TIMEOUT_MS = 15 * 60 * 1000
NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium(playwright) -> str | None:
    """A Chromium executable: $MYOKINETICS_CHROMIUM, one on PATH, or Playwright's own if installed."""
    given = os.environ.get("MYOKINETICS_CHROMIUM")
    if given:
        return given if os.access(given, os.X_OK) else None
    for name in NAMES:
        path = shutil.which(name)
        if path:
            return path
    try:
        own = playwright.chromium.executable_path
    except Exception:
        return None
    return own if own and os.access(own, os.X_OK) else None


def _no_browser(reason: str):
    if os.environ.get("MYOKINETICS_REQUIRE_BROWSER") == "1":
        pytest.fail(reason + " (MYOKINETICS_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        exe = find_chromium(p)
        if exe is None:
            _no_browser("no Chromium found: install Debian's chromium (apt-get install chromium), or run "
                        "'python -m playwright install chromium', or set MYOKINETICS_CHROMIUM")
        args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []   # root: no sandbox
        try:
            b = p.chromium.launch(executable_path=exe, headless=True, args=args)
        except Exception as exc:
            _no_browser(f"Chromium at {exe} did not start: {str(exc).splitlines()[0]}")
        yield b
        b.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`myokinetics serve` in a subprocess on a free port; yields its base URL."""
    port = _free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with open(log, "w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "myokinetics", "serve", "--host", "127.0.0.1", "--port", str(port)],
                                stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(url + "/api/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"myokinetics serve did not start: {log.read_text()[-2000:]}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture()
def page(browser, server):
    pg = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(server + "/")
    yield pg
    pg.close()
    assert not errors, errors           # no JavaScript error on the page


def _run(page):
    page.click("#run")
    page.wait_for_function("document.getElementById('status').className !== 'busy'", timeout=RESULT_TIMEOUT_MS)


def test_enter_a_program_run_it_and_read_the_result(page, tmp_path):
    page.fill("#program-a", "Back squat 4x8 @ 75% 1RM, rest 2 min\nLeg extension 3x12 @ 70% 1RM")
    page.fill("#duration", "72 h")
    page.select_option("#sex", "female")
    page.fill("#age", "35")
    page.fill("#body-mass", "64")
    _run(page)
    assert page.inner_text("#status") == "done", page.inner_text("#status")
    rows = page.locator("#headline-table tbody tr")
    assert 1 <= rows.count() <= 30
    il6 = page.locator("#headline-table tbody tr[data-variable=il6]")
    cells = il6.locator("td").all_inner_texts()
    assert cells[0] == "IL-6" and cells[1] == "pg/mL"
    start, peak = float(cells[2]), float(cells[6])
    assert peak > start > 0                                     # the workout raised plasma IL-6
    assert re.fullmatch(r"\d+(\.\d+)? h", cells[7])
    lifts = page.locator("#headline-table tbody tr[data-variable=one_rm] td.name").all_inner_texts()
    assert lifts == ["1RM, Back squat", "1RM, Leg extension"]
    plots = page.locator("#plots .panel .main-svg")
    assert 1 <= page.locator("#plots .panel").count() <= 12 and plots.count() >= 1
    assert "IL-6" in page.inner_text("#plots")
    assert "session:" in page.text_content("#scenario-yaml")     # in a closed <details>
    shot = tmp_path / "web.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
    target = os.environ.get("MYOKINETICS_WEB_SCREENSHOT")
    if target:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, target)

    with page.expect_download() as dl:
        page.click("#download-csv")
    path = dl.value.path()
    assert dl.value.suggested_filename == "myokinetics-web.csv"
    assert Path(path).read_text().splitlines()[0] == "program,variable,coordinate,units,subject,time_h,value"


def test_compare_two_programs_side_by_side(page):
    page.check("#mode-compare")
    page.fill("#program-a", "Back squat 5x5 @ 85% 1RM, rest 3 min")
    page.fill("#label-a", "heavy")
    page.fill("#program-b", "Back squat 3x15 @ 60% 1RM, rest 90 s")
    page.fill("#label-b", "light")
    page.fill("#duration", "24 h")
    _run(page)
    assert page.inner_text("#status") == "done", page.inner_text("#status")
    head = page.locator("#headline-table thead th").all_inner_texts()
    assert head[2:] == ["heavy: end", "heavy: change %", "light: end", "light: change %"]
    programs = set(page.locator("#comparison-table tbody tr td:nth-child(2)").all_inner_texts())
    assert programs == {"heavy", "light"}
    assert "heavy vs light" in page.inner_text("#result-title")


def test_bad_program_is_one_line_on_the_page(page):
    page.fill("#program-a", "Bnech press 3x8 @ 70% 1RM")
    _run(page)
    status = page.locator("#status")
    assert status.get_attribute("class") == "error"
    text = status.inner_text()
    assert text.startswith("program line 1: 'Bnech press' is not valid") and "did you mean 'Bench press'" in text
    assert "\n" not in text
