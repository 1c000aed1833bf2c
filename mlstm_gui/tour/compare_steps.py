"""The tour's duel (issue 16): the replayed episode compared, from the Replay tab's button, by
the meta-learner, finetune, nearest-neighbour and SGD from c_0 (the four-method compare the
speed target is about), then with the f = 1 ablation ticked, which re-runs it live. The
curves on show are checked against the result's arrays; panel-compare.png is saved, and
compare_* figures go into tour.json."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Callable

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from mlstm_gui.explore.exploration import ExplorationController
    from mlstm_gui.tour.driver import Tour

SHOT = "panel-compare.png"


def _check_curves(tour: "Tour", view: Any) -> None:
    from engine.model.methods import NEAREST
    from mlstm_gui.explore.compare_view import CURVES

    for tr in view.result.comparison.traces:
        for name in CURVES:
            want = getattr(tr, name)
            _, y = view.curve_data(name, tr.method)
            if tr.method in NEAREST:
                want = np.repeat(want, 2)
            if len(y) != len(want) or not np.allclose(y, want, equal_nan=True):
                tour.errors.append(f"Compare: the {name} curve of {tr.method} is not the engine's")


def run_compare_steps(
    tour: "Tour",
    ctl: "ExplorationController",
    grab: Callable[["Tour", Any, str], str],
    shots: list[str],
) -> dict[str, Any]:
    """Drive the Compare tab like a user; append problems to tour.errors."""
    from mlstm_gui.common.latency import LatencyProbe

    view = ctl.widget.compare
    probe = LatencyProbe(10)
    probe.start()
    wall = time.perf_counter()
    if not ctl.replay.isAncestorOf(ctl.widget.compare_here):
        tour.errors.append("the Replay tab has no Compare button")
    ctl.widget.compare_here.click()
    job = view.job
    if job is None:
        tour.errors.append(f"compare refused: {view.summary.text()}")
        return {}
    if not tour.wait(lambda: job.settled, "the four-method compare"):
        return {}
    res = view.result
    if res is None or res is not job.result:
        tour.errors.append(f"the compare failed: {job.error}")
        return {}
    out: dict[str, Any] = {
        "compare_methods": [t.method for t in res.comparison.traces],
        "compare_s": round(res.seconds, 3),
        "compare_wall_s": round(time.perf_counter() - wall, 3),
        "compare_skipped": list(res.skipped),
        "compare_pretrained": res.pretrained,
    }
    if len(res.comparison.traces) != 4:
        tour.errors.append(f"expected a four-method compare, got {out['compare_methods']}")
    _check_curves(tour, view)
    # The f = 1 ablation: ticking it re-runs the comparison, nothing else to press.
    wall = time.perf_counter()
    view.boxes["f=1"].setChecked(True)
    live = view.job
    if live is None or live is job or not tour.wait(lambda: live.settled, "the f = 1 re-run"):
        tour.errors.append("ticking f = 1 did not re-run the comparison")
        return out
    res = view.result
    if res is None or "f=1" not in [t.method for t in res.comparison.traces]:
        tour.errors.append("the f = 1 re-run does not show f = 1")
        return out
    out["compare_ablation_s"] = round(res.seconds, 3)
    out["compare_ablation_wall_s"] = round(time.perf_counter() - wall, 3)
    _check_curves(tour, view)
    t = res.comparison["meta-lstm"].steps
    view.slider.setValue(t)
    if view.grid.shown().get("meta-lstm") != res.comparison["meta-lstm"].query_pred[t].tolist():
        tour.errors.append("Compare's predictions at t are not the meta-learner's")
    out["compare_query_acc"] = {
        tr.method: round(float(tr.query_acc[min(t, tr.steps)]), 4) for tr in res.comparison.traces
    }
    out["compare_final_query_acc"] = {
        tr.method: round(float(tr.query_acc[-1]), 4) for tr in res.comparison.traces
    }
    out["compare_max_ui_stall_ms"] = probe.summary()["max_ms"]
    probe.stop()
    shots.append(grab(tour, ctl.widget, SHOT))
    return out
