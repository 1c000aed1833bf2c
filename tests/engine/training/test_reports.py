"""Reports: the 95% interval of the few-shot literature, and metrics.jsonl records that
keep every field a follower or a resume reads."""

import json

import numpy as np
import pytest

from engine.training.reports import ValidationReport, mean_ci95


def test_mean_ci95_is_mean_and_1_96_sd_over_root_n():
    values = np.array([0.5, 0.7, 0.9, 0.6])
    mean, ci = mean_ci95(values)
    assert mean == pytest.approx(0.675)
    assert ci == pytest.approx(1.96 * np.std(values, ddof=1) / 2)
    assert mean_ci95(np.array([0.8])) == (0.8, 0.0)
    assert all(np.isnan(v) for v in mean_ci95(np.array([])))


def test_a_validation_record_round_trips_through_json():
    r = ValidationReport(12, "val", 0.9123456789, 0.0123, 0.33, 200, True, 4.5)
    record = json.loads(json.dumps(r.to_json()))
    assert record["type"] == "validation" and record["episode"] == 12
    assert record["accuracy"] == pytest.approx(0.9123456789, abs=1e-6) and record["best"]
