import numpy as np
import pytest

from lucidnet.evaluation import (
    ClassificationReport,
    class_labels,
    class_names,
    confusion_matrix_counts,
    per_class_report,
)


# -- class_labels ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "y, expected",
    [
        ([2, 0, 1], [2, 0, 1]),                                  # integer labels
        (np.array([2.0, 0.0, 1.0]), [2, 0, 1]),                  # integer-valued floats
        ([[2], [0], [1]], [2, 0, 1]),                            # a column of labels
        ([[0, 0, 1], [1, 0, 0], [0, 1, 0]], [2, 0, 1]),          # one-hot rows
        ([[0.1, 0.2, 0.7], [0.5, 0.3, 0.2], [0.3, 0.4, 0.3]], [2, 0, 1]),  # softmax outputs
        ([[0.9], [0.2], [0.51]], [1, 0, 1]),                     # sigmoid outputs
    ],
)
def test_class_labels_reads_every_form_of_classifier_data(y, expected):
    assert class_labels(y).tolist() == expected


def test_class_labels_rejects_flat_probabilities_with_a_hint():
    with pytest.raises(ValueError, match=r"y_pred of shape \(2,\) holds non-integer values.*reshape\(-1, 1\)"):
        class_labels([0.2, 0.9], "y_pred")


def test_class_labels_rejects_negative_labels_and_odd_shapes():
    with pytest.raises(ValueError, match="labels >= 0, got -1"):
        class_labels([0, -1])
    with pytest.raises(ValueError, match=r"shape \(N,\) or \(N, k\), got shape \(2, 2, 2\)"):
        class_labels(np.zeros((2, 2, 2)))
    with pytest.raises(TypeError, match="dtype <U3"):
        class_labels(["cat", "dog"])


def test_class_names_defaults_to_numbers_and_checks_the_count():
    assert class_names(None, 3) == ("0", "1", "2")
    assert class_names(["a", 2], 2) == ("a", "2")
    with pytest.raises(ValueError, match="labels names 2 classes but there are 3"):
        class_names(["a", "b"], 3)


# -- confusion_matrix_counts --------------------------------------------------------------
def test_confusion_matrix_rows_are_true_classes_and_columns_predictions():
    counts = confusion_matrix_counts([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 2, 0])
    assert counts.tolist() == [[1, 1, 0], [0, 1, 0], [1, 0, 2]]


def test_confusion_matrix_takes_model_probabilities_and_their_class_count():
    probabilities = np.array([[0.7, 0.2, 0.1, 0.0], [0.1, 0.8, 0.1, 0.0]])
    counts = confusion_matrix_counts([0, 0], probabilities)
    # Four output columns mean four classes even though only two occur.
    assert counts.shape == (4, 4)
    assert counts[0].tolist() == [1, 1, 0, 0]


def test_confusion_matrix_of_a_sigmoid_output_has_two_classes():
    counts = confusion_matrix_counts([1, 1, 1], [[0.9], [0.8], [0.1]])
    assert counts.tolist() == [[0, 0], [1, 2]]


def test_confusion_matrix_rejects_labels_beyond_n_classes():
    with pytest.raises(ValueError, match=r"y_pred contains class 3 but n_classes=3; classes must be in \[0, 3\)"):
        confusion_matrix_counts([0, 1], [0, 3], n_classes=3)
    with pytest.raises(ValueError, match="n_classes must be a positive integer, got 0"):
        confusion_matrix_counts([0], [0], n_classes=0)


def test_confusion_matrix_needs_as_many_predictions_as_labels():
    with pytest.raises(ValueError, match="y_true and y_pred must have the same number of examples, got 3 and 2"):
        confusion_matrix_counts([0, 1, 1], [0, 1])


# -- per_class_report ---------------------------------------------------------------------
def test_per_class_report_matches_numbers_worked_by_hand():
    # Class 0: 2 examples, 1 found; class 1: 2 examples, both found, plus one false alarm.
    report = per_class_report([0, 0, 1, 1], [0, 1, 1, 1])
    np.testing.assert_allclose(report.precision, [1.0, 2 / 3])
    np.testing.assert_allclose(report.recall, [0.5, 1.0])
    np.testing.assert_allclose(report.f1, [2 * 0.5 / 1.5, 2 * (2 / 3) / (5 / 3)])
    assert report.support.tolist() == [2, 2]
    assert report.accuracy == 0.75
    np.testing.assert_allclose(report.macro_avg, [(1 + 2 / 3) / 2, 0.75, (2 / 3 + 0.8) / 2])


def test_a_class_never_predicted_scores_zero_rather_than_nan():
    report = per_class_report([0, 1, 2], [0, 1, 1], n_classes=4)
    assert report.precision.tolist() == [1.0, 0.5, 0.0, 0.0]
    assert report.recall.tolist() == [1.0, 1.0, 0.0, 0.0]
    assert not np.isnan(report.f1).any()


def test_report_table_has_a_row_per_class_and_the_averages():
    report = per_class_report([0, 0, 1, 1], [0, 1, 1, 1], labels=["cat", "dog"])
    lines = report.to_text().splitlines()
    assert lines[0].split() == ["precision", "recall", "f1-score", "support"]
    assert lines[2].split() == ["cat", "1.000", "0.500", "0.667", "2"]
    assert lines[3].split() == ["dog", "0.667", "1.000", "0.800", "2"]
    assert lines[5].split() == ["accuracy", "0.750", "4"]
    assert lines[6].startswith("   macro avg") and lines[7].startswith("weighted avg")
    assert str(report) == report.to_text()


def test_report_from_counts_rejects_a_non_square_matrix():
    with pytest.raises(ValueError, match=r"must be square, got shape \(2, 3\)"):
        ClassificationReport.from_counts(np.zeros((2, 3)))


def test_report_of_no_examples_is_all_zero():
    report = ClassificationReport.from_counts(np.zeros((2, 2), dtype=int))
    assert report.accuracy == 0.0 and report.weighted_avg == (0.0, 0.0, 0.0)


def test_evaluation_agrees_with_scikit_learn():
    metrics = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(7)
    y_true = rng.integers(0, 5, size=400)
    # Mostly right, with some classes confused more than others, and class 4 never predicted.
    y_pred = np.where(rng.random(400) < 0.7, y_true, rng.integers(0, 4, size=400))
    labels = list(range(6))  # class 5 occurs nowhere
    np.testing.assert_array_equal(
        confusion_matrix_counts(y_true, y_pred, n_classes=6),
        metrics.confusion_matrix(y_true, y_pred, labels=labels),
    )
    report = per_class_report(y_true, y_pred, n_classes=6)
    precision, recall, f1, support = metrics.precision_recall_fscore_support(
        y_true, y_pred, labels=labels, zero_division=0
    )
    np.testing.assert_allclose(report.precision, precision)
    np.testing.assert_allclose(report.recall, recall)
    np.testing.assert_allclose(report.f1, f1)
    np.testing.assert_array_equal(report.support, support)
    for average, ours in (("macro", report.macro_avg), ("weighted", report.weighted_avg)):
        theirs = metrics.precision_recall_fscore_support(
            y_true, y_pred, labels=labels, average=average, zero_division=0
        )[:3]
        np.testing.assert_allclose(ours, theirs)
    assert report.accuracy == pytest.approx(metrics.accuracy_score(y_true, y_pred))
