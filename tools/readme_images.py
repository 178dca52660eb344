"""Regenerate the pictures of the README's quick tour (docs/images/): `python tools/readme_images.py`."""
from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from myokinetics.cli import app

IMAGES = Path(__file__).parents[1] / "docs" / "images"
RUNS = {
    "headline-program.png": [],
    "headline-workout.png": ["--session", "Back squat 4x8 @ 75% 1RM, rest 2 min", "--session",
                             "Bench press 3x10 @ 70% 1RM", "-n", "20"],
}


def main() -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    runner = CliRunner()
    for name, args in RUNS.items():
        r = runner.invoke(app, ["simulate", "-q", *args, "--plot", str(IMAGES / name)], catch_exceptions=False)
        if r.exit_code != 0:
            raise SystemExit(r.output)
        print(f"wrote {IMAGES / name}")


if __name__ == "__main__":
    main()
