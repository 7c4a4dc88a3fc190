"""Keras's other metric classes: AUC, the counts at thresholds, the F-scores, R², exact
accuracy, the cross-entropies, Mean, Sum and MeanMetricWrapper.

Each is checked three ways: worked numbers that run without Keras, scikit-learn where it
computes the same quantity (ROC AUC, F1, R²), and Keras 3 itself on random data fed in
several batches with sample weights (skipped where Keras is not installed), since the
point of a stateful metric is that the batches add up to the whole dataset's value.
"""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

from lucidnet import Dense, Input, Sequential, losses, metrics

BATCHES = 3


def keras_metrics():
    os.environ.setdefault("KERAS_BACKEND", "torch")
    return pytest.importorskip("keras").metrics


def feed(metric, y, p, w=None, batches=BATCHES):
    """Give ``metric`` the data in ``batches`` parts, with the weights, and return its result."""
    for part in np.array_split(np.arange(len(p)), batches):
        metric.update_state(y[part], p[part], None if w is None else w[part])
    return np.asarray(metric.result(), dtype=np.float64)


def binary_data(n=120, outputs=1, seed=0):
    rng = np.random.default_rng(seed)
    y = (rng.random((n, outputs)) < 0.4).astype(np.float32)
    p = np.clip(0.35 * y + 0.65 * rng.random((n, outputs)), 0, 1).astype(np.float32)
    w = rng.uniform(0.2, 2.0, size=n).astype(np.float32)
    return y, p, w


def one_hot_data(n=90, classes=4, seed=1):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, classes, size=n)
    y = np.eye(classes, dtype=np.float32)[labels]
    logits = rng.normal(size=(n, classes)) + 1.5 * y
    p = (np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)).astype(np.float32)
    w = rng.uniform(0.2, 2.0, size=n).astype(np.float32)
    return labels, y, p, w


# -- worked numbers ---------------------------------------------------------------------------------

def test_auc_of_keras_bucket_example():
    # Keras's docstring: thresholds [−ε, 0.5, 1 + ε]; TP [2, 1, 0], FP [2, 0, 0], TN [0, 2, 2],
    # FN [0, 1, 2]; TPR [1, 0.5, 0], FPR [1, 0, 0]; area (1 − 0)·(1 + 0.5)/2 = 0.75.
    auc = metrics.AUC(num_thresholds=3)
    auc.update_state(np.array([0, 0, 1, 1]), np.array([0.0, 0.5, 0.3, 0.9]))
    assert auc.result() == pytest.approx(0.75)
    np.testing.assert_array_equal(auc.sums["tp"], [2, 1, 0])
    np.testing.assert_array_equal(auc.sums["fp"], [2, 0, 0])


def test_counts_at_several_thresholds_by_hand():
    y = np.array([0, 1, 1, 1, 0])
    p = np.array([0.1, 0.4, 0.6, 0.9, 0.7])
    tp, fp = metrics.TruePositives(thresholds=[0.3, 0.5, 0.8]), metrics.FalsePositives(0.5)
    tn, fn = metrics.TrueNegatives(), metrics.FalseNegatives(thresholds=[0.0, 0.5, 1.0])
    for metric in (tp, fp, tn, fn):
        metric.update_state(y, p, sample_weight=np.array([1, 1, 2, 1, 3]))
    np.testing.assert_array_equal(tp.result(), [4, 3, 1])
    assert fp.result() == 3.0 and tn.result() == 1.0
    np.testing.assert_array_equal(fn.result(), [0, 1, 4])


@pytest.mark.parametrize("threshold, true_positives",
                         [(np.float32(0.5), 2.0), (np.float64(0.25), 3.0), (np.int64(1), 0.0)])
def test_a_numpy_threshold_of_a_count_is_saved_as_the_python_number_and_counts_alike(
        threshold, true_positives):
    metric, plain = metrics.TruePositives(threshold), metrics.TruePositives(threshold.item())
    config = metric.get_config()
    assert type(config["thresholds"]) is float and config == plain.get_config()
    json.dumps(config)
    y, p = np.array([0, 1, 1, 1, 0]), np.array([0.1, 0.4, 0.6, 0.9, 0.7])
    for counted in (metric, plain):
        counted.update_state(y, p)
    assert metric.result() == plain.result() == true_positives


def test_precision_at_recall_and_friends_by_hand():
    y = np.array([0, 0, 1, 1])
    p = np.array([0.1, 0.6, 0.55, 0.9])
    # Thresholds 0.5 … : above 0.55 only (0.6, 0.9) are positive: precision 1/2, recall 1/2;
    # above 0.59: same; above 0.6: 0.9 alone: precision 1, recall 1/2.
    precision = metrics.PrecisionAtRecall(0.5, num_thresholds=101)
    precision.update_state(y, p)
    assert precision.result() == pytest.approx(1.0)
    recall = metrics.RecallAtPrecision(0.6, num_thresholds=101)
    recall.update_state(y, p)
    assert recall.result() == pytest.approx(1.0)  # at t < 0.55: TP 2, FP 1, precision 2/3
    specificity = metrics.SpecificityAtSensitivity(1.0, num_thresholds=101)
    specificity.update_state(y, p)
    assert specificity.result() == pytest.approx(0.5)  # keep both positives: only 0.1 below
    sensitivity = metrics.SensitivityAtSpecificity(1.0, num_thresholds=101)
    sensitivity.update_state(y, p)
    assert sensitivity.result() == pytest.approx(0.5)


def test_f1_per_class_and_averaged_by_hand():
    y = np.array([[1, 0], [0, 1], [1, 0]])
    p = np.array([[0.9, 0.2], [0.6, 0.7], [0.3, 0.1]])
    # threshold 0.5: class 0 has TP 1, FP 1, FN 1 (F1 1/2); class 1 TP 1 (F1 1).
    per_class = metrics.F1Score(threshold=0.5)
    per_class.update_state(y, p)
    np.testing.assert_allclose(per_class.result(), [0.5, 1.0], atol=1e-6)
    # threshold None: each row's largest: [1, 0], [0, 1], [1, 0]: every prediction is right.
    argmax = metrics.F1Score(average="micro")
    argmax.update_state(y, p)
    assert argmax.result() == pytest.approx(1.0, abs=1e-6)
    weighted = metrics.FBetaScore(average="weighted", beta=2.0, threshold=0.5)
    weighted.update_state(y, p)
    # F₂ of class 0: 5·¼/(4·½ + ½) = 0.5; class 1: 1; weights 2/3 and 1/3.
    assert weighted.result() == pytest.approx(2 / 3 * 0.5 + 1 / 3, abs=1e-6)


def test_r2_by_hand_and_adjusted():
    y = np.array([[1.0], [4.0], [3.0], [2.0]])
    p = np.array([[2.0], [3.5], [3.0], [1.0]])
    ss_res, ss_tot = 1 + 0.25 + 0 + 1, (1.5**2 + 1.5**2 + 0.5**2 + 0.5**2)
    plain = metrics.R2Score()
    adjusted = metrics.R2Score(num_regressors=1)
    for metric in (plain, adjusted):
        feed(metric, y, p, batches=2)
    assert plain.result() == pytest.approx(1 - ss_res / ss_tot)
    assert adjusted.result() == pytest.approx(1 - (ss_res / ss_tot) * 3 / 2)


def test_exact_accuracy_mean_and_sum_as_keras_documents_them():
    accuracy = metrics.Accuracy()
    accuracy.update_state([[1], [2], [3], [4]], [[0], [2], [3], [4]], sample_weight=[1, 1, 0, 0])
    assert accuracy.result() == 0.5 and accuracy.log_name == "accuracy"
    mean, total = metrics.Mean(), metrics.Sum()
    mean.update_state([1, 3, 5, 7], sample_weight=[1, 1, 0, 0])
    total.update_state([1, 3, 5, 7], sample_weight=[1, 1, 0, 0])
    assert mean.result() == 2.0 and total.result() == 4.0
    mean.update_state(np.array([[2.0, 4.0]]), sample_weight=[2.0])  # the row's mean, weight 2
    assert mean.result() == pytest.approx((4 + 2 * 3) / 4)


def test_crossentropy_metrics_are_the_losses_averaged_over_every_batch():
    labels, y, p, w = one_hot_data()
    expected = (losses.CategoricalCrossentropy().per_sample(y, p) * w).sum() / w.sum()
    assert feed(metrics.CategoricalCrossentropy(), y, p, w) == pytest.approx(expected, rel=1e-6)
    assert feed(metrics.SparseCategoricalCrossentropy(), labels.astype(np.float32), p, w) \
        == pytest.approx(expected, rel=1e-6)
    yb, pb, wb = binary_data()
    z = np.log(pb + 1e-3) - np.log1p(-pb + 1e-3)
    smoothed = yb * 0.8 + 0.1
    expected = -(smoothed * np.log(1 / (1 + np.exp(-z))) + (1 - smoothed) * np.log(1 - 1 / (1 + np.exp(-z)))).mean()
    assert feed(metrics.BinaryCrossentropy(from_logits=True, label_smoothing=0.2), yb, z) \
        == pytest.approx(expected, rel=1e-5)


def test_mean_metric_wrapper_averages_any_function():
    metric = metrics.MeanMetricWrapper(lambda y, p, power: (np.abs(y - p) ** power).mean(axis=-1),
                                       name="cubed", power=3)
    y, p = np.zeros((4, 2)), np.array([[1.0, 1.0], [2.0, 0.0], [0.0, 0.0], [1.0, 0.0]])
    assert feed(metric, y, p, batches=2) == pytest.approx((1 + 4 + 0 + 0.5) / 4)
    assert metric.get_config() == {"fn": metric.fn, "name": "cubed", "dtype": "float32", "power": 3}


# -- scikit-learn ------------------------------------------------------------------------------------

def test_roc_auc_approaches_scikit_learn_with_many_thresholds():
    sklearn_metrics = pytest.importorskip("sklearn.metrics")
    y, p, w = binary_data(n=400)
    ours = feed(metrics.AUC(num_thresholds=2000), y, p, w)
    assert ours == pytest.approx(sklearn_metrics.roc_auc_score(y, p, sample_weight=w), abs=2e-3)
    # At the predictions themselves as thresholds the trapezoids are scikit-learn's exactly.
    exact = feed(metrics.AUC(thresholds=sorted(set(p.ravel().astype(float) - 1e-9))), y, p, w)
    assert exact == pytest.approx(sklearn_metrics.roc_auc_score(y, p, sample_weight=w), abs=1e-9)


@pytest.mark.parametrize("average", [None, "micro", "macro", "weighted"])
def test_f1_matches_scikit_learn(average):
    sklearn_metrics = pytest.importorskip("sklearn.metrics")
    labels, y, p, w = one_hot_data()
    ours = feed(metrics.F1Score(average=average), y, p, w)
    theirs = sklearn_metrics.f1_score(labels, p.argmax(axis=1), average=average, sample_weight=w)
    np.testing.assert_allclose(ours, theirs, atol=1e-5)


@pytest.mark.parametrize("aggregation, multioutput", [
    ("uniform_average", "uniform_average"), ("variance_weighted_average", "variance_weighted"),
    (None, "raw_values")])
def test_r2_matches_scikit_learn(aggregation, multioutput):
    sklearn_metrics = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(5)
    y = rng.normal(size=(60, 3)) * [1.0, 3.0, 0.5]
    p = y + rng.normal(size=(60, 3))
    w = rng.uniform(0.5, 2.0, size=60)
    np.testing.assert_allclose(feed(metrics.R2Score(class_aggregation=aggregation), y, p, w),
                               sklearn_metrics.r2_score(y, p, sample_weight=w, multioutput=multioutput),
                               rtol=1e-10)


# -- Keras itself ------------------------------------------------------------------------------------

@pytest.mark.parametrize("arguments", [
    {}, {"curve": "PR"}, {"summation_method": "minoring"}, {"curve": "PR", "summation_method": "majoring"},
    {"curve": "PRGAIN"}, {"num_thresholds": 7}, {"thresholds": [0.2, 0.45, 0.9]},
    {"thresholds": [0.25, 0.5, 0.75]}, {"multi_label": True}, {"multi_label": True, "curve": "PR"},
    {"from_logits": True},
], ids=repr)
def test_auc_matches_keras(arguments):
    keras = keras_metrics()
    y, p, w = binary_data(outputs=3)
    if arguments.get("from_logits"):
        p = (p - 0.5) * 6
    ours = feed(metrics.AUC(**arguments), y, p, w)
    theirs = feed(keras.AUC(**arguments), y, p, w)
    assert ours == pytest.approx(float(theirs), abs=1e-5)


@pytest.mark.parametrize("name", ["TruePositives", "FalsePositives", "TrueNegatives", "FalseNegatives"])
@pytest.mark.parametrize("thresholds", [None, 0.3, [0.1, 0.5, 0.85], [0.0, 0.5, 1.0]], ids=repr)
def test_counts_match_keras(name, thresholds):
    keras = keras_metrics()
    y, p, w = binary_data(outputs=2)
    np.testing.assert_allclose(feed(getattr(metrics, name)(thresholds), y, p, w),
                               feed(getattr(keras, name)(thresholds), y, p, w), rtol=1e-5, atol=1e-4)


@pytest.mark.parametrize("name, value", [("PrecisionAtRecall", 0.6), ("RecallAtPrecision", 0.5),
                                         ("SensitivityAtSpecificity", 0.7),
                                         ("SpecificityAtSensitivity", 0.8)])
@pytest.mark.parametrize("num_thresholds", [1, 50, 200])
def test_rates_at_a_constraint_match_keras(name, value, num_thresholds):
    keras = keras_metrics()
    y, p, w = binary_data()
    assert feed(getattr(metrics, name)(value, num_thresholds=num_thresholds), y, p, w) == \
        pytest.approx(float(feed(getattr(keras, name)(value, num_thresholds=num_thresholds), y, p, w)), abs=1e-6)


@pytest.mark.parametrize("average", [None, "micro", "macro", "weighted"])
@pytest.mark.parametrize("threshold", [None, 0.3])
@pytest.mark.parametrize("beta", [1.0, 0.5])
def test_f_scores_match_keras(average, threshold, beta):
    keras = keras_metrics()
    _, y, p, w = one_hot_data()
    np.testing.assert_allclose(
        feed(metrics.FBetaScore(average=average, beta=beta, threshold=threshold), y, p, w),
        feed(keras.FBetaScore(average=average, beta=beta, threshold=threshold), y, p, w), atol=1e-5)


# The adjusted R² is not cross-checked here: its n is the number of examples with a weight in
# Keras's own test suite (ported in keras_conformance/test_regression_metrics.py), where Keras
# 3.15 still counted every target value.
@pytest.mark.parametrize("make", [
    lambda m: m.R2Score(), lambda m: m.R2Score(class_aggregation="variance_weighted_average"),
    lambda m: m.Accuracy(),
    lambda m: m.BinaryCrossentropy(), lambda m: m.BinaryCrossentropy(from_logits=True, label_smoothing=0.1),
    lambda m: m.CategoricalCrossentropy(label_smoothing=0.2),
], ids=["r2", "r2-variance-weighted", "accuracy", "bce", "bce-logits-smoothed",
        "cce-smoothed"])
def test_regression_and_probabilistic_metrics_match_keras(make):
    keras = keras_metrics()
    _, y, p, w = one_hot_data()
    if "Accuracy" in repr(make(metrics)):
        p = (p > 0.3).astype(np.float32)
    np.testing.assert_allclose(feed(make(metrics), y, p, w), feed(make(keras), y, p, w), rtol=2e-5)


def test_sparse_crossentropy_mean_and_sum_match_keras():
    keras = keras_metrics()
    labels, _, p, w = one_hot_data()
    labels = labels.astype(np.float32)
    assert feed(metrics.SparseCategoricalCrossentropy(), labels, p, w) == pytest.approx(
        float(feed(keras.SparseCategoricalCrossentropy(), labels, p, w)), rel=1e-5)
    for name in ("Mean", "Sum"):
        ours, theirs = getattr(metrics, name)(), getattr(keras, name)()
        for part in np.array_split(np.arange(len(p)), BATCHES):
            ours.update_state(p[part], w[part])
            theirs.update_state(p[part], w[part])
        assert ours.result() == pytest.approx(float(theirs.result()), rel=1e-5)


# -- in training ---------------------------------------------------------------------------------------

def binary_model(metric_list):
    model = Sequential([Input((3,)), Dense(4, activation="relu"), Dense(1)], seed=0)
    model.compile(optimizer="adam", loss=losses.BinaryCrossentropy(from_logits=True),
                  metrics=metric_list)
    return model


def test_metrics_by_name_and_object_land_in_history_under_their_names():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 3)).astype(np.float32)
    y = (x[:, 0] + x[:, 1] > 0).astype(np.float32)
    model = binary_model([metrics.BinaryCrossentropy(from_logits=True, name="binary_crossentropy"),
                          "accuracy", metrics.AUC(name="auc", from_logits=True),
                          metrics.AUC(name="prc", curve="PR", from_logits=True), "f1_score"])
    history = model.fit(x, y, epochs=2, batch_size=16, validation_split=0.25, verbose=0)
    for key in ("binary_crossentropy", "accuracy", "auc", "prc", "val_binary_crossentropy",
                "val_auc", "val_prc", "f1_score"):
        assert len(history.history[key]) == 2, key
    assert history.history["loss"] == pytest.approx(history.history["binary_crossentropy"], rel=1e-5)


def test_evaluate_over_batches_gives_the_whole_dataset_auc():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(100, 3)).astype(np.float32)
    y = (x[:, 0] > 0).astype(np.float32)
    w = rng.uniform(0.5, 2, size=100).astype(np.float32)
    model = binary_model([metrics.AUC(from_logits=True)])
    model.fit(x, y, epochs=1, verbose=0)
    in_batches = model.evaluate(x, y, sample_weight=w, batch_size=7, return_dict=True, verbose=0)
    whole = metrics.AUC(from_logits=True)
    whole.update_state(y.reshape(-1, 1), model.predict(x, verbose=0), w)
    assert in_batches["auc"] == pytest.approx(whole.result(), abs=1e-12)


# -- bad input ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("make, message", [
    (lambda: metrics.AUC(num_thresholds=1), r"AUC num_thresholds must be an integer >= 2, got 1"),
    (lambda: metrics.AUC(curve="ROCK"), r"AUC curve must be one of .*got 'ROCK'"),
    (lambda: metrics.AUC(thresholds=[0.5, 1.5]), r"AUC thresholds must be a number in \[0, 1\], got 1\.5"),
    (lambda: metrics.AUC(num_labels=3), r"AUC num_labels=3 is needed only when multi_label=True"),
    (lambda: metrics.TruePositives(thresholds=-0.1), r"TruePositives thresholds must be a number in \[0, 1\], got -0\.1"),
    (lambda: metrics.F1Score(average="samples"), r"F1Score average must be one of None, 'micro', 'macro' or 'weighted', got 'samples'"),
    (lambda: metrics.FBetaScore(beta=0), r"FBetaScore beta must be a number > 0, got 0"),
    (lambda: metrics.F1Score(threshold=0.0), r"F1Score threshold must be a number in \(0, 1\], got 0\.0"),
    (lambda: metrics.PrecisionAtRecall(1.2), r"PrecisionAtRecall recall must be a number in \[0, 1\], got 1\.2"),
    (lambda: metrics.R2Score(class_aggregation="mean"), r"R2Score class_aggregation must be one of"),
    (lambda: metrics.BinaryCrossentropy(label_smoothing=2), r"label_smoothing must be a number in \[0, 1\], got 2"),
])
def test_bad_arguments_are_refused_naming_the_argument_and_value(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_targets_not_shaped_like_outputs_are_refused_with_a_hint():
    with pytest.raises(ValueError, match=r"AUC expects targets shaped like the outputs, \(4, 3\), "
                                         r"got \(4,\). Hint: one-hot encode"):
        metrics.AUC().update_state(np.array([0, 1, 2, 1]), np.zeros((4, 3)))
    with pytest.raises(ValueError, match=r"SparseCategoricalCrossentropy expects one integer class "
                                         r"label per example, shape \(2,\), got shape \(2, 3\)"):
        metrics.SparseCategoricalCrossentropy().update_state(np.eye(3)[:2], np.full((2, 3), 1 / 3))
    with pytest.raises(ValueError, match=r"F1Score expects outputs of shape \(batch, outputs\)"):
        metrics.F1Score().update_state(np.zeros(4), np.zeros(4))


def test_a_model_compiled_with_the_new_metrics_is_saved_and_loaded(tmp_path):
    import lucidnet
    rng = np.random.default_rng(2)
    x = rng.normal(size=(40, 3)).astype(np.float32)
    y = (x[:, 0] > 0).astype(np.float32)
    model = binary_model([metrics.AUC(name="prc", curve="PR", from_logits=True),
                          metrics.F1Score(threshold=0.5), metrics.TruePositives([0.2, 0.5]),
                          metrics.PrecisionAtRecall(0.5)])
    model.fit(x, y, epochs=1, verbose=0)
    model.save(tmp_path / "model.lucid")
    loaded = lucidnet.load_model(tmp_path / "model.lucid")
    assert [m.get_config() for m in loaded.metrics] == [m.get_config() for m in model.metrics]
    before = model.evaluate(x, y, return_dict=True, verbose=0)
    after = loaded.evaluate(x, y, return_dict=True, verbose=0)
    assert before.keys() == after.keys()
    for key in before:
        np.testing.assert_array_equal(before[key], after[key])
    # Array results (per class, per threshold) stay in memory; the file keeps the numbers.
    assert set(loaded.history.history) == {"loss", "prc", "precision_at_recall"}
