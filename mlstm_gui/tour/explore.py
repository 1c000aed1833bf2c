"""The exploration part of `main.py tour`: after training, pick the latest training episode,
replay it through every step, open the parameter inspector and How it works (tour/how_steps.py),
compare methods on the same episode (tour/compare_steps.py), and run the try-it panel on a
small image set built from the embedded Omniglot test alphabets, then on Load examples and on
characters drawn on the pad (tour/draw_steps.py); a PNG of each panel, and figures for
tour.json (replay_s, classify_s, compare_s, the GUI thread's stalls meanwhile)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from mlstm_gui.tour.driver import Tour

TRYIT_CLASSES = 5  # labelled classes (1 support image each, the rest are queries)
PANEL_SIZE = (1400, 880)


def write_image_set(root: Path, classes: int = TRYIT_CLASSES) -> dict[str, int]:
    """root/<class>/*.png from the embedded Omniglot test alphabets (drawn dark on white, as
    a user's scans would be), plus unlabelled/ from one more class, and one corrupt and one
    non-image file to show the skip notes. Returns counts."""
    from PIL import Image

    from engine.data.omniglot import omniglot_splits

    test = omniglot_splits()["test"]
    rng = np.random.default_rng(0)
    picks = rng.choice(test.n_classes, classes + 1, replace=False)
    labelled = root / "classes"
    written = 0
    for c in picks[:classes]:
        folder = labelled / test.class_names[c].replace("/", "-")
        folder.mkdir(parents=True, exist_ok=True)
        for k, i in enumerate(test.indices_of(int(c))):
            Image.fromarray(255 - test.images[i][:, :, 0]).save(folder / f"{k:02d}.png")
            written += 1
    first = sorted(labelled.iterdir())[0]
    (first / "corrupt.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    (first / "readme.txt").write_text("not an image\n", encoding="utf-8")
    unlabelled = root / "unlabelled"
    unlabelled.mkdir(parents=True, exist_ok=True)
    extra = test.indices_of(int(picks[classes]))[:5]
    for k, i in enumerate(extra):
        Image.fromarray(255 - test.images[i][:, :, 0]).save(unlabelled / f"u{k}.png")
    return {"labelled": written, "unlabelled": len(extra)}


def _grab(tour: "Tour", widget, name: str) -> str:
    for _ in range(3):
        tour.window.repaint()
        from PySide6.QtWidgets import QApplication

        QApplication.processEvents()
    if not widget.grab().save(str(tour.out / name)):
        tour.errors.append(f"could not save {name}")
    return name


def run_exploration(tour: "Tour", scratch: Path) -> dict:
    """Drive the Explore dock like a user; append problems to tour.errors."""
    from mlstm_gui.common.latency import LatencyProbe

    w = tour.window
    ctl = getattr(w, "exploration", None)
    if ctl is None:
        tour.errors.append("the window has no Explore dock")
        return {}
    out: dict = {"screenshots": []}
    shots = out["screenshots"]
    probe = LatencyProbe(10)
    probe.start()
    dock, tabs = ctl.dock, ctl.widget.tabs
    dock.show()
    dock.raise_()
    dock.setFloating(True)  # a full-size panel for the screenshots
    dock.resize(*PANEL_SIZE)
    # Episode: the latest training episode of the run just trained.
    tabs.setCurrentWidget(ctl.picker)
    picked = ctl.picker.choose_latest()
    if picked is None:
        tour.errors.append("no recent training episode to pick")
        return out
    shots.append(_grab(tour, ctl.widget, "panel-picker.png"))
    # Replay it with the run's meta-learner, then step through every t.
    stalls: dict[str, dict] = {}
    probe.reset()  # stalls while the replay runs in the background and its views fill
    wall = time.perf_counter()
    if not ctl.replay_current(show=True):
        tour.errors.append(f"replay refused: {ctl.widget.status.text()}")
        return out
    if not tour.wait(lambda: ctl.last_result is not None, "the replay"):
        return out
    stalls["replay"] = probe.summary()
    res = ctl.last_result
    out["replay_s"] = round(res.seconds, 3)
    out["replay_wall_s"] = round(time.perf_counter() - wall, 3)
    tr = res.trace
    out["replay_steps"] = int(tr.steps)
    for t in range(tr.steps + 1):
        ctl.replay.slider.setValue(t)
        y = ctl.replay.markers["support_loss"].getData()[1]
        if ctl.replay.t != t or not np.isclose(y[0], tr.support_loss[t]):
            tour.errors.append(f"replay view at t = {t} does not show the trace's step {t}")
        if t == 0:
            shots.append(_grab(tour, ctl.widget, "panel-replay-t0.png"))
    shots.append(_grab(tour, ctl.widget, "panel-replay.png"))
    out["replay_query_acc"] = [round(float(a), 4) for a in tr.query_acc]
    # The inspector at the last step, and the trace as .npz.
    tabs.setCurrentWidget(ctl.inspector)
    insp = ctl.inspector
    if insp.trace is None or insp.delta.size == 0:
        tour.errors.append("the parameter inspector is empty")
    shots.append(_grab(tour, ctl.widget, "panel-inspector.png"))
    insp.export_npz(tour.out / "trace.npz")
    # How it works on the same replay: one weight's update, the structure, the classes.
    from mlstm_gui.tour.how_steps import run_how_steps

    out.update(run_how_steps(tour, ctl, _grab, shots))
    # The duel on the same episode: Compare, four methods, then an ablation ticked.
    from mlstm_gui.tour.compare_steps import run_compare_steps

    out.update(run_compare_steps(tour, ctl, _grab, shots))
    # Try it: the tour's own image set, K = 1, labelled and unlabelled queries.
    counts = write_image_set(scratch / "tryit")
    panel = ctl.tryit
    tabs.setCurrentWidget(panel)
    panel.add_paths([str(scratch / "tryit" / "classes")])
    panel.add_unlabelled([str(p) for p in sorted((scratch / "tryit" / "unlabelled").iterdir())])
    if not tour.wait(lambda: not panel.loading, "the try-it images"):
        return out
    outcomes: list = []
    panel.classified.connect(outcomes.append)
    probe.reset()
    wall = time.perf_counter()
    if not panel.classify():
        tour.errors.append(f"classify refused: {panel.message.text()}")
        return out
    if not tour.wait(lambda: bool(outcomes), "the classification"):
        return out
    stalls["classify"] = probe.summary()
    res = outcomes[0].result
    out["classify_s"] = round(outcomes[0].seconds, 3)
    out["classify_wall_s"] = round(time.perf_counter() - wall, 3)
    out["classify_queries"] = len(res.predictions)
    labelled = [p for p in res.predictions if p.label is not None]
    out["classify_accuracy"] = round(float(np.mean([p.label == p.predicted for p in labelled])), 4)
    out["classify_skipped"] = len(panel.skipped)
    out["classify_baselines"] = {b.method: b.accuracy for b in outcomes[0].baselines}
    if outcomes[0].baselines and not panel.results.baselines.text():
        tour.errors.append("Try it does not show the baselines' accuracy")
    if len(panel.skipped) != 2:
        tour.errors.append(f"expected 2 skip notes (corrupt.png, readme.txt), got {panel.skipped}")
    if len(res.predictions) != counts["labelled"] - TRYIT_CLASSES + counts["unlabelled"]:
        tour.errors.append(
            f"classified {len(res.predictions)} images, expected "
            f"{counts['labelled'] - TRYIT_CLASSES + counts['unlabelled']}"
        )
    panel.results.to_csv(tour.out / "tryit-results.csv")
    panel.preview(panel.cards[0].files[0])  # the image next to what the model sees
    shots.append(_grab(tour, ctl.widget, "panel-tryit.png"))
    cells = np.argwhere(panel.results.confusion_counts() > 0)
    off = [(r, c) for r, c in cells if r != c] or [tuple(cells[0])]
    dlg = panel.results.open_cell(int(off[0][0]), int(off[0][1]))
    if dlg is None:
        tour.errors.append("a confusion cell did not open its images")
    else:
        shots.append(_grab(tour, dlg, "panel-tryit-cell.png"))
        dlg.close()
    # The app's own material: Load examples, then characters drawn on the pad.
    from mlstm_gui.tour.draw_steps import run_draw_steps

    out.update(run_draw_steps(tour, ctl, _grab, shots))
    probe.stop()
    for job, lat in stalls.items():  # the GUI thread while the job ran and its results showed
        out[f"{job}_max_ui_stall_ms"] = lat["max_ms"]
    dock.setFloating(False)
    return out
