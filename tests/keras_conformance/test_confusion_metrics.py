"""Keras's confusion-metric cases (`keras/src/metrics/confusion_metrics_test.py`), ported:
TP, FP, TN, FN at thresholds, precision and recall (thresholds, top_k, class_id), the rates
at a constraint, and AUC (ROC, PR and PR-gain; interpolation, minoring, majoring; multi-label).

Each test names the Keras test it comes from; the inputs and expected numbers are Keras's.
"""

import json

import numpy as np
import pytest

from lucidnet.keras import metrics

RNG = np.random.default_rng(0)

# The data of the count tests, shared by every TestCase of Keras's TP/FP/TN/FN.
BINARY_TRUE = np.array(((0, 1, 0, 1, 0), (0, 0, 1, 1, 1), (1, 1, 1, 1, 0), (0, 0, 0, 0, 1)))
BINARY_PRED = np.array(((0, 0, 1, 1, 0), (1, 1, 1, 1, 1), (0, 1, 0, 1, 0), (1, 1, 1, 1, 1)))
SCORES_PRED = np.array(((0.9, 0.2, 0.8, 0.1), (0.2, 0.9, 0.7, 0.6), (0.1, 0.2, 0.4, 0.3),
                        (0, 1, 0.7, 0.3)))
SCORES_TRUE = np.array(((0, 1, 1, 0), (1, 0, 0, 0), (0, 0, 0, 0), (1, 1, 1, 1)))
COUNTS = {"FalsePositives": metrics.FalsePositives, "FalseNegatives": metrics.FalseNegatives,
          "TrueNegatives": metrics.TrueNegatives, "TruePositives": metrics.TruePositives}


# keras: metrics/confusion_metrics_test.py::FalsePositivesTest::test_config
# keras: metrics/confusion_metrics_test.py::FalseNegativesTest::test_config
# keras: metrics/confusion_metrics_test.py::TrueNegativesTest::test_config
# keras: metrics/confusion_metrics_test.py::TruePositiveTest::test_config
@pytest.mark.parametrize("cls", COUNTS.values(), ids=COUNTS.keys())
def test_count_config(cls):
    metric = cls(name="my_count", thresholds=[0.4, 0.9])
    assert metric.name == "my_count" and metric.thresholds == [0.4, 0.9]
    restored = cls.from_config(metric.get_config())
    assert restored.name == "my_count" and restored.thresholds == [0.4, 0.9]


# keras: metrics/confusion_metrics_test.py::FalsePositivesTest::test_unweighted
# keras: metrics/confusion_metrics_test.py::FalseNegativesTest::test_unweighted
# keras: metrics/confusion_metrics_test.py::TrueNegativesTest::test_unweighted
# keras: metrics/confusion_metrics_test.py::TruePositiveTest::test_unweighted
@pytest.mark.parametrize("cls, expected", [
    (metrics.FalsePositives, 7.0), (metrics.FalseNegatives, 3.0), (metrics.TrueNegatives, 3.0),
    (metrics.TruePositives, 7.0)], ids=COUNTS.keys())
def test_count_unweighted(cls, expected):
    metric = cls()
    metric.update_state(BINARY_TRUE, BINARY_PRED)
    assert metric.result() == pytest.approx(expected)


# keras: metrics/confusion_metrics_test.py::FalsePositivesTest::test_weighted
# keras: metrics/confusion_metrics_test.py::FalseNegativesTest::test_weighted
# keras: metrics/confusion_metrics_test.py::TrueNegativesTest::test_weighted
# keras: metrics/confusion_metrics_test.py::TruePositiveTest::test_weighted
@pytest.mark.parametrize("cls, expected", [
    (metrics.FalsePositives, 14.0), (metrics.FalseNegatives, 5.0), (metrics.TrueNegatives, 4.0),
    (metrics.TruePositives, 12.0)], ids=COUNTS.keys())
def test_count_weighted(cls, expected):
    result = cls()(BINARY_TRUE, BINARY_PRED, sample_weight=np.array((1.0, 1.5, 2.0, 2.5)))
    assert result == pytest.approx(expected)


# keras: metrics/confusion_metrics_test.py::FalsePositivesTest::test_unweighted_with_thresholds
# keras: metrics/confusion_metrics_test.py::FalseNegativesTest::test_unweighted_with_thresholds
# keras: metrics/confusion_metrics_test.py::TrueNegativesTest::test_unweighted_with_thresholds
# keras: metrics/confusion_metrics_test.py::TruePositiveTest::test_unweighted_with_thresholds
@pytest.mark.parametrize("cls, expected", [
    (metrics.FalsePositives, [7.0, 4.0, 2.0]), (metrics.FalseNegatives, [1.0, 4.0, 6.0]),
    (metrics.TrueNegatives, [2.0, 5.0, 7.0]), (metrics.TruePositives, [6.0, 3.0, 1.0])],
    ids=COUNTS.keys())
def test_count_unweighted_with_thresholds(cls, expected):
    metric = cls(thresholds=[0.15, 0.5, 0.85])
    metric.update_state(SCORES_TRUE, SCORES_PRED)
    np.testing.assert_allclose(metric.result(), expected)


# keras: metrics/confusion_metrics_test.py::FalsePositivesTest::test_weighted_with_thresholds
# keras: metrics/confusion_metrics_test.py::FalseNegativesTest::test_weighted_with_thresholds
# keras: metrics/confusion_metrics_test.py::TrueNegativesTest::test_weighted_with_thresholds
# keras: metrics/confusion_metrics_test.py::TruePositiveTest::test_weighted_with_thresholds
@pytest.mark.parametrize("cls, sample_weight, expected", [
    (metrics.FalsePositives, ((1.0, 2.0, 3.0, 5.0), (7.0, 11.0, 13.0, 17.0),
                              (19.0, 23.0, 29.0, 31.0), (5.0, 15.0, 10.0, 0)), [125.0, 42.0, 12.0]),
    (metrics.FalseNegatives, ((3.0,), (5.0,), (7.0,), (4.0,)), [4.0, 16.0, 23.0]),
    (metrics.TrueNegatives, ((0.0, 2.0, 3.0, 5.0),), [5.0, 15.0, 23.0]),
    (metrics.TruePositives, 37.0, [222.0, 111.0, 37.0]),
], ids=COUNTS.keys())
def test_count_weighted_with_thresholds(cls, sample_weight, expected):
    result = cls(thresholds=[0.15, 0.5, 0.85])(SCORES_TRUE, SCORES_PRED, sample_weight=sample_weight)
    np.testing.assert_allclose(result, expected)


# keras: metrics/confusion_metrics_test.py::FalsePositivesTest::test_threshold_limit
# keras: metrics/confusion_metrics_test.py::FalseNegativesTest::test_threshold_limit
# keras: metrics/confusion_metrics_test.py::TrueNegativesTest::test_threshold_limit
# keras: metrics/confusion_metrics_test.py::TruePositiveTest::test_threshold_limit
@pytest.mark.parametrize("cls", COUNTS.values(), ids=COUNTS.keys())
def test_count_threshold_limit(cls):
    with pytest.raises(ValueError, match=r"thresholds must be numbers in \[0, 1\], got \[-1, 2\]"):
        cls(thresholds=[-1, 0.5, 2])
    with pytest.raises(ValueError, match=r"thresholds must be a number in \[0, 1\], got None"):
        cls(thresholds=[None])


RATIOS = {"Precision": metrics.Precision, "Recall": metrics.Recall}


# keras: metrics/confusion_metrics_test.py::PrecisionTest::test_config
# keras: metrics/confusion_metrics_test.py::RecallTest::test_config
@pytest.mark.parametrize("cls", RATIOS.values(), ids=RATIOS.keys())
def test_ratio_config(cls):
    metric = cls(name="my_metric", thresholds=[0.4, 0.9], top_k=15, class_id=12)
    restored = cls.from_config(metric.get_config())
    for each in (metric, restored):
        assert each.name == "my_metric" and each.thresholds == [0.4, 0.9]
        assert each.top_k == 15 and each.class_id == 12


# keras: metrics/confusion_metrics_test.py::PrecisionTest::test_unweighted
# keras: metrics/confusion_metrics_test.py::RecallTest::test_unweighted
@pytest.mark.parametrize("cls", RATIOS.values(), ids=RATIOS.keys())
def test_ratio_unweighted(cls):
    assert cls()(np.array([0, 1, 1, 0]), np.array([1, 0, 1, 0])) == pytest.approx(0.5)


# keras: metrics/confusion_metrics_test.py::PrecisionTest::test_unweighted_all_incorrect
# keras: metrics/confusion_metrics_test.py::RecallTest::test_unweighted_all_incorrect
@pytest.mark.parametrize("cls", RATIOS.values(), ids=RATIOS.keys())
def test_ratio_unweighted_all_incorrect(cls):
    inputs = RNG.integers(0, 2, size=(100, 1))
    assert cls(thresholds=[0.5])(1 - inputs, inputs) == pytest.approx(0)


# keras: metrics/confusion_metrics_test.py::PrecisionTest::test_weighted
# keras: metrics/confusion_metrics_test.py::RecallTest::test_weighted
@pytest.mark.parametrize("cls, y_pred, expected", [
    (metrics.Precision, [[1, 0, 1, 0], [1, 0, 1, 0]], (3.0 + 4.0) / ((1.0 + 3.0) + (4.0 + 2.0))),
    (metrics.Recall, [[1, 0, 1, 0], [0, 1, 0, 1]], (3.0 + 1.0) / ((2.0 + 3.0) + (4.0 + 1.0))),
], ids=RATIOS.keys())
def test_ratio_weighted(cls, y_pred, expected):
    result = cls()(np.array([[0, 1, 1, 0], [1, 0, 0, 1]]), np.array(y_pred),
                   sample_weight=np.array([[1, 2, 3, 4], [4, 3, 2, 1]]))
    assert result == pytest.approx(expected)


# keras: metrics/confusion_metrics_test.py::PrecisionTest::test_div_by_zero
# keras: metrics/confusion_metrics_test.py::RecallTest::test_div_by_zero
@pytest.mark.parametrize("cls", RATIOS.values(), ids=RATIOS.keys())
def test_ratio_div_by_zero(cls):
    assert cls()(np.array([0, 0, 0, 0]), np.array([0, 0, 0, 0])) == 0


# keras: metrics/confusion_metrics_test.py::PrecisionTest::test_unweighted_with_threshold
# keras: metrics/confusion_metrics_test.py::RecallTest::test_unweighted_with_threshold
@pytest.mark.parametrize("cls", RATIOS.values(), ids=RATIOS.keys())
def test_ratio_unweighted_with_threshold(cls):
    result = cls(thresholds=[0.5, 0.7])(np.array([0, 1, 1, 0]), np.array([1, 0, 0.6, 0]))
    np.testing.assert_allclose(result, [0.5, 0.0], atol=1e-6)


# keras: metrics/confusion_metrics_test.py::PrecisionTest::test_weighted_with_threshold
# keras: metrics/confusion_metrics_test.py::RecallTest::test_weighted_with_threshold
# keras: metrics/confusion_metrics_test.py::PrecisionTest::test_multiple_updates
# keras: metrics/confusion_metrics_test.py::RecallTest::test_multiple_updates
@pytest.mark.parametrize("updates", [1, 2], ids=["weighted_with_threshold", "multiple_updates"])
@pytest.mark.parametrize("cls, weights", [
    (metrics.Precision, [[4, 0], [3, 1]]), (metrics.Recall, [[1, 4], [3, 2]])], ids=RATIOS.keys())
def test_ratio_weighted_with_threshold(cls, weights, updates):
    metric = cls(thresholds=[0.5, 1.0])
    y_true, y_pred = np.array([[0, 1], [1, 0]]), np.array([[1, 0], [0.6, 0]], dtype="float32")
    for _ in range(updates):
        metric.update_state(y_true, y_pred, sample_weight=np.array(weights, dtype="float32"))
    # Precision: 3 of the 3 + 4 predicted positive; recall: 3 of the 3 + 4 positives.
    np.testing.assert_allclose(metric.result(), [3.0 / 7.0, 0.0], rtol=1e-6)


# keras: metrics/confusion_metrics_test.py::PrecisionTest::test_unweighted_top_k
# keras: metrics/confusion_metrics_test.py::RecallTest::test_unweighted_top_k
@pytest.mark.parametrize("cls, expected", [(metrics.Precision, 1.0 / 3), (metrics.Recall, 0.5)],
                         ids=RATIOS.keys())
def test_ratio_unweighted_top_k(cls, expected):
    result = cls(top_k=3)(np.array([0, 1, 1, 0, 0]), np.array([0.2, 0.1, 0.5, 0, 0.2]))
    assert result == pytest.approx(expected)


# keras: metrics/confusion_metrics_test.py::PrecisionTest::test_weighted_top_k
# keras: metrics/confusion_metrics_test.py::RecallTest::test_weighted_top_k
@pytest.mark.parametrize("cls, expected", [
    (metrics.Precision, ((2 + 5) + (3 + 3)) / ((1 + 2 + 5) + (3 + 3 + 3))),
    (metrics.Recall, ((2 + 5) + (3 + 3)) / ((4 + 2 + 5) + (3 + 3 + 3 + 3))),
], ids=RATIOS.keys())
def test_ratio_weighted_top_k(cls, expected):
    metric = cls(top_k=3)
    metric(np.array([[0, 1, 1, 0, 1]]), np.array([[0.2, 0.1, 0.4, 0, 0.2]]),
           sample_weight=np.array([[1, 4, 2, 3, 5]]))
    result = metric(np.array([1, 0, 1, 1, 1]), np.array([0.2, 0.6, 0.4, 0.2, 0.2]),
                    sample_weight=np.array(3))
    assert result == pytest.approx(expected)


# keras: metrics/confusion_metrics_test.py::PrecisionTest::test_unweighted_class_id_should_throw_error_1d
# keras: metrics/confusion_metrics_test.py::RecallTest::test_unweighted_class_id_should_throw_error_1d
@pytest.mark.parametrize("cls", RATIOS.values(), ids=RATIOS.keys())
def test_ratio_class_id_refuses_1d_outputs(cls):
    with pytest.raises(ValueError, match=r"When class_id is provided, y_pred must be a 2D array "
                                         r"with shape \(num_samples, num_classes\), found shape:"):
        cls(class_id=2)(np.array([0, 1, 1, 0, 0]), np.array([0.2, 0.1, 0.6, 0, 0.2]))


# keras: metrics/confusion_metrics_test.py::PrecisionTest::test_unweighted_class_id_multiclass
# keras: metrics/confusion_metrics_test.py::RecallTest::test_unweighted_class_id_multiclass
@pytest.mark.parametrize("cls, other", [(metrics.Precision, "false_positives"),
                                        (metrics.Recall, "false_negatives")], ids=RATIOS.keys())
def test_ratio_class_id_multiclass(cls, other):
    y_pred = np.array([[0.1, 0.2, 0.7], [0.5, 0.3, 0.2], [0.2, 0.6, 0.2], [0.7, 0.2, 0.1],
                       [0.1, 0.1, 0.8]])
    y_true = np.array([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0],
                       [0.0, 0.0, 1.0]])
    metric = cls(class_id=1)
    assert metric(y_true, y_pred) == pytest.approx(1.0)
    np.testing.assert_allclose(metric.true_positives, [1.0])
    np.testing.assert_allclose(getattr(metric, other), [0.0])


# keras: metrics/confusion_metrics_test.py::PrecisionTest::test_unweighted_top_k_and_threshold
# keras: metrics/confusion_metrics_test.py::RecallTest::test_unweighted_top_k_and_threshold
@pytest.mark.parametrize("cls, y_true, expected, other, count", [
    (metrics.Precision, [0, 1, 1, 0, 1], 1.0, "false_positives", 0.0),
    (metrics.Recall, [1, 1, 1, 0, 1], 0.25, "false_negatives", 3.0),
], ids=RATIOS.keys())
def test_ratio_top_k_and_threshold(cls, y_true, expected, other, count):
    metric = cls(thresholds=0.7, top_k=2)
    assert metric(np.array(y_true), np.array([0.2, 0.8, 0.6, 0, 0.2])) == pytest.approx(expected)
    np.testing.assert_allclose(metric.true_positives, [1.0])
    np.testing.assert_allclose(getattr(metric, other), [count])


# -- one rate at a constraint on another ------------------------------------------------------------
CONSTRAINED = {
    "SensitivityAtSpecificity": (metrics.SensitivityAtSpecificity, "specificity"),
    "SpecificityAtSensitivity": (metrics.SpecificityAtSensitivity, "sensitivity"),
    "PrecisionAtRecall": (metrics.PrecisionAtRecall, "recall"),
    "RecallAtPrecision": (metrics.RecallAtPrecision, "precision"),
}


# keras: metrics/confusion_metrics_test.py::SensitivityAtSpecificityTest::test_config
# keras: metrics/confusion_metrics_test.py::SpecificityAtSensitivityTest::test_config
# keras: metrics/confusion_metrics_test.py::PrecisionAtRecallTest::test_config
# keras: metrics/confusion_metrics_test.py::RecallAtPrecisionTest::test_config
@pytest.mark.parametrize("cls, constraint", CONSTRAINED.values(), ids=CONSTRAINED.keys())
def test_constrained_config(cls, constraint):
    metric = cls(0.4, num_thresholds=100, class_id=12, name="constrained_1")
    restored = cls.from_config(metric.get_config())
    for each in (metric, restored):
        assert each.name == "constrained_1" and getattr(each, constraint) == 0.4
        assert each.num_thresholds == 100 and each.class_id == 12


# keras: metrics/confusion_metrics_test.py::SensitivityAtSpecificityTest::test_unweighted_all_correct
# keras: metrics/confusion_metrics_test.py::SpecificityAtSensitivityTest::test_unweighted_all_correct
# keras: metrics/confusion_metrics_test.py::PrecisionAtRecallTest::test_unweighted_all_correct
# keras: metrics/confusion_metrics_test.py::RecallAtPrecisionTest::test_unweighted_all_correct
@pytest.mark.parametrize("cls, constraint", CONSTRAINED.values(), ids=CONSTRAINED.keys())
def test_constrained_all_correct(cls, constraint):
    inputs = RNG.integers(0, 2, size=(100, 1))
    assert cls(0.7)(inputs, inputs.astype("float32")) == pytest.approx(1)


SPEC_PRED = [0.0, 0.1, 0.2, 0.3, 0.4, 0.01, 0.02, 0.25, 0.26, 0.26]
RECALL_PRED = [0.0, 0.1, 0.2, 0.5, 0.6, 0.2, 0.5, 0.6, 0.8, 0.9]
PRECISION_PRED = [0.05, 0.1, 0.2, 0.3, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.9, 0.95]
PRECISION_TRUE = [0, 1, 0, 0, 0, 1, 1, 0, 1, 1, 0, 1]
HALF = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]


# keras: metrics/confusion_metrics_test.py::SensitivityAtSpecificityTest::test_unweighted_high_specificity
# keras: metrics/confusion_metrics_test.py::SensitivityAtSpecificityTest::test_unweighted_low_specificity
# keras: metrics/confusion_metrics_test.py::SpecificityAtSensitivityTest::test_unweighted_high_sensitivity
# keras: metrics/confusion_metrics_test.py::SpecificityAtSensitivityTest::test_unweighted_low_sensitivity
# keras: metrics/confusion_metrics_test.py::PrecisionAtRecallTest::test_unweighted_high_recall
# keras: metrics/confusion_metrics_test.py::PrecisionAtRecallTest::test_unweighted_low_recall
# keras: metrics/confusion_metrics_test.py::RecallAtPrecisionTest::test_unweighted_high_precision
# keras: metrics/confusion_metrics_test.py::RecallAtPrecisionTest::test_unweighted_low_precision
# keras: metrics/confusion_metrics_test.py::RecallAtPrecisionTest::test_unachievable_precision
@pytest.mark.parametrize("make, y_pred, y_true, expected", [
    (lambda: metrics.SensitivityAtSpecificity(0.8),
     [0.0, 0.1, 0.2, 0.3, 0.4, 0.1, 0.45, 0.5, 0.8, 0.9], HALF, 0.8),
    (lambda: metrics.SensitivityAtSpecificity(0.4), SPEC_PRED, HALF, 0.6),
    (lambda: metrics.SpecificityAtSensitivity(1.0), SPEC_PRED, HALF, 0.2),
    (lambda: metrics.SpecificityAtSensitivity(0.4), SPEC_PRED, HALF, 0.6),
    (lambda: metrics.PrecisionAtRecall(0.8), RECALL_PRED, HALF, 2.0 / 3),
    (lambda: metrics.PrecisionAtRecall(0.6), RECALL_PRED, HALF, 0.75),
    (lambda: metrics.RecallAtPrecision(0.75), PRECISION_PRED, PRECISION_TRUE, 0.5),
    (lambda: metrics.RecallAtPrecision(2.0 / 3), PRECISION_PRED, PRECISION_TRUE, 5.0 / 6),
    (lambda: metrics.RecallAtPrecision(2.0 / 3), [0.1, 0.2, 0.3, 0.9], [1, 1, 0, 0], 0.0),
], ids=["sas_high_specificity", "sas_low_specificity", "sas_high_sensitivity",
        "sas_low_sensitivity", "par_high_recall", "par_low_recall", "rap_high_precision",
        "rap_low_precision", "rap_unachievable_precision"])
def test_constrained_unweighted(make, y_pred, y_true, expected):
    assert make()(np.array(y_true), np.array(y_pred, dtype="float32")) == pytest.approx(expected)


# keras: metrics/confusion_metrics_test.py::SensitivityAtSpecificityTest::test_unweighted_class_id
# keras: metrics/confusion_metrics_test.py::SpecificityAtSensitivityTest::test_unweighted_class_id
# keras: metrics/confusion_metrics_test.py::PrecisionAtRecallTest::test_unweighted_class_id
# keras: metrics/confusion_metrics_test.py::RecallAtPrecisionTest::test_unweighted_class_id
@pytest.mark.parametrize("make, pred_values, labels, expected", [
    (lambda: metrics.SpecificityAtSensitivity(0.4, class_id=2), SPEC_PRED, HALF, 0.6),
    (lambda: metrics.SpecificityAtSensitivity(0.4, class_id=2), SPEC_PRED, HALF, 0.6),
    (lambda: metrics.PrecisionAtRecall(0.6, class_id=2), RECALL_PRED, HALF, 0.75),
    (lambda: metrics.RecallAtPrecision(2.0 / 3, class_id=2), PRECISION_PRED, PRECISION_TRUE,
     5.0 / 6),
], ids=["sensitivity_at_specificity_test", "specificity_at_sensitivity",
        "precision_at_recall", "recall_at_precision"])
def test_constrained_class_id(make, pred_values, labels, expected):
    # Keras's SensitivityAtSpecificity class-id test builds a SpecificityAtSensitivity too.
    y_pred = np.array([pred_values] * 3).T
    y_true = np.eye(3)[2 * np.array(labels)]  # label 1 is class 2, one-hot
    assert make()(y_true, y_pred) == pytest.approx(expected)


# keras: metrics/confusion_metrics_test.py::SensitivityAtSpecificityTest::test_weighted
# keras: metrics/confusion_metrics_test.py::SpecificityAtSensitivityTest::test_weighted
# keras: metrics/confusion_metrics_test.py::PrecisionAtRecallTest::test_weighted
# keras: metrics/confusion_metrics_test.py::RecallAtPrecisionTest::test_weighted
@pytest.mark.parametrize("label_dtype", ["bool", "int32", "float32"])
@pytest.mark.parametrize("make, y_pred, y_true, weights, expected", [
    (lambda: metrics.SensitivityAtSpecificity(0.4), SPEC_PRED, HALF, range(1, 11), 0.675),
    (lambda: metrics.SpecificityAtSensitivity(0.4), SPEC_PRED, HALF, range(1, 11), 0.4),
    (lambda: metrics.PrecisionAtRecall(7.0 / 8), RECALL_PRED, HALF,
     [2, 1, 2, 1, 2, 1, 2, 2, 1, 2], 0.7),
    (lambda: metrics.RecallAtPrecision(0.75), [0.1, 0.2, 0.3, 0.5, 0.6, 0.9, 0.9],
     [0, 1, 0, 0, 0, 1, 1], [1, 2, 1, 2, 1, 2, 1], 0.6),
], ids=list(CONSTRAINED))
def test_constrained_weighted(make, y_pred, y_true, weights, expected, label_dtype):
    result = make()(np.array(y_true).astype(label_dtype), np.array(y_pred, dtype="float32"),
                    sample_weight=np.array(list(weights)))
    assert result == pytest.approx(expected)


# keras: metrics/confusion_metrics_test.py::SensitivityAtSpecificityTest::test_invalid_specificity
# keras: metrics/confusion_metrics_test.py::SpecificityAtSensitivityTest::test_invalid_sensitivity
# keras: metrics/confusion_metrics_test.py::PrecisionAtRecallTest::test_invalid_sensitivity
# keras: metrics/confusion_metrics_test.py::RecallAtPrecisionTest::test_invalid_sensitivity
@pytest.mark.parametrize("cls, constraint", CONSTRAINED.values(), ids=CONSTRAINED.keys())
def test_constrained_invalid_value(cls, constraint):
    with pytest.raises(ValueError, match=rf"{constraint} must be a number in \[0, 1\], got -1"):
        cls(-1)


# keras: metrics/confusion_metrics_test.py::SensitivityAtSpecificityTest::test_invalid_num_thresholds
# keras: metrics/confusion_metrics_test.py::SpecificityAtSensitivityTest::test_invalid_num_thresholds
# keras: metrics/confusion_metrics_test.py::PrecisionAtRecallTest::test_invalid_num_thresholds
# keras: metrics/confusion_metrics_test.py::RecallAtPrecisionTest::test_invalid_num_thresholds
@pytest.mark.parametrize("cls, constraint", CONSTRAINED.values(), ids=CONSTRAINED.keys())
def test_constrained_invalid_num_thresholds(cls, constraint):
    with pytest.raises(ValueError, match=r"num_thresholds must be a positive integer, got -1"):
        cls(0.4, num_thresholds=-1)


# keras: metrics/confusion_metrics_test.py::SensitivityAtSpecificityTest::test_handles_sas_metrics
# keras: metrics/confusion_metrics_test.py::RecallAtPrecisionTest::test_end_to_end
@pytest.mark.parametrize("metric, loss", [
    (lambda: metrics.SpecificityAtSensitivity(0.5, name="sas"), "binary_crossentropy"),
    (lambda: metrics.Precision(), "mse")], ids=["handles_sas_metrics", "end_to_end"])
def test_constrained_and_precision_metrics_train(metric, loss):
    from lucidnet.keras import Input, layers, models

    model = models.Sequential([Input((1,)), layers.Dense(1)])
    model.compile(optimizer="adam", loss=loss, metrics=[metric()])
    history = model.fit(np.ones((5, 1)), np.ones((5, 1)), verbose=0)
    assert {"loss", model.metrics[0].name} <= set(history.history)
    assert np.isfinite(history.history[model.metrics[0].name]).all()


# -- AUC --------------------------------------------------------------------------------------------
AUC_PRED = np.array([0, 0.5, 0.3, 0.9], dtype="float32")
AUC_TRUE = np.array([0, 0, 1, 1])
AUC_WEIGHTS = [1, 2, 3, 4]
AUC_PRED_MULTI = np.array([[0.0, 0.4], [0.5, 0.7], [0.3, 0.2], [0.9, 0.3]], dtype="float32")
AUC_TRUE_MULTI = np.array([[0, 0], [1, 1], [1, 1], [1, 0]])


def logits(p):
    return -np.log(1.0 / (p + 1e-12) - 1.0)


# keras: metrics/confusion_metrics_test.py::AUCTest::test_config
def test_auc_config():
    metric = metrics.AUC(num_thresholds=100, curve="PR", summation_method="majoring", name="auc_1",
                         dtype="float64", multi_label=True, num_labels=2, from_logits=True)
    metric.update_state(AUC_TRUE_MULTI, AUC_PRED_MULTI)
    config = metric.get_config()
    assert "thresholds" not in config and config == json.loads(json.dumps(config))
    restored = metrics.AUC.from_config(config)
    restored.update_state(AUC_TRUE_MULTI, AUC_PRED_MULTI)
    for each in (metric, restored):
        assert each.name == "auc_1" and each.dtype == "float64" and each.num_thresholds == 100
        assert each.curve == "PR" and each.summation_method == "majoring"
        assert each.multi_label and each.num_labels == 2 and each.from_logits
        assert each.true_positives.shape == (100, 2)
    assert restored.get_config() == config
    np.testing.assert_allclose(metric.thresholds, restored.thresholds)


# keras: metrics/confusion_metrics_test.py::AUCTest::test_config_manual_thresholds
def test_auc_config_manual_thresholds():
    metric = metrics.AUC(num_thresholds=None, curve="PR", summation_method="majoring", name="auc_1",
                         thresholds=[0.3, 0.5])
    metric.update_state(AUC_TRUE, AUC_PRED)
    config = metric.get_config()
    assert config == json.loads(json.dumps(config))
    restored = metrics.AUC.from_config(config)
    restored.update_state(AUC_TRUE, AUC_PRED)
    for each in (metric, restored):
        assert each.name == "auc_1" and each.num_thresholds == 4
        assert each.curve == "PR" and each.summation_method == "majoring"
        np.testing.assert_allclose(each.thresholds, [0.0, 0.3, 0.5, 1.0], atol=1e-6)
    assert restored.get_config() == config


# keras: metrics/confusion_metrics_test.py::AUCTest::test_unweighted_all_correct
def test_auc_unweighted_all_correct():
    assert metrics.AUC()(AUC_TRUE, AUC_TRUE) == 1


# keras: metrics/confusion_metrics_test.py::AUCTest::test_unweighted
# keras: metrics/confusion_metrics_test.py::AUCTest::test_unweighted_from_logits
# keras: metrics/confusion_metrics_test.py::AUCTest::test_manual_thresholds
@pytest.mark.parametrize("make, y_pred", [
    (lambda: metrics.AUC(num_thresholds=3), AUC_PRED),
    (lambda: metrics.AUC(num_thresholds=3, from_logits=True), logits(AUC_PRED)),
    (lambda: metrics.AUC(num_thresholds=2, thresholds=[0.5]), AUC_PRED),
], ids=["unweighted", "unweighted_from_logits", "manual_thresholds"])
def test_auc_unweighted(make, y_pred):
    metric = make()
    assert metric.num_thresholds == 3
    np.testing.assert_allclose(metric.thresholds, [0.0, 0.5, 1.0], atol=1e-6)
    # tp = [2, 1, 0], fp = [2, 0, 0], fn = [0, 1, 2], tn = [0, 2, 2]: heights [0.75, 0.25], widths [1, 0]
    assert metric(AUC_TRUE, y_pred) == pytest.approx(0.75 * 1 + 0.25 * 0, rel=1e-3)


# keras: metrics/confusion_metrics_test.py::AUCTest::test_weighted_roc_interpolation
# keras: metrics/confusion_metrics_test.py::AUCTest::test_weighted_roc_majoring
# keras: metrics/confusion_metrics_test.py::AUCTest::test_weighted_roc_minoring
# keras: metrics/confusion_metrics_test.py::AUCTest::test_weighted_pr_majoring
# keras: metrics/confusion_metrics_test.py::AUCTest::test_weighted_pr_minoring
# keras: metrics/confusion_metrics_test.py::AUCTest::test_weighted_pr_interpolation
# keras: metrics/confusion_metrics_test.py::AUCTest::test_weighted_prgain_majoring
# keras: metrics/confusion_metrics_test.py::AUCTest::test_weighted_prgain_minoring
# keras: metrics/confusion_metrics_test.py::AUCTest::test_weighted_prgain_interpolation
@pytest.mark.parametrize("curve, summation_method, expected", [
    ("ROC", "interpolation", 0.7855 * 1 + 0.2855 * 0),
    ("ROC", "majoring", 1 * 1 + 0.571 * 0),
    ("ROC", "minoring", 0.571 * 1 + 0 * 0),
    ("PR", "majoring", 1 * 0.429 + 1 * 0.571),
    ("PR", "minoring", 0.7 * 0.429 + 0 * 0.571),
    ("PR", "interpolation", 2.416 / 7 + 4 / 7),
    ("PRGAIN", "majoring", 1 * 1 + 0 * 1),
    ("PRGAIN", "minoring", 1 * 0 + 0 * 1),
    ("PRGAIN", "interpolation", 1 * 0.5 + 0 * 1),
])
def test_auc_weighted(curve, summation_method, expected):
    # tp = [7, 4, 0], fp = [3, 0, 0], fn = [0, 3, 7], tn = [0, 3, 3]
    metric = metrics.AUC(num_thresholds=3, curve=curve, summation_method=summation_method)
    result = metric(AUC_TRUE, AUC_PRED, sample_weight=AUC_WEIGHTS)
    assert result == pytest.approx(expected, rel=1e-3, abs=1e-3)


# keras: metrics/confusion_metrics_test.py::AUCTest::test_weighted_pr_interpolation_negative_weights
def test_auc_weighted_pr_interpolation_negative_weights():
    metric = metrics.AUC(num_thresholds=3, curve="PR")
    assert metric(AUC_TRUE, AUC_PRED, sample_weight=[-1, -2, -3, -4]) == pytest.approx(0.0, abs=1e-3)


# keras: metrics/confusion_metrics_test.py::AUCTest::test_prgain_interpolation
def test_auc_prgain_interpolation():
    y_true = np.array([0, 0, 0, 1, 0, 1, 0, 1, 1, 1])
    y_pred = np.array([0.1, 0.2, 0.3, 0.3, 0.4, 0.4, 0.6, 0.6, 0.8, 0.9])
    result = metrics.AUC(num_thresholds=3, curve="PRGAIN")(y_true, y_pred)
    assert result == pytest.approx(0.666666 * 0.333333 + 0.333333 * 0.833333, rel=1e-3)


# keras: metrics/confusion_metrics_test.py::AUCTest::test_invalid_num_thresholds
def test_auc_invalid_num_thresholds():
    for value in (-1, 1):
        with pytest.raises(ValueError, match=rf"AUC num_thresholds must be an integer >= 2, got {value}"):
            metrics.AUC(num_thresholds=value)


# keras: metrics/confusion_metrics_test.py::AUCTest::test_invalid_curve
# keras: metrics/confusion_metrics_test.py::AUCTest::test_invalid_summation_method
@pytest.mark.parametrize("argument", ["curve", "summation_method"])
def test_auc_invalid_curve_and_summation_method(argument):
    with pytest.raises(ValueError, match=rf"AUC {argument} must be one of .*, got 'Invalid'"):
        metrics.AUC(**{argument: "Invalid"})


# keras: metrics/confusion_metrics_test.py::AUCTest::test_extra_dims
def test_auc_extra_dims():
    scores = -np.array([[[-10.0, 10.0, -10.0], [10.0, -10.0, 10.0]],
                        [[-12.0, 12.0, -12.0], [12.0, -12.0, 12.0]]], dtype=np.float32)
    probabilities = 1.0 / (1.0 + np.exp(-scores))
    labels = np.array([[[1, 0, 0], [1, 0, 0]], [[0, 1, 1], [0, 1, 1]]], dtype=np.int64)
    assert metrics.AUC()(labels, probabilities) == 0.5


MULTI_PRED = np.array([[0, 0.5, 0.3, 0.9], [0.1, 0.2, 0.3, 0.4]], dtype="float32").T
MULTI_GOOD = np.array([[0, 0, 1, 1], [0, 0, 1, 1]]).T
MULTI_BAD = np.array([[0, 0, 1, 1], [1, 1, 0, 0]]).T


# keras: metrics/confusion_metrics_test.py::MultiAUCTest::test_unweighted_all_correct
# keras: metrics/confusion_metrics_test.py::MultiAUCTest::test_unweighted_all_correct_flat
@pytest.mark.parametrize("multi_label", [True, False], ids=["multi_label", "flat"])
def test_multi_auc_unweighted_all_correct(multi_label):
    assert metrics.AUC(multi_label=multi_label)(MULTI_GOOD, MULTI_GOOD) == 1


# keras: metrics/confusion_metrics_test.py::MultiAUCTest::test_unweighted
# keras: metrics/confusion_metrics_test.py::MultiAUCTest::test_unweighted_from_logits
# keras: metrics/confusion_metrics_test.py::MultiAUCTest::test_sample_weight_flat
# keras: metrics/confusion_metrics_test.py::MultiAUCTest::test_full_sample_weight_flat
# keras: metrics/confusion_metrics_test.py::MultiAUCTest::test_label_weights
# keras: metrics/confusion_metrics_test.py::MultiAUCTest::test_label_weights_flat
# keras: metrics/confusion_metrics_test.py::MultiAUCTest::test_unweighted_flat
# keras: metrics/confusion_metrics_test.py::MultiAUCTest::test_unweighted_flat_from_logits
# keras: metrics/confusion_metrics_test.py::MultiAUCTest::test_manual_thresholds
# keras: metrics/confusion_metrics_test.py::MultiAUCTest::test_weighted_roc_interpolation
@pytest.mark.parametrize("arguments, from_logits, sample_weight, expected, rtol", [
    ({"multi_label": True}, False, None, (0.875 + 1.0) / 2.0, 1e-3),
    ({"multi_label": True}, True, None, (0.875 + 1.0) / 2.0, 1e-3),
    ({"multi_label": False}, False, [1, 2, 3, 4], 1.0 - (0.3333 * (1.0 - 0.2857) / 2.0), 1e-3),
    ({"multi_label": False}, False, np.arange(4 * 2).reshape(4, 2),
     1.0 - (0.3333 * (1.0 - 0.2727) / 2.0), 1e-3),
    ({"multi_label": True, "label_weights": [0.75, 0.25]}, False, None,
     (0.875 * 0.75 + 1.0 * 0.25) / (0.75 + 0.25), 1e-3),
    ({"multi_label": False, "label_weights": [0.75, 0.25]}, False, None,
     1.0 - ((1.0 - 0.375) * 0.375 / 2.0), 1e-2),
    ({"multi_label": False}, False, None, 1.0 - (3.0 / 32.0), 1e-3),
    ({"multi_label": False}, True, None, 1.0 - (3.0 / 32.0), 1e-3),
    ({"multi_label": True, "num_thresholds": 2, "thresholds": [0.5]}, False, None,
     (0.75 + 0.5) / 2.0, 1e-3),
    ({"multi_label": True}, False, [1, 2, 3, 4], 1.0 - 0.5 * 0.43 * 0.67, 1e-1),
], ids=["unweighted", "unweighted_from_logits", "sample_weight_flat", "full_sample_weight_flat",
        "label_weights", "label_weights_flat", "unweighted_flat", "unweighted_flat_from_logits",
        "manual_thresholds", "weighted_roc_interpolation"])
def test_multi_auc(arguments, from_logits, sample_weight, expected, rtol):
    metric = metrics.AUC(**{"num_thresholds": 5, **arguments}, from_logits=from_logits)
    y_pred = logits(MULTI_PRED) if from_logits else MULTI_PRED
    result = metric(MULTI_GOOD, y_pred, sample_weight=sample_weight)
    assert result == pytest.approx(expected, rel=rtol)


# keras: metrics/confusion_metrics_test.py::MultiAUCTest::test_pr_interpolation_unweighted
# keras: metrics/confusion_metrics_test.py::MultiAUCTest::test_pr_interpolation
def test_multi_auc_pr_interpolation():
    metric = metrics.AUC(num_thresholds=5, curve="PR", multi_label=True)
    assert metric(MULTI_GOOD, MULTI_PRED) == pytest.approx((0.91667 + 1.0) / 2.0, rel=1e-1)
    # The metric accumulates: Keras's second call sees both batches too.
    assert metric(MULTI_BAD, MULTI_PRED) == pytest.approx((0.91667 + 0.5) / 2.0, rel=1e-1)
    weighted = metrics.AUC(num_thresholds=5, curve="PR", multi_label=True)
    assert weighted(MULTI_GOOD, MULTI_PRED, sample_weight=AUC_WEIGHTS) == pytest.approx(
        (0.939 + 1.0) / 2.0, rel=1e-1)


# keras: metrics/confusion_metrics_test.py::MultiAUCTest::test_keras_model_compiles
def test_multi_auc_compiles_into_a_model():
    from lucidnet.keras import Input, layers, models

    model = models.Sequential([Input((10,)), layers.Dense(3, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy",
                  metrics=[metrics.AUC(multi_label=True)])
    assert model.metrics_names == ["loss", "auc"]


# keras: metrics/confusion_metrics_test.py::MultiAUCTest::test_reset_state
def test_multi_auc_reset_state():
    metric = metrics.AUC(num_thresholds=5, multi_label=True)
    metric(MULTI_GOOD, MULTI_PRED)
    metric.reset_state()
    np.testing.assert_array_equal(metric.true_positives, np.zeros((5, 2)))
