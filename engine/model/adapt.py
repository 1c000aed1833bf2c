"""The inner loop: T meta-learner updates of θ on one episode's support set.

One loop serves meta-training, evaluation, the adaptation trace and `classify`; the
callers differ only in whether the meta-graph is kept and what they read off each step."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor

from engine.model.head_init import initial_theta
from engine.model.learner import BNState, Learner
from engine.model.metalearner import GateForcing, MetaLearner
from engine.model.update_rules import UpdateRule

StepHook = Callable[[int, Tensor, BNState], None]
GradHook = Callable[[int, Tensor], None]


@dataclass
class Adaptation:
    """θ_T and what happened on the way. Gates are (T, P), detached."""

    theta: Tensor
    bn: BNState
    inner_loss: Tensor  # (T,)
    inner_acc: Tensor  # (T,)
    grad_norm: Tensor  # (T,)
    forget: Tensor  # (T, P) σ(f̂_t)
    input: Tensor  # (T, P) σ(î_t)
    # (T, P) the pre-sigmoid f̂_t, î_t (the gates' log-odds, which do not saturate), when the
    # meta-learner's own gates were applied; None under forcing or another update rule
    forget_logit: Optional[Tensor] = None
    input_logit: Optional[Tensor] = None


def adapt(
    meta: MetaLearner,
    learner: Learner,
    x: Tensor,
    y: Tensor,
    way: int,
    steps: int,
    inner_batch: int = 0,
    rng: Optional[np.random.Generator] = None,
    on_step: Optional[StepHook] = None,
    head: str = "c0",
    head_scale: Optional[float] = None,
    *,
    forcing: Optional[GateForcing] = None,
    rule: Optional[UpdateRule] = None,
    theta0: Optional[Tensor] = None,
    on_grad: Optional[GradHook] = None,
) -> Adaptation:
    """Run T inner updates from θ_0, built from c_0 by the head rule `head`
    (engine/model/head_init.py: "c0" is the paper's layout, "prototype" the support's class means).

    Builds the meta-graph when grad mode is on (meta-training); wrap in torch.no_grad() to
    evaluate. `on_step(t, θ_t, bn)` is called for t = 0..T, with the BN statistics as they
    stand before the support pass at θ_t (what a query pass at step t would use);
    `on_grad(t, ∇_t)` for t = 1..T with the support gradient the t-th update used.

    The comparisons change one thing each and keep everything else (batches, batch norm):
    `forcing` holds the meta-learner's gates fixed, `rule` replaces the meta-learner by
    another update (engine/model/update_rules.py), `theta0` starts from another θ_0."""
    if rule is not None and forcing is not None:
        raise ValueError("gate forcing applies to the meta-learner, not to another update rule")
    bn = BNState.fresh(learner.filters, device=x.device)
    if theta0 is None:
        theta0 = initial_theta(learner, meta.c0, x, y, way, head, head_scale)
    state = meta.start(theta0) if rule is None else rule.start(theta0)
    losses, accs, norms, fs, is_, pres = [], [], [], [], [], []
    own_gates = rule is None and forcing is None
    n = x.shape[0]
    for t in range(steps):
        if on_step is not None:
            on_step(t, state.theta, bn)
        if inner_batch and inner_batch < n:
            if rng is None:
                raise ValueError("inner_batch needs an rng (episode_rng) to draw its batches")
            pick = torch.as_tensor(rng.choice(n, inner_batch, replace=False), device=x.device)
            xb, yb = x[pick], y[pick]
        else:
            xb, yb = x, y
        loss, grad, logits = learner.loss_and_grad(state.theta, xb, yb, bn, way)
        if on_grad is not None:
            on_grad(t + 1, grad)
        state, f, i = (
            meta.step(state, grad, loss, forcing) if rule is None else rule.step(state, grad, loss)
        )
        losses.append(loss)
        accs.append((logits.argmax(1) == yb).float().mean())
        norms.append(grad.norm())
        fs.append(f.detach())
        is_.append(i.detach())
        if own_gates:
            pres.append(state.fi_pre.detach())
    if on_step is not None:
        on_step(steps, state.theta, bn)
    return Adaptation(
        state.theta,
        bn,
        torch.stack(losses),
        torch.stack(accs),
        torch.stack(norms),
        torch.stack(fs),
        torch.stack(is_),
        *((torch.stack(pres).unbind(1)) if own_gates and pres else (None, None)),
    )


def query_pass(
    learner: Learner, ad: Adaptation, x: Tensor, y: Tensor | None, way: int, training: bool
) -> tuple[Tensor, Tensor | None, Tensor | None]:
    """Logits, loss and accuracy on the query set at θ_T.

    training=True: batch statistics (meta-training, transductive as in the original code);
    False: the running statistics of the support steps (validation, test, classify)."""
    logits = learner.forward(ad.theta, x, ad.bn, way, training=training)
    if y is None:
        return logits, None, None
    loss = F.cross_entropy(logits, y)
    acc = (logits.argmax(1) == y).float().mean()
    return logits, loss, acc
