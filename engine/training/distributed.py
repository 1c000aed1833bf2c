"""Data-parallel meta-training over processes with torch.distributed (started by torchrun).

Each rank meta-trains on its own share of every meta-batch (episode indices are global, so the
episodes do not depend on the number of processes), the meta-gradients are summed with one
all-reduce, and every rank then takes the same Adam step: the meta-parameters stay identical
without being broadcast. Only rank 0 writes the run directory. With one process (the default,
no torchrun) nothing here talks to anyone.
"""

from __future__ import annotations

import atexit
import datetime
import os
import sys
from dataclasses import dataclass
from typing import Iterable

import torch
import torch.distributed as dist

from engine.errors import ConfigError, EngineError


@dataclass(frozen=True)
class Ranks:
    """This process's place in the job: rank, world size and rank on this machine."""

    rank: int = 0
    world: int = 1
    local_rank: int = 0
    local_world: int = 1

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    @property
    def active(self) -> bool:
        return self.world > 1

    def share(self, meta_batch: int) -> range:
        """The positions in a meta-batch that this rank trains on."""
        if meta_batch % self.world:
            raise ConfigError(
                f"field 'meta_batch' = {meta_batch}: must be a multiple of the "
                f"{self.world} processes (each trains on an equal share)"
            )
        per = meta_batch // self.world
        return range(self.rank * per, (self.rank + 1) * per)

    def sum_(self, tensor: torch.Tensor) -> torch.Tensor:
        """In-place sum over all ranks (no-op with one process)."""
        if self.active:
            dist.all_reduce(tensor, op=dist.ReduceOp.SUM)
        return tensor

    def sum_grads(self, params: Iterable[torch.nn.Parameter]) -> None:
        """Sum every parameter's gradient over the ranks with one all-reduce of a flat copy.
        A rank without a gradient (its episodes all skipped) contributes zeros, so every rank
        sends a vector of the same length."""
        if not self.active:
            return
        params = list(params)
        for p in params:
            if p.grad is None:
                p.grad = torch.zeros_like(p)
        grads = [p.grad for p in params if p.grad is not None]
        flat = torch.cat([g.reshape(-1) for g in grads])
        dist.all_reduce(flat, op=dist.ReduceOp.SUM)
        for g, piece in zip(grads, flat.split([g.numel() for g in grads])):
            g.copy_(piece.view_as(g))

    def any(self, flag: bool, device: torch.device | str = "cpu") -> bool:
        """True on every rank when `flag` is true on any (with one process: `flag`)."""
        if not self.active:
            return flag
        value = torch.tensor([1.0 if flag else 0.0], device=device)
        dist.all_reduce(value, op=dist.ReduceOp.MAX)
        return bool(value.item())

    def check_in_sync(self, params: Iterable[torch.nn.Parameter]) -> None:
        """Raise if the ranks' meta-parameters differ (they take identical steps, so any
        difference is a bug or a non-deterministic kernel, and must not go unnoticed)."""
        if not self.active:
            return
        flat = torch.cat([p.detach().reshape(-1) for p in params])
        lo, hi = flat.clone(), flat.clone()
        dist.all_reduce(lo, op=dist.ReduceOp.MIN)
        dist.all_reduce(hi, op=dist.ReduceOp.MAX)
        spread = float((hi - lo).abs().max())
        if spread != 0.0:
            raise EngineError(
                f"the {self.world} processes' meta-parameters differ by up to "
                f"{spread:.3g}; training stopped"
            )


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"environment variable {name}={raw!r}: must be an integer") from None


def from_environment() -> Ranks:
    """The ranks torchrun describes in the environment (RANK, WORLD_SIZE, ...), or one process."""
    world = _env_int("WORLD_SIZE", 1)
    if world <= 1:
        return Ranks()
    return Ranks(
        _env_int("RANK", 0), world, _env_int("LOCAL_RANK", 0), _env_int("LOCAL_WORLD_SIZE", world)
    )


_joined = False


def start(ranks: Ranks, device: torch.device) -> None:
    """Join the process group: NCCL for CUDA devices, Gloo for CPU."""
    global _joined
    if not ranks.active or dist.is_initialized():
        return
    backend = "nccl" if device.type == "cuda" else "gloo"
    try:
        if device.type == "cuda":
            torch.cuda.set_device(device)  # NCCL's own calls use this rank's GPU
        # rank 0 validates alone while the others wait in the next all-reduce: a long timeout
        dist.init_process_group(
            backend, rank=ranks.rank, world_size=ranks.world, timeout=datetime.timedelta(hours=2)
        )
    except (RuntimeError, ValueError) as exc:
        raise EngineError(
            f"cannot join the {ranks.world}-process group ({backend}): "
            f"{str(exc).splitlines()[0][:200]}"
        ) from None
    if not _joined:
        atexit.register(stop)  # a script that never calls stop() still leaves the group
    _joined = True


def end_process(code: int) -> None:
    """End a process that joined a group without running C++ static destructors: after
    leaving the group, one of them (a still-joinable std::thread) aborts the process in the
    interpreter's finalisation ("terminate called without an active exception", SIGABRT, no
    Python frame) in about 1 of 7 two-rank runs on a loaded 2-core machine, turning a finished
    training into a failed one. Only for the entry point, once all files are closed; a
    process that never joined returns and exits normally."""
    if not _joined:
        return
    stop()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def stop(together: bool = False) -> None:
    """Leave the process group. together=True first waits for every rank; only for an end
    every rank reaches at the same step (a forced stop could leave another rank inside a
    collective, and the barrier would wait out the group's 2-hour timeout). Then no rank tears
    its connections down while another still uses them, e.g. while rank 0 runs the final
    validation alone."""
    if dist.is_available() and dist.is_initialized():
        if together:
            try:
                dist.barrier()
            except RuntimeError:  # a rank failed after all (e.g. in the final validation)
                pass
        dist.destroy_process_group()


def rank_device(name: str, ranks: Ranks) -> str:
    """With several processes on one machine, 'cuda' means this rank's own GPU."""
    if ranks.active and name.startswith("cuda:"):
        raise ConfigError(
            f"field 'device' = {name!r}: with {ranks.world} processes use cuda "
            f"or auto, and each process takes the GPU of its local rank"
        )
    if ranks.active and name in ("cuda", "auto") and torch.cuda.is_available():
        return f"cuda:{ranks.local_rank}"
    return name


def rank_threads(threads: int, ranks: Ranks) -> int:
    """CPU threads per process: the cores shared out, unless the config says otherwise."""
    if threads or not ranks.active:
        return threads
    return max(1, (os.cpu_count() or 1) // ranks.local_world)
