"""Few-shot evaluation: accuracy over many episodes, mean ± 1.96·sd/√n."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np
import torch

from engine.adapt import adapt, query_pass
from engine.episodes import Episode, EpisodeSampler, episode_rng
from engine.learner import Learner
from engine.metalearner import MetaLearner
from engine.reports import mean_ci95


@dataclass(frozen=True)
class EvalResult:
    accuracy: float
    ci95: float
    loss: float
    episodes: int
    accuracies: np.ndarray

    def to_json(self) -> dict:
        return {"accuracy": self.accuracy, "ci95": self.ci95, "loss": self.loss,
                "episodes": self.episodes}


def episode_accuracy(meta: MetaLearner, learner: Learner, ep: Episode, steps: int,
                     inner_batch: int = 0, rng: Optional[np.random.Generator] = None,
                     device: torch.device | str = "cpu", transductive: bool = False
                     ) -> tuple[float, float]:
    """Adapt on the support set, then score the query set with the support's BN statistics
    (the paper's test protocol), or with the query's own batch statistics (`transductive`,
    as in meta-training and in MAML's published evaluation)."""
    way = len(ep.class_names)
    with torch.no_grad():
        ad = adapt(meta, learner, ep.support_x.to(device), ep.support_y.to(device), way, steps,
                   inner_batch, rng)
        _, loss, acc = query_pass(learner, ad, ep.query_x.to(device), ep.query_y.to(device),
                                  way, training=transductive)
    return float(acc), float(loss)


def evaluate(meta: MetaLearner, learner: Learner, sampler: EpisodeSampler, episodes: int,
             seed: int, steps: int, inner_batch: int = 0, stream: str = "test",
             device: torch.device | str = "cpu",
             progress: Optional[Callable[[int], None]] = None,
             transductive: bool = False) -> EvalResult:
    """The same episodes for the same seed and stream, so runs compare like for like."""
    accs, losses = np.zeros(episodes), np.zeros(episodes)
    was_training = meta.training
    meta.eval()
    try:
        for k in range(episodes):
            rng = episode_rng(seed, k, stream)
            accs[k], losses[k] = episode_accuracy(meta, learner, sampler.sample(rng), steps,
                                                  inner_batch, rng, device, transductive)
            if progress is not None:
                progress(k + 1)
    finally:
        meta.train(was_training)
    mean, ci = mean_ci95(accs)
    return EvalResult(mean, ci, float(np.mean(losses)), episodes, accs)
