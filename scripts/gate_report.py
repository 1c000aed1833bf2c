"""What a trained meta-learner's gates do: input gate (the learning rate) and forget gate (the
weight decay) per learner layer against the inner step, over test episodes.

    python scripts/gate_report.py --checkpoint assets/checkpoints/omniglot-5w1s.pt \
        [--episodes 100] [--png docs/results/omniglot-5w1s-gates.png] [--json FILE]

Each episode is adapted with the engine's trace (`engine.inference.trace.trace_episode`, the test-time
inner loop); per layer and step the gates are summarised by `engine.model.adapt.gate_stats` and
the summaries averaged over the episodes. Prints a Markdown table (mean, and in brackets the
mean over episodes of the per-episode min and max). The forget gate sits so close to 1 that
it is shown as 1 − f."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def collect(checkpoint: str, episodes: int, split: str = "test") -> dict:
    import torch

    from engine.data.datasets import load_splits
    from engine.data.episodes import EpisodeSampler, episode_rng
    from engine.inference.trace import trace_episode
    from engine.io.checkpoint import load_model
    from engine.model.gates import gate_stats

    torch.set_num_threads(1)
    model = load_model(checkpoint)
    cfg = model.config
    splits, _ = load_splits(cfg)
    sampler = EpisodeSampler(splits[split], cfg.way, cfg.shot, cfg.query, split=split)
    layer_ids = model.learner.layer_ids(cfg.way)
    layers = list(model.learner.layer_slices(cfg.way))
    sums: dict[str, dict[str, np.ndarray]] = {}
    for k in range(episodes):
        ep = sampler.sample(episode_rng(0, k, f"eval-{split}"))  # eval's first episodes
        trace = trace_episode(model.meta, model.learner, ep, cfg.inner_steps)
        for gate in ("input", "forget"):
            stats = gate_stats(torch.from_numpy(getattr(trace, gate)), layer_ids, len(layers))
            acc = sums.setdefault(gate, {})
            for field in ("mean", "min", "max"):
                value = np.asarray(getattr(stats, field))  # (layers, T)
                acc[field] = acc.get(field, 0) + value
    out = {
        "checkpoint": checkpoint,
        "episodes": episodes,
        "split": split,
        "layers": layers,
        "steps": cfg.inner_steps,
    }
    for gate, acc in sums.items():
        out[gate] = {field: (value / episodes).tolist() for field, value in acc.items()}
    return out


def markdown(report: dict) -> str:
    steps = report["steps"]
    head = "| gate | layer | " + " | ".join(f"t = {t}" for t in range(1, steps + 1)) + " |"
    rows = [head, "|" + "---|" * (steps + 2)]
    for gate in ("input", "forget"):
        g = report[gate]
        for i, layer in enumerate(report["layers"]):
            if gate == "input":
                cells = [
                    f"{g['mean'][i][t]:.3g} [{g['min'][i][t]:.2g}, {g['max'][i][t]:.2g}]"
                    for t in range(steps)
                ]
            else:  # 1 − f: the max of f is the min of 1 − f
                cells = [
                    f"{1 - g['mean'][i][t]:.2g} [{1 - g['max'][i][t]:.2g}, "
                    f"{1 - g['min'][i][t]:.2g}]"
                    for t in range(steps)
                ]
            name = "input i" if gate == "input" else "1 − forget f"
            rows.append(f"| {name} | {layer} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def plot(report: dict, png: str) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import pyqtgraph as pg
    import pyqtgraph.exporters  # noqa: F401
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    pg.setConfigOptions(background="w", foreground="k", antialias=True)
    win = pg.GraphicsLayoutWidget()
    win.resize(1200, 450)
    t = np.arange(1, report["steps"] + 1)
    colors = [(31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189)]
    for col, (gate, label) in enumerate(
        (("input", "input gate i_t (learning rate)"), ("forget", "1 − forget gate f_t"))
    ):
        p = win.addPlot(
            row=0,
            col=col,
            title=f"{label}, mean over {report['episodes']} {report['split']} episodes",
        )
        p.addLegend(offset=(10, 10))
        p.setLabel("bottom", "inner step t")
        p.setLogMode(y=True)
        p.showGrid(x=True, y=True, alpha=0.3)
        for i, layer in enumerate(report["layers"]):
            mean = np.asarray(report[gate]["mean"][i])
            y = mean if gate == "input" else np.maximum(1.0 - mean, 1e-12)
            p.plot(
                t,
                y,
                pen=pg.mkPen(colors[i % 5], width=1),
                symbol="o",
                symbolSize=6,
                symbolBrush=colors[i % 5],
                name=layer,
            )
    app.processEvents()
    pg.exporters.ImageExporter(win.scene()).export(png)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--checkpoint", default="assets/checkpoints/omniglot-5w1s.pt")
    ap.add_argument("--episodes", type=int, default=100)
    ap.add_argument("--png", help="also draw the means against t into this PNG")
    ap.add_argument("--json", help="also write the numbers as JSON")
    args = ap.parse_args()
    report = collect(args.checkpoint, args.episodes)
    print(markdown(report))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1), encoding="utf-8")
    if args.png:
        plot(report, args.png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
