"""The methods the meta-learner is compared with, by name: what each runs on one episode.

One dispatch serves `eval --method` (engine/training/methods.py scores many episodes) and the
per-episode comparison (engine/inference/compare.py traces one), so both run the same thing.

  * meta-lstm          the trained meta-learner, as `eval` runs it
  * finetune           the paper's Baseline-finetune: pretrained learner, fresh head, SGD
  * nearest-neighbour  the paper's Baseline-nearest-neighbour: 1-NN cosine, pretrained embedding
  * pixel-nn           1-NN cosine on raw pixels
  * sgd-from-c0        c_0, then T steps of plain SGD (rate tuned on meta-validation)
  * adam-from-c0       c_0, then T steps of Adam (rate tuned likewise)
  * f=1                the meta-learner with its forget gate held at 1
  * i=const            the meta-learner with its input gate held per layer at its mean
  * random-init        the learned update from a fresh θ_0 instead of c_0
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

import numpy as np
import torch
from torch import Tensor

from engine.model.adapt import Adaptation, GradHook, StepHook, adapt
from engine.model.baselines import PretrainedBody, embedding, finetune, nearest_neighbour
from engine.model.learner import Learner
from engine.model.metalearner import GateForcing, MetaLearner
from engine.model.update_rules import SGD, Adam

METHODS: tuple[str, ...] = (
    "meta-lstm",
    "finetune",
    "nearest-neighbour",
    "pixel-nn",
    "sgd-from-c0",
    "adam-from-c0",
    "f=1",
    "i=const",
    "random-init",
)
INNER_LOOP: tuple[str, ...] = (
    "meta-lstm",
    "sgd-from-c0",
    "adam-from-c0",
    "f=1",
    "i=const",
    "random-init",
)
"""Methods that run `adapt`: T steps on the support set, the meta-learner's batch norm."""
PRETRAINED: tuple[str, ...] = ("finetune", "nearest-neighbour")
"""Methods that need the pretrained learner."""
NEAREST: tuple[str, ...] = ("nearest-neighbour", "pixel-nn")


def check_method(name: str) -> str:
    """The name, or a one-line error naming the choices."""
    if name not in METHODS:
        raise ValueError(f"unknown method '{name}' (choose from {', '.join(METHODS)})")
    return name


@dataclass(frozen=True)
class MethodSettings:
    """A method's hyper-parameters, chosen before the test episodes (engine/training/tuning.py).

    lr: SGD/Adam rate, or fine-tune's; decay: fine-tune's annealing; passes: fine-tune's
    passes over the support set; input_gate: i=const's value per learner layer."""

    lr: Optional[float] = None
    decay: Optional[float] = None
    passes: Optional[int] = None
    input_gate: Optional[tuple[float, ...]] = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in ("lr", "decay", "passes"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.input_gate is not None:
            out["input_gate"] = [round(v, 6) for v in self.input_gate]
        return out


def _need(value: Optional[Any], name: str, what: str) -> Any:
    if value is None:
        raise ValueError(f"method '{name}' needs its {what} (tune it on meta-validation first)")
    return value


def adapt_method(
    name: str,
    settings: MethodSettings,
    meta: MetaLearner,
    learner: Learner,
    x: Tensor,
    y: Tensor,
    way: int,
    steps: int,
    inner_batch: int = 0,
    rng: Optional[np.random.Generator] = None,
    generator: Optional[torch.Generator] = None,
    on_step: Optional[StepHook] = None,
    on_grad: Optional[GradHook] = None,
) -> Adaptation:
    """One of the INNER_LOOP methods on a support set: `adapt` with the one change that names
    it. `generator` draws random-init's θ_0 (the learner's ordinary initialisation)."""
    common: dict[str, Any] = {"on_step": on_step, "on_grad": on_grad}
    if name == "sgd-from-c0":
        common["rule"] = SGD(_need(settings.lr, name, "learning rate"))
    elif name == "adam-from-c0":
        common["rule"] = Adam(_need(settings.lr, name, "learning rate"))
    elif name == "f=1":
        common["forcing"] = GateForcing(forget=1.0)
    elif name == "i=const":
        gate = torch.tensor(_need(settings.input_gate, name, "input gate per layer"))
        common["forcing"] = GateForcing(input=gate.to(x.device)[learner.layer_ids(way, x.device)])
    elif name == "random-init":
        fresh = learner.init_params(_need(generator, name, "generator")).to(x.device)
        common["theta0"] = learner.expand(fresh, way)
    elif name != "meta-lstm":
        raise ValueError(f"method '{check_method(name)}' does not run the inner loop")
    return adapt(meta, learner, x, y, way, steps, inner_batch, rng, **common)


def finetune_method(
    settings: MethodSettings,
    learner: Learner,
    pre: PretrainedBody,
    x: Tensor,
    y: Tensor,
    way: int,
    rng: np.random.Generator,
    generator: torch.Generator,
    on_step: Optional[StepHook] = None,
    on_grad: Optional[GradHook] = None,
) -> Tensor:
    """Baseline-finetune with its tuned settings; θ at the end."""
    return finetune(
        learner,
        pre,
        x,
        y,
        way,
        _need(settings.lr, "finetune", "learning rate"),
        _need(settings.decay, "finetune", "annealing"),
        _need(settings.passes, "finetune", "passes"),
        rng,
        generator,
        on_step,
        on_grad,
    )


def nearest_method(
    name: str,
    learner: Learner,
    pre: Optional[PretrainedBody],
    support_x: Tensor,
    support_y: Tensor,
    query_x: Tensor,
) -> Tensor:
    """Query labels by 1-NN cosine: on the pretrained embedding, or on raw pixels."""
    if name == "pixel-nn":
        return nearest_neighbour(support_x, support_y, query_x)
    if name != "nearest-neighbour":
        raise ValueError(f"method '{check_method(name)}' is not a nearest-neighbour method")
    pre = _need(pre, name, "pretrained learner")
    with torch.no_grad():
        return nearest_neighbour(
            embedding(learner, pre, support_x), support_y, embedding(learner, pre, query_x)
        )


def init_generator(rng: np.random.Generator) -> torch.Generator:
    """A torch generator seeded from a numpy one: the fresh heads and θ_0 drawn per episode."""
    return torch.Generator().manual_seed(int(rng.integers(0, 2**62)))
