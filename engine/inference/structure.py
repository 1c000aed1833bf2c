"""The meta-learner's anatomy in numbers: tensor shapes of one inner step and parameter counts.

Layer 1 (an LSTM 4 → hidden) and layer 2 (the θ-cell: W_F, W_I ∈ R^{hidden+2}, b_F, b_I) are
shared by every coordinate of θ, so their size does not grow with the learner; only c_0 does
(Ravi & Larochelle 2017, Sec. 3.2). The counts come from the meta-learner's own parameters."""

from __future__ import annotations

from dataclasses import dataclass

from engine.model.learner import Learner
from engine.model.metalearner import PREPROCESS_P, MetaLearner


@dataclass(frozen=True)
class MetaStructure:
    coordinates: int  # P: coordinates of θ in an N-way episode (the LSTM's batch)
    way: int
    hidden: int  # layer-1 hidden units
    preprocess_p: float
    lstm_params: int  # layer 1: W_ih (4h × 4), W_hh (4h × h), two biases (4h)
    cell_params: int  # layer 2: W_F, b_F, W_I, b_I
    c0_params: int  # the learned initialisation
    learner_layers: tuple[tuple[str, int], ...]  # (layer group, coordinates) of θ

    @property
    def shared_params(self) -> int:
        """Meta-parameters every coordinate shares: layers 1 and 2."""
        return self.lstm_params + self.cell_params

    @property
    def meta_params(self) -> int:
        return self.shared_params + self.c0_params

    @property
    def inputs(self) -> int:
        """Per coordinate: the preprocessed gradient and loss, two numbers each."""
        return 4


def structure_of(meta: MetaLearner, learner: Learner, way: int) -> MetaStructure:
    groups = meta.param_groups()

    def count(*names: str) -> int:
        return sum(p.numel() for n in names for p in groups[n])

    return MetaStructure(
        coordinates=learner.size(way),
        way=way,
        hidden=meta.hidden,
        preprocess_p=PREPROCESS_P,
        lstm_params=count("lstm"),
        cell_params=count("W_F", "b_F", "W_I", "b_I"),
        c0_params=count("c0"),
        learner_layers=tuple(
            (name, sl.stop - sl.start) for name, sl in learner.layer_slices(way).items()
        ),
    )
