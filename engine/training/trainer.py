"""MetaTrainer: one meta-update per `step()` (one episode, or `meta_batch` of them), with
periodic validation, checkpoints and listeners. The CLI and the GUI's worker drive exactly
this API, so pause, step and stop are possible between any two calls. (MetaTrainer is over
250 lines, the module just over 400: a meta-update, its validation, its checkpoint state and
its interrupt share the trainer's state and consistency lock; the inner loop, evaluation,
reports and checkpoint I/O are modules of their own.)"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Optional

import numpy as np
import torch
from torch import Tensor

from engine.config import Config
from engine.data.episodes import Episode, EpisodeSampler, Preprocessing, SplitData, episode_rng
from engine.errors import CheckpointError, ConfigError, EngineError, NonFiniteLossError
from engine.io.checkpoint import build_models, checkpoint_config, read_checkpoint, save_checkpoint
from engine.io.runs import RunDir
from engine.model.adapt import Adaptation, StepHook, adapt, query_pass
from engine.model.gates import gate_stats
from engine.training import distributed
from engine.training.devices import resolve_device
from engine.training.distributed import Ranks, rank_device, rank_threads
from engine.training.evaluate import evaluate
from engine.training.events import Event, EventHub, Listener, ListenerHandle
from engine.training.reports import CheckpointEvent, EpisodeReport, ValidationReport


class _Interrupted(Exception):
    """Raised inside a validation when `interrupt()` was called."""


class MetaTrainer:
    """Owns the learner, the meta-learner, Adam and the episode samplers of one run.

    Episode k is drawn from `episode_rng(seed, k)`, so a resumed run sees exactly the episodes
    an uninterrupted one would, and validation uses the same fixed episodes every time."""

    def __init__(
        self,
        config: Config,
        splits: Optional[dict[str, SplitData]] = None,
        preprocessing: Optional[Preprocessing] = None,
        run_dir: Optional[Path | str] = None,
        resume: bool = False,
        ranks: Optional[Ranks] = None,
    ) -> None:
        self.config = config
        self.ranks = ranks or Ranks()
        self.ranks.share(config.meta_batch)  # a clear error now if it cannot be shared out
        threads = rank_threads(config.threads, self.ranks)
        if threads:
            torch.set_num_threads(threads)
        self.device = resolve_device(rank_device(config.device, self.ranks))
        if config.amp and self.device.type != "cuda":
            raise ConfigError(
                f"field 'amp' = true: mixed precision is for CUDA devices, and "
                f"this run's device is {self.device}"
            )
        distributed.start(self.ranks, self.device)
        if splits is None:
            from engine.data.datasets import load_splits

            splits, preprocessing = load_splits(config)
        assert preprocessing is not None, "preprocessing must come with explicit splits"
        self.splits, self.preprocessing = splits, preprocessing
        generator = torch.Generator().manual_seed(config.seed)
        self.learner, self.meta = build_models(config, generator)
        self.learner.amp = config.amp
        self.meta.to(self.device)
        self.optimizer = torch.optim.Adam(self.meta.parameters(), lr=config.meta_lr)
        self.samplers = {
            name: EpisodeSampler(
                data,
                config.way,
                config.shot,
                config.query,
                rotations=config.rotations and name == "train",
                split=name,
                shift=config.augment_shift if name == "train" else 0,
                rotate=config.augment_rotate if name == "train" else 0.0,
            )
            for name, data in splits.items()
            if name in ("train", "val") and len(data)
        }
        if "train" not in self.samplers:
            raise ValueError("the dataset has no training split")
        self._layer_ids = self.learner.layer_ids(config.way)
        self.layers = tuple(self.learner.layer_slices(config.way))
        self._interrupt = threading.Event()
        self.episode = 0
        self.validation_due = False  # a validation is due at this episode and not yet done
        self.updating = False  # inside _consistent(): a stop waits until this is False
        self.best_accuracy = -1.0
        self.best_episode = 0
        # on resume: the fields that differ from the checkpoint's config (only the free ones
        # may), old -> new
        self.resumed_changes: dict[str, tuple[Any, Any]] = {}
        self._events = EventHub()
        # only rank 0 writes; the others read the checkpoint they resume from, nothing else
        self.run = RunDir(run_dir) if run_dir is not None and self.ranks.is_main else None
        failure: Optional[EngineError] = None
        try:
            if self.run is not None:
                self.run.prepare(config, resume)
            if run_dir is not None and resume:
                self._resume(RunDir(run_dir).checkpoint("last"))
        except EngineError as exc:
            failure = exc
        if self.ranks.any(failure is not None, self.device):  # all ranks stop together
            raise failure or EngineError(
                "another process could not set up the run; see its message"
            )
        if self.run is not None:
            run = self.run
            self.add_listener(Event.EPISODE, lambda r: run.append_metrics(r.to_json()))
            self.add_listener(Event.VALIDATION, lambda r: run.append_metrics(r.to_json()))

    # ------------------------------------------------------------------ events
    def add_listener(self, event: Event, fn: Listener) -> ListenerHandle:
        """Call `fn(payload)` on every `event`; the handle's remove() takes it back."""
        return self._events.add_listener(event, fn)

    def interrupt(self) -> None:
        """Thread-safe: cut short a validation that is running or due in this step (its report
        and best.pt are skipped). Training itself only ever stops between two steps."""
        self._interrupt.set()

    @property
    def done(self) -> bool:
        """Every episode trained and its last validation done (and so last.pt saved)."""
        return self.episode >= self.config.episodes and not self.validation_due

    # ------------------------------------------------------------------ one episode
    def sample_episode(self, index: int) -> Episode:
        return self.samplers["train"].sample(episode_rng(self.config.seed, index, "train"))

    def _episode_loss(self, index: int) -> tuple[Episode, Adaptation, Tensor, Tensor, bool]:
        """Adapt on episode `index`: its query loss (with its meta-graph), accuracy, and whether
        every loss was finite. One process stops at once on a NaN; several agree first (one
        rank raising alone would leave the others waiting in the next all-reduce)."""
        cfg, dev = self.config, self.device
        ep = self.sample_episode(index)
        rng = episode_rng(cfg.seed, index, "inner")
        safe_point = self._safe_point_hook()
        ad = adapt(
            self.meta,
            self.learner,
            ep.support_x.to(dev),
            ep.support_y.to(dev),
            cfg.way,
            cfg.inner_steps,
            cfg.inner_batch,
            rng,
            on_step=safe_point,
        )
        _, loss, acc = query_pass(
            self.learner, ad, ep.query_x.to(dev), ep.query_y.to(dev), cfg.way, training=True
        )
        assert loss is not None and acc is not None
        finite = bool(torch.isfinite(loss) and torch.isfinite(ad.inner_loss).all())
        if not finite and not self.ranks.active:
            raise NonFiniteLossError(index + 1, "meta-loss")
        return ep, ad, loss, acc, finite

    def _safe_point_hook(self) -> Optional[StepHook]:
        """adapt's step hook, announcing SAFE_POINT before each inner step; None when nobody
        listens (the CLI), so the inner loop does not even call it."""
        if not self._events.listened(Event.SAFE_POINT):
            return None
        return lambda _t, _theta, _bn: self.safe_point()

    def safe_point(self) -> None:
        """Announce a point inside the meta-update where listeners may take their time."""
        self._events.emit(Event.SAFE_POINT, self.episode + 1)

    @contextmanager
    def _consistent(self) -> Iterator[None]:
        """Marks a change of the saved state (the Adam step and the episode count; the
        validation's best and its saves). A stop request that arrives inside waits until the
        state is whole again (`updating`), so no checkpoint ever holds half of an update."""
        self.updating = True
        try:
            yield
        finally:
            self.updating = False

    def step(self) -> Optional[EpisodeReport]:
        """One meta-update on `meta_batch` episodes; validate and checkpoint when due.

        Update k trains on the episodes k·B … k·B+B−1 (B = meta_batch), whichever process
        draws them, so one process and several give the same result. The report describes the
        first episode of the batch, with the meta-loss and accuracy averaged over all of it.

        A validation that a stop cut short (`validation_due`, kept in the checkpoint) is done
        first, alone: then the call returns None, and a resumed run validates exactly where an
        uninterrupted one did."""
        cfg, started = self.config, time.perf_counter()
        self._interrupt.clear()
        if self.validation_due:
            self.validate()
            return None
        if self.episode >= cfg.episodes:
            raise EngineError(
                f"the run is complete ({self.episode} of {cfg.episodes} "
                f"episodes): nothing left to train"
            )
        batch = cfg.meta_batch
        self.meta.train()
        self.optimizer.zero_grad(set_to_none=True)
        totals = torch.zeros(3, dtype=torch.float64, device=self.device)  # loss, acc, NaNs
        first: Optional[tuple[Episode, Adaptation]] = None
        for position in self.ranks.share(batch):
            ep, ad, loss, acc, finite = self._episode_loss(self.episode * batch + position)
            if finite:
                (loss / batch).backward()
                totals[0] += loss.detach().double()
                totals[1] += acc.detach().double()
            else:
                totals[2] += 1
            self.safe_point()
            if first is None:
                first = ep, ad
        self.ranks.sum_grads(self.meta.parameters())
        sums = self.ranks.sum_(totals).tolist()
        if sums[2]:
            raise NonFiniteLossError(
                self.episode * batch + 1, f"a loss of meta-update {self.episode + 1}"
            )
        assert first is not None
        meta_loss, meta_acc = sums[0] / batch, sums[1] / batch
        # per-group norms for the report, and the global norm from them (computed once)
        norms = {
            name: torch.linalg.vector_norm(
                torch.stack([p.grad.norm() for p in params if p.grad is not None])
            )
            for name, params in self.meta.param_groups().items()
        }
        total_t = torch.linalg.vector_norm(torch.stack(list(norms.values())))
        torch.nn.utils.clip_grads_with_norm_(self.meta.parameters(), cfg.grad_clip, total_t)
        group_norms = {name: float(v) for name, v in norms.items()}
        total = float(total_t)
        if not np.isfinite(total):
            raise NonFiniteLossError(self.episode + 1, "meta-gradient")
        meta_lr = cfg.meta_lr_at(self.episode)
        for group in self.optimizer.param_groups:
            group["lr"] = meta_lr
        with self._consistent():
            self.optimizer.step()
            self.episode += 1
            self.validation_due = (
                self.episode % cfg.val_interval == 0 or self.episode >= cfg.episodes
            )
            report = self._report(first, meta_loss, meta_acc, total, group_norms, meta_lr, started)
            self._events.emit(Event.EPISODE, report)
        if self.validation_due:
            self.validate()
        elif self.run is not None and self.episode % cfg.checkpoint_interval == 0:
            self.save("last")
        return report

    def _report(
        self,
        first: tuple[Episode, Adaptation],
        meta_loss: float,
        meta_acc: float,
        total: float,
        group_norms: dict[str, float],
        meta_lr: float,
        started: float,
    ) -> EpisodeReport:
        ep, ad = first
        return EpisodeReport(
            episode=self.episode,
            meta_loss=meta_loss,
            meta_acc=meta_acc,
            inner_loss=ad.inner_loss.cpu().numpy().copy(),
            inner_acc=ad.inner_acc.cpu().numpy().copy(),
            layers=self.layers,
            input_gate=gate_stats(ad.input, self._layer_ids, len(self.layers), ad.input_logit),
            forget_gate=gate_stats(ad.forget, self._layer_ids, len(self.layers), ad.forget_logit),
            learner_grad_norm=ad.grad_norm.cpu().numpy().copy(),
            meta_grad_norm=total,
            meta_grad_norms=group_norms,
            seconds=time.perf_counter() - started,
            class_names=tuple(ep.class_names),
            support_index=ep.support_index.copy(),
            query_index=ep.query_index.copy(),
            rotations=ep.rotations.copy(),
            meta_lr=meta_lr,
        )

    # ------------------------------------------------------------------ validation
    def validate(self, episodes: Optional[int] = None) -> Optional[ValidationReport]:
        """Mean ± 95% CI on the validation split (the training split if there is none);
        None when `interrupt()` cut it short."""
        self.ranks.check_in_sync(self.meta.parameters())
        if not self.ranks.is_main:
            self.validation_due = False
            return None  # rank 0 validates and writes; the others go on training
        split = "val" if "val" in self.samplers else "train"
        started = time.perf_counter()
        n = episodes or self.config.val_episodes

        def check(_: int) -> None:
            if self._interrupt.is_set():
                raise _Interrupted

        try:
            check(0)
            res = evaluate(
                self.meta,
                self.learner,
                self.samplers[split],
                n,
                self.config.seed,
                self.config.inner_steps,
                self.config.inner_batch,
                stream="validation",
                device=self.device,
                progress=check,
            )
        except _Interrupted:
            return None  # still due: the checkpoint a stop saves says so, and resume redoes it
        with self._consistent():
            best = res.accuracy > self.best_accuracy
            if best:
                self.best_accuracy, self.best_episode = res.accuracy, self.episode
            self.validation_due = False
            report = ValidationReport(
                self.episode,
                split,
                res.accuracy,
                res.ci95,
                res.loss,
                n,
                best,
                time.perf_counter() - started,
            )
            self._events.emit(Event.VALIDATION, report)
            if self.run is not None:
                if best:
                    self.save("best")
                self.save("last")
        return report

    # ------------------------------------------------------------------ checkpoints
    def trainer_state(self) -> dict[str, Any]:
        return {
            "episode": self.episode,
            "best_accuracy": self.best_accuracy,
            "best_episode": self.best_episode,
            "validation_due": self.validation_due,
        }

    def save(self, kind: str = "last", path: Optional[Path | str] = None) -> Path:
        if path is None:
            if self.run is None:
                raise ValueError("no run directory: give a path")
            path = self.run.checkpoint(kind)
        out = save_checkpoint(
            path,
            config=self.config,
            preprocessing=self.preprocessing,
            meta=self.meta,
            optimizer=self.optimizer,
            trainer=self.trainer_state(),
        )
        self._events.emit(Event.CHECKPOINT, CheckpointEvent(self.episode, str(out), kind))
        return out

    def _resume(self, path: Path) -> None:
        bundle = read_checkpoint(path)
        saved = checkpoint_config(bundle, path)
        free = (
            "name",
            "episodes",
            "threads",
            "device",
            "val_interval",
            "checkpoint_interval",
            "test_episodes",  # schedule-only: they do not change the trained numbers
            "meta_lr_hold",
            "meta_lr_halflife",
        )  # the rate from the resumed update on
        old, new = saved.to_dict(), self.config.to_dict()
        diff = sorted(k for k in old if old[k] != new[k])
        fixed = [k for k in diff if k not in free]
        if fixed:
            raise CheckpointError(
                f"cannot resume from {path}: its config differs in {', '.join(fixed)}"
            )
        self.resumed_changes = {k: (old[k], new[k]) for k in diff}
        try:
            self.meta.load_state_dict(bundle["meta"])
            if bundle.get("optimizer"):
                self.optimizer.load_state_dict(bundle["optimizer"])
        except (RuntimeError, KeyError, ValueError, TypeError) as exc:
            raise CheckpointError(
                f"cannot resume from {path}: its weights or optimizer state "
                f"do not fit ({str(exc).splitlines()[0][:160]})"
            ) from None
        state = bundle.get("trainer") or {}
        self.episode = int(state.get("episode", 0))
        self.best_accuracy = float(state.get("best_accuracy", -1.0))
        self.best_episode = int(state.get("best_episode", 0))
        self.validation_due = bool(state.get("validation_due", False))
        if self.run is not None:
            self.run.truncate_metrics(self.episode)
            if self.resumed_changes:  # config.yaml describes the run as it goes on from here
                self.config.save(self.run.config_path)
