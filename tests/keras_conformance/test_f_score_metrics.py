"""Keras's F-score cases (`keras/src/metrics/f_score_metrics_test.py`), ported.

Each test names the Keras test it comes from; the inputs and expected numbers are Keras's.
"""

import numpy as np
import pytest

from lucidnet.keras import metrics


def run(y_true, y_pred, sample_weight, average, beta, threshold, expected):
    fbeta = metrics.FBetaScore(average, beta, threshold, dtype="float32")
    fbeta.update_state(np.array(y_true), np.array(y_pred),
                       None if sample_weight is None else np.array(sample_weight))
    np.testing.assert_allclose(fbeta.result(), expected, atol=1e-6)


AVERAGES_AND_BETAS = [(average, beta) for average in ("micro", "macro", "weighted")
                      for beta in (0.5, 1.0, 2.0)]
SIX_TRUE = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [1, 0, 0], [0, 0, 1]]
SIX_PRED = [[0.9, 0.1, 0], [0.2, 0.6, 0.2], [0, 0, 1], [0.4, 0.3, 0.3], [0, 0.9, 0.1], [0, 0, 1]]


# keras: metrics/f_score_metrics_test.py::FBetaScoreTest::test_config
def test_fbeta_config():
    metric = metrics.FBetaScore(beta=0.5, threshold=0.3, average=None, dtype="float32")
    restored = metrics.FBetaScore.from_config(metric.get_config())
    for each in (metric, restored):
        assert each.beta == 0.5 and each.average is None and each.threshold == 0.3
        assert each.dtype == "float32"


# keras: metrics/f_score_metrics_test.py::FBetaScoreTest::test_fbeta_perfect_score
@pytest.mark.parametrize("average, beta", AVERAGES_AND_BETAS)
def test_fbeta_perfect_score(average, beta):
    run([[1, 1, 1], [1, 0, 0], [1, 1, 0]], [[0.7, 0.7, 0.7], [1, 0, 0], [0.9, 0.8, 0]], None,
        average, beta, 0.66, 1.0)


# keras: metrics/f_score_metrics_test.py::FBetaScoreTest::test_fbeta_worst_score
@pytest.mark.parametrize("average, beta", AVERAGES_AND_BETAS)
def test_fbeta_worst_score(average, beta):
    run([[0, 0, 0], [0, 1, 0], [0, 0, 1]], [[0.7, 0.7, 0.7], [1, 0, 0], [0.9, 0.8, 0]], None,
        average, beta, 0.66, 0.0)


# keras: metrics/f_score_metrics_test.py::FBetaScoreTest::test_fbeta_random_score
@pytest.mark.parametrize("average, beta, expected", [
    (None, 0.5, [0.71428573, 0.5, 0.833334]), (None, 1.0, [0.8, 0.5, 0.6666667]),
    (None, 2.0, [0.9090904, 0.5, 0.555556]), ("micro", 0.5, 0.6666667),
    ("micro", 1.0, 0.6666667), ("micro", 2.0, 0.6666667), ("macro", 0.5, 0.6825397),
    ("macro", 1.0, 0.6555555), ("macro", 2.0, 0.6548822), ("weighted", 0.5, 0.6825397),
    ("weighted", 1.0, 0.6555555), ("weighted", 2.0, 0.6548822),
])
def test_fbeta_random_score(average, beta, expected):
    run([[0, 0, 1], [1, 1, 0], [1, 1, 1]], [[0.7, 0.7, 0.7], [1, 0, 0], [0.9, 0.8, 0]], None,
        average, beta, 0.66, expected)


# keras: metrics/f_score_metrics_test.py::FBetaScoreTest::test_fbeta_random_score_none
@pytest.mark.parametrize("average, beta, expected", [
    (None, 0.5, [0.9090904, 0.555556, 1.0]), (None, 1.0, [0.8, 0.6666667, 1.0]),
    (None, 2.0, [0.71428573, 0.833334, 1.0]), ("micro", 0.5, 0.833334),
    ("micro", 1.0, 0.833334), ("micro", 2.0, 0.833334), ("macro", 0.5, 0.821549),
    ("macro", 1.0, 0.822222), ("macro", 2.0, 0.849206), ("weighted", 0.5, 0.880471),
    ("weighted", 1.0, 0.844445), ("weighted", 2.0, 0.829365),
])
def test_fbeta_random_score_none(average, beta, expected):
    run(SIX_TRUE, SIX_PRED, None, average, beta, None, expected)


ONES, HOLES, HALVES = [1.0] * 6, [1.0, 0.0, 1.0, 1.0, 0.0, 1.0], [0.5, 1.0, 1.0, 1.0, 0.5, 1.0]


# keras: metrics/f_score_metrics_test.py::FBetaScoreTest::test_fbeta_weighted_random_score_none
@pytest.mark.parametrize("average, beta, sample_weight, expected", [
    (None, 0.5, ONES, [0.909091, 0.555556, 1.0]), (None, 0.5, HOLES, [1.0, 0.0, 1.0]),
    (None, 0.5, HALVES, [0.9375, 0.714286, 1.0]), (None, 1.0, ONES, [0.8, 0.666667, 1.0]),
    (None, 1.0, HOLES, [1.0, 0.0, 1.0]), (None, 1.0, HALVES, [0.857143, 0.8, 1.0]),
    (None, 2.0, ONES, [0.714286, 0.833333, 1.0]), (None, 2.0, HOLES, [1.0, 0.0, 1.0]),
    (None, 2.0, HALVES, [0.789474, 0.909091, 1.0]),
    ("micro", 0.5, ONES, 0.833333), ("micro", 0.5, HOLES, 1.0), ("micro", 0.5, HALVES, 0.9),
    ("micro", 1.0, ONES, 0.833333), ("micro", 1.0, HOLES, 1.0), ("micro", 1.0, HALVES, 0.9),
    ("micro", 2.0, ONES, 0.833333), ("micro", 2.0, HOLES, 1.0), ("micro", 2.0, HALVES, 0.9),
    ("macro", 0.5, ONES, 0.821549), ("macro", 0.5, HOLES, 0.666667),
    ("macro", 0.5, HALVES, 0.883929), ("macro", 1.0, ONES, 0.822222),
    ("macro", 1.0, HOLES, 0.666667), ("macro", 1.0, HALVES, 0.885714),
    ("macro", 2.0, ONES, 0.849206), ("macro", 2.0, HOLES, 0.666667),
    ("macro", 2.0, HALVES, 0.899522),
    ("weighted", 0.5, ONES, 0.880471), ("weighted", 0.5, HOLES, 1.0),
    ("weighted", 0.5, HALVES, 0.917857), ("weighted", 1.0, ONES, 0.844444),
    ("weighted", 1.0, HOLES, 1.0), ("weighted", 1.0, HALVES, 0.902857),
    ("weighted", 2.0, ONES, 0.829365), ("weighted", 2.0, HOLES, 1.0),
    ("weighted", 2.0, HALVES, 0.897608),
])
def test_fbeta_weighted_random_score_none(average, beta, sample_weight, expected):
    run(SIX_TRUE, SIX_PRED, sample_weight, average, beta, None, expected)


# keras: metrics/f_score_metrics_test.py::FBetaScoreTest::test_invalid_average_raises_value_error
def test_fbeta_invalid_average():
    with pytest.raises(ValueError, match=r"FBetaScore average must be one of None, 'micro', "
                                         r"'macro' or 'weighted', got 'invalid_average'"):
        metrics.FBetaScore(average="invalid_average", beta=1.0, threshold=None, dtype="float32")


# keras: metrics/f_score_metrics_test.py::FBetaScoreTest::test_beta_string_type_raises_value_error
# keras: metrics/f_score_metrics_test.py::FBetaScoreTest::test_beta_none_type_raises_value_error
# keras: metrics/f_score_metrics_test.py::FBetaScoreTest::test_beta_zero_raises_value_error
# keras: metrics/f_score_metrics_test.py::FBetaScoreTest::test_beta_negative_one_raises_value_error
# keras: metrics/f_score_metrics_test.py::FBetaScoreTest::test_beta_negative_half_raises_value_error
@pytest.mark.parametrize("beta", ["1.0", None, 0.0, -1.0, -0.5])
def test_fbeta_invalid_beta(beta):
    with pytest.raises(ValueError, match=rf"FBetaScore beta must be a number > 0, got {beta!r}"):
        metrics.FBetaScore(average="macro", beta=beta, threshold=None, dtype="float32")


# keras: metrics/f_score_metrics_test.py::FBetaScoreTest::test_fbeta_scalar_weight
# keras: metrics/f_score_metrics_test.py::FBetaScoreTest::test_fbeta_2d_weight
@pytest.mark.parametrize("sample_weight, expected", [
    (0.5, [0.0, 0.6666665]), (np.array([[0.5, 0.2], [0.3, 0.8]], np.float32), [0.0, 0.333333]),
], ids=["scalar_weight", "2d_weight"])
def test_fbeta_weights(sample_weight, expected):
    metric = metrics.FBetaScore(threshold=0.5)
    metric.update_state(np.array([[1, 1], [1, 0]], np.int32),
                        np.array([[0.2, 0.6], [0.2, 0.6]], np.float32), sample_weight=sample_weight)
    np.testing.assert_allclose(metric.result(), expected, atol=1e-5)


# keras: metrics/f_score_metrics_test.py::FBetaScoreTest::test_threshold_string_raises_value_error
# keras: metrics/f_score_metrics_test.py::FBetaScoreTest::test_threshold_above_one_raises_value_error
# keras: metrics/f_score_metrics_test.py::FBetaScoreTest::test_threshold_zero_raises_value_error
# keras: metrics/f_score_metrics_test.py::FBetaScoreTest::test_threshold_negative_raises_value_error
@pytest.mark.parametrize("threshold", ["0.5", 1.1, 0.0, -0.5])
def test_fbeta_invalid_threshold(threshold):
    with pytest.raises(ValueError, match=rf"FBetaScore threshold must be a number in \(0, 1\], "
                                         rf"got {threshold!r}"):
        metrics.FBetaScore(average="macro", beta=1.0, threshold=threshold, dtype="float32")


# keras: metrics/f_score_metrics_test.py::FBetaScoreTest::test_non_2d_input_shapes_raises_value_error
def test_fbeta_refuses_outputs_that_are_not_two_dimensional():
    with pytest.raises(ValueError, match=r"FBetaScore expects outputs of shape \(batch, outputs\), "
                                         r"got shape \(2, 3, 4\)"):
        metrics.FBetaScore(beta=1.0, dtype="float32").update_state(np.ones((2, 3, 4)),
                                                                   np.ones((2, 3, 4)))


# keras: metrics/f_score_metrics_test.py::F1ScoreTest::test_config
def test_f1_config():
    config = metrics.F1Score(dtype="float32").get_config()
    assert "beta" not in config
    restored = metrics.F1Score.from_config(config)
    assert restored.average is None and restored.dtype == "float32"


# keras: metrics/f_score_metrics_test.py::F1ScoreTest::test_correctness
def test_f1_is_fbeta_at_one():
    f1, fbeta = metrics.F1Score(), metrics.FBetaScore(beta=1.0)
    fbeta.update_state(np.array(SIX_TRUE), np.array(SIX_PRED))
    f1.update_state(np.array(SIX_TRUE), np.array(SIX_PRED))
    np.testing.assert_allclose(fbeta.result(), f1.result(), atol=1e-6)
    # and the hard-coded per-class F₁ of the same data (test_fbeta_random_score_none)
    np.testing.assert_allclose(f1.result(), [0.8, 0.6666667, 1.0], atol=1e-6)
