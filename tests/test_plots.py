"""The default figure: at most 12 plainly titled panels, no offset axes, peaks marked, a note when output hides them."""
from __future__ import annotations

import pytest

from myokinetics.plots import MAX_PANELS, all_panels, build_figure, headline_panels, plot_result


@pytest.fixture(scope="module")
def acute():
    from myokinetics.api import simulate
    from myokinetics.cli import build_scenario

    return simulate(build_scenario(None, ["Back squat 4x8 @ 75% 1RM, rest 2 min"], 24, 1, 0))


@pytest.fixture(scope="module")
def program():
    from myokinetics.api import simulate
    from myokinetics.cli import build_scenario

    return simulate(build_scenario(None, None, 21 * 24, None, None))


@pytest.mark.parametrize("which", ["acute", "program"])
def test_headline_figure_has_at_most_12_labelled_panels(request, which):
    ds = request.getfixturevalue(which)
    panels = headline_panels(ds)
    assert 6 <= len(panels) <= MAX_PANELS
    fig = build_figure(ds, panels)
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert len(axes) == len(panels)
    for ax in axes:
        title = ax.get_title()
        assert "(" in title and ")" in title, title          # the unit, in plain words
        assert ax.yaxis.get_major_formatter().get_useOffset() is False
    fig.canvas.draw()                                         # offsets would show as axis offset text
    assert all(ax.yaxis.get_offset_text().get_text() == "" for ax in axes)


def test_acute_peaks_are_marked(acute):
    fig = build_figure(acute)
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert any(t.startswith("peak ") and " h" in t for t in texts), texts      # e.g. 'peak 5.97 at 0.167 h'
    assert any(t.startswith("low ") for t in texts)                             # readiness falls, then recovers


def test_note_when_output_is_coarser_than_the_peaks(acute, program):
    fig = build_figure(program, note="output every 1 h is too coarse")
    assert "Note: output every 1 h" in fig.get_supxlabel()
    from myokinetics.summary import hidden_peaks_note

    assert hidden_peaks_note(acute) is None and hidden_peaks_note(program)


def test_plot_all_draws_every_variable(acute):
    from myokinetics.summary import outcome_variables

    assert len(all_panels(acute)) == len(outcome_variables(acute)) > MAX_PANELS


def test_interactive_html(tmp_path, acute):
    pytest.importorskip("plotly")
    from myokinetics.plots import build_plotly

    fig = build_plotly(acute)
    titles = [a.text for a in fig.layout.annotations]
    assert len([t for t in titles if "(" in t]) <= MAX_PANELS
    p = plot_result(acute, tmp_path / "r.html")
    page = p.read_text()
    assert page.startswith("<!DOCTYPE html>") and "plotly" in page.lower() and "Plotly.newPlot" in page
    assert "<img alt=\"time courses\"" not in page and "Readiness" in page and "IL-6" in page
