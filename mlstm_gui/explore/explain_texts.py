"""The short texts of "How it works", as Qt rich text with the live numbers filled in.

Every sentence goes through QCoreApplication.translate("HowItWorks", …) so a translation can
replace it; the equations use <sub>/<sup> (no images, no network). The facts follow
Ravi & Larochelle, "Optimization as a Model for Few-Shot Learning", ICLR 2017, and for MAML
Finn, Abbeel & Levine, "Model-Agnostic Meta-Learning", ICML 2017."""

from __future__ import annotations

from typing import Optional

import numpy as np
from PySide6.QtCore import QCoreApplication

from engine.inference.structure import MetaStructure
from engine.inference.trace import AdaptationTrace
from engine.training.reports import EpisodeReport

PAPER = "Ravi &amp; Larochelle, ICLR 2017"
MARK = "#fff2b3"  # background of the algorithm's current line


def _tr(text: str) -> str:
    return QCoreApplication.translate("HowItWorks", text)


def count(n: int) -> str:
    return f"{n:,}"


def algorithm_lines(steps: int) -> list[str]:
    """The meta-training loop of one episode (the paper's Algorithm 1), one line each."""
    return [
        _tr("θ<sub>0</sub> ← c<sub>0</sub> &nbsp;<i>(the learned initialisation)</i>"),
        _tr("for t = 1 … T &nbsp;<i>(T = {T} inner steps on the support set)</i>").format(T=steps),
        "&nbsp;&nbsp;&nbsp;&nbsp;"
        + _tr("L<sub>t</sub>, ∇<sub>t</sub> ← support loss and gradient at θ<sub>t−1</sub>"),
        "&nbsp;&nbsp;&nbsp;&nbsp;"
        + _tr(
            "θ<sub>t</sub> ← f<sub>t</sub> ⊙ θ<sub>t−1</sub> + i<sub>t</sub> ⊙ (−∇<sub>t</sub>) "
            "&nbsp;<i>(the meta-learner's step)</i>"
        ),
        _tr("L<sub>test</sub> ← query loss at θ<sub>T</sub>"),
        _tr(
            "meta-update: Adam on ∂L<sub>test</sub>/∂(LSTM, W<sub>F</sub>, W<sub>I</sub>, "
            "c<sub>0</sub>), back through the T steps &nbsp;<i>(training only)</i>"
        ),
    ]


def marked_lines(steps: int, t: int) -> tuple[int, ...]:
    """Which lines a replay at step t is at: θ_0 at t = 0, the t-th inner step, and at t = T
    also the query loss that the meta-update would use."""
    if t <= 0:
        return (0,)
    return (1, 2, 3, 4) if t >= steps else (1, 2, 3)


def algorithm_html(
    steps: int,
    t: int,
    support_loss: Optional[float] = None,
    query_loss: Optional[float] = None,
) -> str:
    """The loop with the replay's step t marked and this episode's losses beside it."""
    marks = marked_lines(steps, t)
    rows = []
    for k, line in enumerate(algorithm_lines(steps)):
        note = ""
        if k == 1 and t > 0:
            note = _tr("now t = {t}").format(t=t)
        elif k == 2 and t > 0 and support_loss is not None:
            note = _tr("L<sub>{t}</sub> = {v:.4f}").format(t=t, v=support_loss)
        elif k == 4 and t >= steps and query_loss is not None:
            note = _tr("this episode: {v:.4f}").format(v=query_loss)
        back = f" style='background:{MARK}'" if k in marks else ""
        rows.append(f"<tr{back}><td>{line}</td><td><b>{note}</b></td></tr>")
    head = _tr("<b>The algorithm</b> (one episode of meta-training; {paper}, Algorithm 1)")
    foot = _tr(
        "A replay runs the same inner loop at test time and stops before the meta-update. "
        "∇<sub>t</sub> enters as an input: no second derivatives."
    )
    return (
        f"<p>{head.format(paper=PAPER)}</p><table cellspacing='0' cellpadding='3'>"
        + "".join(rows)
        + f"</table><p>{foot}</p>"
    )


def idea_html() -> str:
    """The SGD ⇔ LSTM cell equivalence, the heart of the method."""
    return _tr(
        "<b>The idea</b> ({paper}): gradient descent θ<sub>t</sub> = θ<sub>t−1</sub> − "
        "α<sub>t</sub>∇<sub>t</sub> is an LSTM cell update c<sub>t</sub> = f<sub>t</sub> ⊙ "
        "c<sub>t−1</sub> + i<sub>t</sub> ⊙ c<sup>~</sup><sub>t</sub> with f<sub>t</sub> = 1, "
        "c<sub>t−1</sub> = θ<sub>t−1</sub>, i<sub>t</sub> = α<sub>t</sub>, c<sup>~</sup><sub>t</sub> = "
        "−∇<sub>t</sub>. The meta-learner learns the gates from [∇<sub>t</sub>, L<sub>t</sub>, "
        "θ<sub>t−1</sub>, previous gate]: i<sub>t</sub> a learning rate per weight and step, "
        "f<sub>t</sub> a shrinkage (1: plain SGD), c<sub>0</sub> the start."
    ).format(paper=PAPER)


def counts_html(s: MetaStructure) -> str:
    """Meta-parameters against the learner's size: the sharing across coordinates."""
    ratio = s.coordinates / max(1, s.shared_params)
    layers = ", ".join(f"{name} {count(n)}" for name, n in s.learner_layers)
    return _tr(
        "<b>Sizes of this model</b> ({way}-way): the learner's θ has <b>{P}</b> coordinates "
        "({layers}). Layer 1 has {lstm} weights and layer 2 {cell}: <b>{shared}</b> in all, "
        "shared by every coordinate, {ratio:.0f}× fewer than θ. Only c<sub>0</sub> ({c0}) "
        "grows with the learner; meta-parameters in all: {meta}."
    ).format(
        way=s.way,
        P=count(s.coordinates),
        layers=layers,
        lstm=count(s.lstm_params),
        cell=count(s.cell_params),
        shared=count(s.shared_params),
        ratio=ratio,
        c0=count(s.c0_params),
        meta=count(s.meta_params),
    )


def maml_html(s: Optional[MetaStructure], trace: Optional[AdaptationTrace]) -> str:
    """Side by side with MAML, next to the numbers this app measured for the replay shown."""
    na = "–"
    rows = [
        (
            _tr("What is learned"),
            _tr("the update rule (i<sub>t</sub>, f<sub>t</sub>) and the start c<sub>0</sub>"),
            _tr("the start θ<sub>0</sub> only; α is fixed"),
        ),
        (
            _tr("Meta-learner → learner"),
            _tr("every θ<sub>t</sub>: the meta-learner writes the learner's weights"),
            _tr("θ<sub>0</sub>; the learner then takes plain SGD steps"),
        ),
        (
            _tr("Learner → meta-learner"),
            _tr("∇<sub>t</sub> and L<sub>t</sub> at every step (LSTM inputs), the query loss"),
            _tr("the query loss after the steps"),
        ),
        (
            _tr("Meta-gradient"),
            _tr("first order: ∇<sub>t</sub> is a constant, no second derivatives"),
            _tr("through ∇<sub>t</sub>: second-order terms (Hessian-vector products)"),
        ),
        (
            _tr("Meta-parameters"),
            _tr("{shared} shared + c<sub>0</sub> {c0}").format(
                shared=count(s.shared_params), c0=count(s.c0_params)
            )
            if s
            else na,
            _tr("θ<sub>0</sub> {P}").format(P=count(s.c0_params)) if s else na,
        ),
        (
            _tr("Inner steps T"),
            str(trace.steps) if trace is not None else na,
            _tr("a choice (often 1–5)"),
        ),
    ]
    if trace is not None and trace.steps:
        lo, mid, hi = np.percentile(trace.input, [1, 50, 99])
        acc = trace.query_acc
        rows += [
            (
                _tr("Learning rate"),
                _tr("i<sub>t</sub> in this replay: {lo:.3g} … {hi:.3g} (median {mid:.3g})").format(
                    lo=lo, mid=mid, hi=hi
                ),
                _tr("one α for every weight and step"),
            ),
            (
                _tr("Query accuracy"),
                _tr("θ<sub>0</sub> → θ<sub>T</sub> in this replay: {a:.0%} → {b:.0%}").format(
                    a=float(acc[0]), b=float(acc[-1])
                ),
                na,
            ),
        ]
    head = (
        f"<tr><th></th><th>{_tr('Meta-Learner LSTM (this app)')}</th>"
        f"<th>{_tr('MAML (Finn et al., ICML 2017)')}</th></tr>"
    )
    body = "".join(f"<tr><td><b>{a}</b></td><td>{b}</td><td>{c}</td></tr>" for a, b, c in rows)
    note = _tr(
        "Both adapt the same learner by gradient steps on the support set and train on the query "
        "loss after them. Here the step itself is learned, per coordinate, by one small LSTM."
    )
    return (
        f"<p><b>{_tr('Compared with MAML')}</b></p>"
        f"<table border='1' cellspacing='0' cellpadding='4'>{head}{body}</table><p>{note}</p>"
    )


def questions_html() -> str:
    """Short answers to the questions users keep asking about the method."""
    pairs = [
        (
            _tr("Why subtract the gate times the raw gradient?"),
            _tr(
                "With f<sub>t</sub> = 1 and i<sub>t</sub> = α the cell update is exactly SGD "
                "(the table's SGD column); learning f<sub>t</sub> and i<sub>t</sub> generalises "
                "the step per weight and per step."
            ),
        ),
        (
            _tr("Why preprocess the gradient and the loss?"),
            _tr(
                "Their sizes span many orders of magnitude; (log|x|/p, sign x) gives the LSTM "
                "inputs of sane scale that keep the sign and the magnitude."
            ),
        ),
        (
            _tr("What does learning c<sub>0</sub> do?"),
            _tr("It learns the weights every episode starts from: θ<sub>0</sub> = c<sub>0</sub>."),
        ),
        (
            _tr("Why does test time run the same inner loop?"),
            _tr(
                "The meta-learner is the optimiser: adapting to a new task means running it on "
                "that task's support set, as a replay does."
            ),
        ),
    ]
    return "".join(f"<p><b>{q}</b><br>{a}</p>" for q, a in pairs)


def training_html(report: EpisodeReport) -> str:
    """The loop as the latest meta-training episode of the followed run ran it."""
    inner = report.inner_loss
    return _tr(
        "<b>Meta-training now</b>: episode {n} ran the loop above on its support set "
        "(L<sub>1</sub> = {first:.4f} … L<sub>T</sub> = {last:.4f}), then L<sub>test</sub> = "
        "{test:.4f} on its queries, and Adam (rate {lr:.3g}) updated the meta-learner "
        "(‖∂L<sub>test</sub>‖ = {norm:.3g} before clipping)."
    ).format(
        n=report.episode,
        first=float(inner[0]) if len(inner) else float("nan"),
        last=float(inner[-1]) if len(inner) else float("nan"),
        test=report.meta_loss,
        lr=report.meta_lr,
        norm=report.meta_grad_norm,
    )
