"""The tour's look at "How it works" on the episode it just replayed: the update of the weight
that moved most in the classifier, at a middle step, with its numbers checked against the
trace; then the classes in the PCA plane, the structure and the MAML comparison, a PNG each."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from mlstm_gui.explore.exploration import ExplorationController
    from mlstm_gui.tour.driver import Tour

SHOTS = ("panel-how-it-works.png", "panel-how-structure.png", "panel-how-classes.png")


def run_how_steps(
    tour: "Tour",
    ctl: "ExplorationController",
    grab: Callable[["Tour", Any, str], str],
    shots: list[str],
) -> dict[str, Any]:
    """Drive the view like a user (the replay slider moves it); append problems to tour.errors."""
    how, tr = ctl.how, ctl.last_result.trace if ctl.last_result else None
    if tr is None or how.result is None:
        tour.errors.append("How it works got no replay")
        return {}
    ctl.widget.tabs.setCurrentWidget(how)
    how.tabs.setCurrentIndex(0)
    t = max(1, (tr.steps + 1) // 2)
    ctl.replay.slider.setValue(t)
    panel = how.update_panel
    shown = panel.steps_shown
    if shown is None or how.t != t:
        tour.errors.append("How it works does not follow the replay slider")
        return {}
    for key, want in (("theta", tr.theta[1:, shown.index]), ("grad", tr.grad[:, shown.index])):
        if not np.allclose(panel.table_column(key), want, rtol=1e-6, atol=1e-12):
            tour.errors.append(f"How it works shows a {key} that is not the trace's")
    shots.append(grab(tour, ctl.widget, SHOTS[0]))
    how.tabs.setCurrentIndex(1)
    shots.append(grab(tour, ctl.widget, SHOTS[1]))
    how.tabs.setCurrentIndex(2)
    pr = how.classes.projection
    if pr is None or not np.allclose(how.classes.positions()[0], pr.support[t]):
        tour.errors.append("the class projection does not show step t")
    shots.append(grab(tour, ctl.widget, SHOTS[2]))
    how.tabs.setCurrentIndex(0)
    return {
        "how_coordinate": shown.name,
        "how_step": t,
        "how_forget_gap": float(np.abs(1.0 - shown.forget).max()),
        "how_separation": [round(float(v), 4) for v in pr.separation] if pr is not None else [],
    }
