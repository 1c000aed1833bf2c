"""The paper's baselines on one episode: fine-tuning a pretrained learner, and 1-NN by cosine on
its embedding or on raw pixels (Ravi & Larochelle, Table 1, as the authors' code computes them).

Both baselines start from a learner pretrained as an ordinary classifier on every
meta-training class (engine/training/pretrain.py). Its batch norm keeps the population
statistics of that pretraining: fine-tuning takes one image per update, and a one-image
batch has no statistics of its own (at 28×28 the last block is 1×1)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor

from engine.model.adapt import GradHook, StepHook
from engine.model.learner import BNState, Learner
from engine.model.update_rules import SGD


@dataclass(frozen=True)
class PretrainedBody:
    """A learner body (θ without the head) and its batch-norm population statistics."""

    body: Tensor  # (learner.body_size,)
    bn: BNState
    classes: int  # classes it was pretrained on
    train_acc: float  # accuracy on its last pretraining batches


def fresh_head(learner: Learner, body: Tensor, way: int, generator: torch.Generator) -> Tensor:
    """θ for an N-way task: the pretrained body and a new linear head with PyTorch's default
    initialisation, U(±1/√fan_in), as `nn.Linear` gives the authors' code."""
    bound = 1.0 / float(np.sqrt(learner.features))
    head = torch.empty(way * (learner.features + 1)).uniform_(-bound, bound, generator=generator)
    return torch.cat([body, head.to(body)])


def finetune(
    learner: Learner,
    pre: PretrainedBody,
    x: Tensor,
    y: Tensor,
    way: int,
    lr: float,
    decay: float,
    passes: int,
    rng: np.random.Generator,
    generator: torch.Generator,
    on_step: Optional[StepHook] = None,
    on_grad: Optional[GradHook] = None,
) -> Tensor:
    """Baseline-finetune: every parameter trained by SGD on the support set, one image per
    update in a fresh random order each pass, with torch7's annealing lr / (1 + n·decay).

    Returns θ after passes × |support| updates; the hooks see θ_0..θ_n and ∇_1..∇_n as in
    `adapt` (the batch norm passed to on_step is the fixed pretrained one)."""
    rule = SGD(lr, decay)
    state = rule.start(fresh_head(learner, pre.body, way, generator))
    t = 0
    for _ in range(passes):
        for k in rng.permutation(len(y)):
            if on_step is not None:
                on_step(t, state.theta, pre.bn)
            _, grad, _ = learner.loss_and_grad(
                state.theta, x[k : k + 1], y[k : k + 1], pre.bn, way, training=False
            )
            t += 1
            if on_grad is not None:
                on_grad(t, grad)
            state, _, _ = rule.step(state, grad, grad.new_zeros(()))
    if on_step is not None:
        on_step(t, state.theta, pre.bn)
    return state.theta


def embedding(learner: Learner, pre: PretrainedBody, x: Tensor) -> Tensor:
    """(B, F) penultimate features at the pretrained body, with its population statistics."""
    theta = torch.cat([pre.body, pre.body.new_zeros(learner.features + 1)])
    return learner.embed(theta, x, pre.bn, 1, training=False)


def nearest_neighbour(support: Tensor, support_y: Tensor, query: Tensor) -> Tensor:
    """Each query's label: that of the support vector of highest cosine similarity.

    Ties (e.g. an all-zero vector) go to the first support vector in order."""
    sim = F.normalize(query.flatten(1), dim=1) @ F.normalize(support.flatten(1), dim=1).t()
    return support_y[sim.argmax(1)]
