"""Few-shot evaluation: accuracy over many episodes, mean ± 1.96·sd/√n."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np
import torch

from engine.data.episodes import Episode, EpisodeSampler, episode_rng
from engine.model.adapt import adapt, query_pass
from engine.model.learner import Learner
from engine.model.metalearner import MetaLearner
from engine.model.predict import DEFAULT_HEAD, check_head, group_count, predict_probs
from engine.training.reports import mean_ci95


@dataclass(frozen=True)
class EvalResult:
    accuracy: float
    ci95: float
    loss: float
    episodes: int
    accuracies: np.ndarray

    def to_json(self) -> dict:
        return {
            "accuracy": self.accuracy,
            "ci95": self.ci95,
            "loss": self.loss,
            "episodes": self.episodes,
        }


def episode_accuracy(
    meta: MetaLearner,
    learner: Learner,
    ep: Episode,
    steps: int,
    inner_batch: int = 0,
    rng: Optional[np.random.Generator] = None,
    device: torch.device | str = "cpu",
    transductive: bool = False,
    head: str = DEFAULT_HEAD,
) -> tuple[float, float]:
    """Adapt on the support set, then score the query set with the support's BN statistics
    (the paper's test protocol), or with the query's own batch statistics (`transductive`,
    as in meta-training and in MAML's published evaluation)."""
    way = len(ep.class_names)
    check_head(head)
    if group_count(learner, way, head) > 1:  # several adaptations: score their combination
        probs = predict_probs(
            meta,
            learner,
            ep.support_x.to(device),
            ep.support_y.to(device),
            way,
            steps,
            ep.query_x.to(device),
            head,
            inner_batch,
            rng,
            transductive,
        )
        y = ep.query_y.to(device)
        picked = probs.gather(1, y.unsqueeze(1)).squeeze(1).clamp_min(1e-12)
        return float((probs.argmax(1) == y).float().mean()), float(-picked.log().mean())
    with torch.no_grad():
        ad = adapt(
            meta,
            learner,
            ep.support_x.to(device),
            ep.support_y.to(device),
            way,
            steps,
            inner_batch,
            rng,
            head="prototype" if head == "prototype" else "c0",
        )
        _, loss, acc = query_pass(
            learner, ad, ep.query_x.to(device), ep.query_y.to(device), way, training=transductive
        )
    assert acc is not None and loss is not None  # queries with labels: both are measured
    return float(acc), float(loss)


def evaluate(
    meta: MetaLearner,
    learner: Learner,
    sampler: EpisodeSampler,
    episodes: int,
    seed: int,
    steps: int,
    inner_batch: int = 0,
    stream: str = "test",
    device: torch.device | str = "cpu",
    progress: Optional[Callable[[int], None]] = None,
    transductive: bool = False,
    head: str = DEFAULT_HEAD,
) -> EvalResult:
    """The same episodes for the same seed and stream, so runs compare like for like.

    `head` is the test-time head rule (engine/model/predict.py); at N ≤ the model's training N the
    default ("grouped") is exactly the paper's layout, so validation during training is
    unchanged."""
    accs, losses = np.zeros(episodes), np.zeros(episodes)
    was_training = meta.training
    meta.eval()
    try:
        for k in range(episodes):
            rng = episode_rng(seed, k, stream)
            accs[k], losses[k] = episode_accuracy(
                meta,
                learner,
                sampler.sample(rng),
                steps,
                inner_batch,
                rng,
                device,
                transductive,
                head,
            )
            if progress is not None:
                progress(k + 1)
    finally:
        meta.train(was_training)
    mean, ci = mean_ci95(accs)
    return EvalResult(mean, ci, float(np.mean(losses)), episodes, accs)
