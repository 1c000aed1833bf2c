"""docs/RESULTS.md's method table from the JSON that `main.py eval --method ... --json` wrote.

    python scripts/method_table.py docs/results/methods-omniglot-5w1s.json [more.json ...]

Columns are the files' N-way K-shot tasks, rows the methods, in the order first seen. A file
whose pretraining recipe is not the default gets its own rows, named with its rate. Each cell:
accuracy ± 95% CI in %, and the tuned settings below the table."""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def _row_name(method: str, run: dict) -> str:
    pre = run.get("pretrained", {}).get("settings", {})
    if method in ("finetune", "nearest-neighbour") and pre.get("lr", 0.01) != 0.01:
        return f"{method} (pretrained at lr {pre['lr']:g})"
    return method


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("files", nargs="+", type=Path)
    args = p.parse_args()
    cells: dict[str, dict[str, str]] = {}
    notes: list[str] = []
    tasks: list[str] = []
    for path in args.files:
        run = json.loads(path.read_text(encoding="utf-8"))
        task = f"{run['way']}-way {run['shot']}-shot"
        if task not in tasks:
            tasks.append(task)
        for m in run["methods"]:
            name = _row_name(m["method"], run)
            cells.setdefault(name, {})[task] = f"{100 * m['accuracy']:.2f} ± {100 * m['ci95']:.2f}"
            chosen = {k: v for k, v in m["settings"].items() if k != "input_gate"}
            if chosen:
                val = m.get("tuning", {}).get("val_accuracy")
                tuned = f" (validation {100 * val:.2f} %)" if val is not None else ""
                notes.append(f"- {name}, {task}: {chosen}{tuned}")
            if "input_gate" in m["settings"]:
                gates = "/".join(f"{v:.3f}" for v in m["settings"]["input_gate"])
                notes.append(f"- {name}, {task}: input gate per layer (conv1–4/fc) {gates}")
        print(f"<!-- {path}: {run['episodes']} episodes, seed {run['seed']} -->")
    print("| method | " + " | ".join(tasks) + " |")
    print("|---|" + "---|" * len(tasks))
    for name, row in cells.items():
        print(f"| {name} | " + " | ".join(row.get(t, "–") for t in tasks) + " |")
    print()
    print("\n".join(notes))


if __name__ == "__main__":
    main()
