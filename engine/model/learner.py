"""The learner: a 4-block conv net evaluated from one flat parameter vector θ.

θ is the meta-learner's cell state, so the net is purely functional: every call gets θ and
the episode's batch-norm statistics explicitly. The classifier head adapts to any number of
classes N at test time (see `Learner.expand`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import Tensor

BLOCKS = 4


@dataclass(frozen=True)
class ParamSpec:
    """One tensor inside θ: its name, shape, layer group and place in the flat vector."""

    name: str
    shape: tuple[int, ...]
    layer: str
    offset: int

    @property
    def numel(self) -> int:
        return math.prod(self.shape)

    @property
    def slice(self) -> slice:
        return slice(self.offset, self.offset + self.numel)


@dataclass
class BNState:
    """Per-episode batch-norm running statistics, one (mean, var) pair per block.

    Reset at the start of every episode (the original code's handling); updated in place by
    support-set passes, read by the query pass at validation and test time."""

    means: list[Tensor]
    vars: list[Tensor]

    @classmethod
    def fresh(cls, filters: int, device: torch.device | str = "cpu") -> "BNState":
        return cls(
            [torch.zeros(filters, device=device) for _ in range(BLOCKS)],
            [torch.ones(filters, device=device) for _ in range(BLOCKS)],
        )

    def copy(self) -> "BNState":
        return BNState([m.clone() for m in self.means], [v.clone() for v in self.vars])


LAYERS: tuple[str, ...] = (*(f"conv{b}" for b in range(1, BLOCKS + 1)), "fc")
"""The learner's layer groups, in θ order (what `layer_slices` keys are)."""


def _feature_size(image_size: int) -> int:
    size = image_size
    for _ in range(BLOCKS):
        size //= 2
    if size < 1:
        raise ValueError(f"image_size {image_size} is too small for {BLOCKS} 2x2 poolings")
    return size * size


def channels_last(x: Tensor) -> Tensor:
    """x (B, C, H, W) in channels-last strides, such that convolutions keep that layout.

    With one channel, `contiguous(memory_format=channels_last)` leaves the NCHW strides (both
    layouts are the same bytes), and oneDNN then returns the first block's activations in
    NCHW: its max-pool and batch norm ran 13x and 3.5x slower than channels-last on the
    Omniglot query set. Giving the channel axis stride 1 makes the output channels-last. Only
    the stride of that size-1 axis changes, so every element keeps its address."""
    x = x.contiguous(memory_format=torch.channels_last)
    if x.shape[1] == 1:
        _, _, hgt, wid = x.shape
        x = x.as_strided(x.shape, (hgt * wid, 1, wid, 1))
    return x


class Learner:
    """Shapes and functional forward pass of the conv-net learner.

    Head modes (config `head`), i.e. how c_0 holds the classifier:
      * "per_class": c_0 holds one row per training class, as in the paper. At a smaller N
        the first N learned rows initialise the classes; at a larger N their mean row does.
      * "shared": c_0 holds one row that initialises every class alike, so any N is native.
        The support labels break the symmetry, but at the first inner step the body gets no
        gradient (identical rows cancel), so in practice it adapts mostly the head.
    docs/BENCHMARKS.md compares the two (per_class wins clearly at the training N).
    """

    def __init__(
        self,
        channels: int,
        image_size: int,
        filters: int,
        way: int,
        head: str = "per_class",
        bn_eps: float = 1e-3,
        bn_momentum: float = 0.9,
    ) -> None:
        self.channels, self.image_size, self.filters = channels, image_size, filters
        self.train_way, self.head = way, head
        self.bn_eps, self.bn_momentum = bn_eps, bn_momentum
        self.features = filters * _feature_size(image_size)
        self._body = self._body_specs()
        self.body_size = sum(s.numel for s in self._body)
        self.head_rows = 1 if head == "shared" else way
        self.amp = False  # bfloat16 autocast for the convolutions, on CUDA only (config amp)

    # ------------------------------------------------------------------ layout
    def _body_specs(self) -> list[ParamSpec]:
        specs, offset, cin = [], 0, self.channels
        for b in range(1, BLOCKS + 1):
            for name, shape in (
                (f"conv{b}.weight", (self.filters, cin, 3, 3)),
                (f"conv{b}.bias", (self.filters,)),
                (f"bn{b}.weight", (self.filters,)),
                (f"bn{b}.bias", (self.filters,)),
            ):
                specs.append(ParamSpec(name, shape, f"conv{b}", offset))
                offset += math.prod(shape)
            cin = self.filters
        return specs

    def specs(self, way: int) -> list[ParamSpec]:
        """Layout of θ for an N-way episode."""
        w = ParamSpec("fc.weight", (way, self.features), "fc", self.body_size)
        b = ParamSpec("fc.bias", (way,), "fc", self.body_size + w.numel)
        return [*self._body, w, b]

    def size(self, way: int) -> int:
        return self.body_size + way * (self.features + 1)

    @property
    def init_size(self) -> int:
        """Length of c_0."""
        return self.size(self.head_rows)

    def layer_slices(self, way: int) -> dict[str, slice]:
        """Contiguous range of θ per layer group (conv1..conv4, fc)."""
        out: dict[str, slice] = {}
        for s in self.specs(way):
            lo = out[s.layer].start if s.layer in out else s.offset
            out[s.layer] = slice(lo, s.offset + s.numel)
        return out

    def layer_ids(self, way: int, device: torch.device | str = "cpu") -> Tensor:
        """Layer index of every coordinate of θ, for one-pass per-layer statistics."""
        ids = torch.empty(self.size(way), dtype=torch.long, device=device)
        for k, sl in enumerate(self.layer_slices(way).values()):
            ids[sl] = k
        return ids

    def unflatten(self, theta: Tensor, way: int) -> dict[str, Tensor]:
        # one split (the specs tile θ in order): its backward concatenates the pieces'
        # gradients once, where a slice per parameter would zero-fill a θ-sized tensor each
        specs = self.specs(way)
        pieces = theta.split([s.numel for s in specs])
        return {s.name: piece.view(s.shape) for s, piece in zip(specs, pieces)}

    # ------------------------------------------------------------------ init
    def init_params(self, generator: torch.Generator | None = None) -> Tensor:
        """The learner's ordinary initialisation (PyTorch's defaults) as a flat c_0."""
        parts: list[Tensor] = []
        for s in self._body + self.specs(self.head_rows)[-2:]:
            if s.name.startswith("bn") and s.name.endswith("weight"):
                parts.append(torch.ones(s.numel))
            elif s.name.startswith("bn"):
                parts.append(torch.zeros(s.numel))
            else:  # conv / linear: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weight and bias
                fan_in = (
                    self.features
                    if s.layer == "fc"
                    else 9 * (self.channels if s.layer == "conv1" else self.filters)
                )
                bound = 1.0 / math.sqrt(fan_in)
                parts.append(torch.empty(s.numel).uniform_(-bound, bound, generator=generator))
        return torch.cat(parts)

    def expand(self, c0: Tensor, way: int) -> Tensor:
        """θ_0 for an N-way episode from c_0 (differentiable, so c_0 is learned)."""
        if self.head == "per_class" and way == self.train_way:
            return c0
        body = c0[: self.body_size]
        rows = c0[self.body_size :]
        w = rows[: self.head_rows * self.features].view(self.head_rows, self.features)
        b = rows[self.head_rows * self.features :]
        if self.head == "shared":
            return torch.cat([body, w.expand(way, -1).reshape(-1), b.expand(way)])
        if way <= self.head_rows:
            # Labels are assigned to classes at random in every training episode, so any N of
            # the learned rows suit any N classes: measured far better than the mean row.
            return torch.cat([body, w[:way].reshape(-1), b[:way]])
        # More classes than rows: the mean row for all (measured better than cycling the rows).
        return torch.cat([body, w.mean(0).expand(way, -1).reshape(-1), b.mean().expand(way)])

    # ------------------------------------------------------------------ forward
    def forward(self, theta: Tensor, x: Tensor, bn: BNState, way: int, training: bool) -> Tensor:
        """Logits for images x (B, C, H, W).

        training=True: batch statistics, and the running statistics in `bn` are updated in
        place (support steps, and the query pass during meta-training). training=False: the
        running statistics collected on the support steps (query pass at validation/test)."""
        if self.amp and x.is_cuda:
            with torch.autocast("cuda", dtype=torch.bfloat16):
                return self._forward(theta, x, bn, way, training).float()
        return self._forward(theta, x, bn, way, training)

    def _forward(self, theta: Tensor, x: Tensor, bn: BNState, way: int, training: bool) -> Tensor:
        p = self.unflatten(theta, way)
        return F.linear(self._features(p, x, bn, training), p["fc.weight"], p["fc.bias"])

    def embed(self, theta: Tensor, x: Tensor, bn: BNState, way: int, training: bool) -> Tensor:
        """Penultimate features (B, F) of x at θ's body: what the nearest-neighbour baseline
        compares (batch norm as in `forward`)."""
        return self._features(self.unflatten(theta, way), x, bn, training)

    def _features(self, p: dict[str, Tensor], x: Tensor, bn: BNState, training: bool) -> Tensor:
        # channels-last runs oneDNN's convolutions and pooling without layout reorders (1.5x
        # on the miniImageNet 5-shot episode), and max-pool before ReLU is the same function
        # (ReLU is monotone) with a quarter of the ReLU work; docs/BENCHMARKS.md
        h = channels_last(x)
        for b in range(1, BLOCKS + 1):
            h = F.conv2d(h, p[f"conv{b}.weight"], p[f"conv{b}.bias"], padding=1)
            h = F.batch_norm(
                h,
                bn.means[b - 1],
                bn.vars[b - 1],
                p[f"bn{b}.weight"],
                p[f"bn{b}.bias"],
                training=training,
                momentum=self.bn_momentum,
                eps=self.bn_eps,
            )
            h = F.relu(F.max_pool2d(h, 2))
        return h.flatten(1)

    def loss_and_grad(
        self, theta: Tensor, x: Tensor, y: Tensor, bn: BNState, way: int, training: bool = True
    ) -> tuple[Tensor, Tensor, Tensor]:
        """Support loss, its gradient w.r.t. θ and the logits, all constants for the meta-learner.

        θ is detached first: the meta-learner treats ∇_t as an input, never differentiating
        through it (no second derivatives, as in the paper). training=False uses the running
        statistics in `bn` (the fine-tune baseline's pretrained ones) and leaves them as they are."""
        with torch.enable_grad():
            th = theta.detach().requires_grad_(True)
            logits = self.forward(th, x, bn, way, training=training)
            loss = F.cross_entropy(logits, y)
            (grad,) = torch.autograd.grad(loss, th)
        return loss.detach(), grad, logits.detach()
