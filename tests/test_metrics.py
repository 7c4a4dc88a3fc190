import numpy as np
import pytest

from lucidnet import losses, metrics
from lucidnet.metrics import METRICS
from lucidnet.registry import serialize


def test_binary_accuracy_thresholds_at_one_half():
    metric = metrics.get("binary_accuracy")
    metric.update_state(np.array([[1.0], [0.0], [1.0], [0.0]]), np.array([[0.9], [0.2], [0.4], [0.6]]))
    assert metric.result() == 0.5


def test_categorical_and_sparse_accuracy_agree():
    p = np.array([[0.1, 0.8, 0.1], [0.5, 0.3, 0.2], [0.2, 0.2, 0.6]])
    labels = np.array([1, 2, 2])
    sparse, one_hot = metrics.get("sparse_categorical_accuracy"), metrics.get("categorical_accuracy")
    sparse.update_state(labels, p)
    one_hot.update_state(np.eye(3)[labels], p)
    assert sparse.result() == one_hot.result() == pytest.approx(2 / 3)


def test_top_k_counts_the_true_class_among_the_k_largest():
    metric = metrics.TopKCategoricalAccuracy(k=2)
    p = np.array([[0.5, 0.3, 0.2], [0.5, 0.3, 0.2]])
    metric.update_state(np.array([[0, 1.0, 0], [0, 0, 1.0]]), p)
    assert metric.result() == 0.5


def test_results_accumulate_over_batches_weighted_by_size():
    metric = metrics.get("mae")
    metric.update_state(np.zeros((1, 1)), np.ones((1, 1)))
    metric.update_state(np.zeros((3, 1)), np.zeros((3, 1)))
    assert metric.result() == 0.25
    metric.reset_state()
    assert metric.result() == 0.0


def test_sample_weights_weight_the_mean():
    metric = metrics.get("mse")
    metric.update_state(np.zeros((2, 1)), np.array([[1.0], [3.0]]), sample_weight=np.array([3.0, 1.0]))
    assert metric.result() == pytest.approx((3 * 1 + 1 * 9) / 4)


@pytest.mark.parametrize(
    "loss, units, kind",
    [
        ("sparse_categorical_crossentropy", 10, metrics.SparseCategoricalAccuracy),
        ("categorical_crossentropy", 10, metrics.CategoricalAccuracy),
        ("binary_crossentropy", 3, metrics.BinaryAccuracy),
        ("mse", 1, metrics.BinaryAccuracy),
    ],
)
def test_accuracy_is_resolved_from_the_loss(loss, units, kind):
    metric = metrics.get("accuracy", losses.get(loss), units)
    assert type(metric) is kind and metric.log_name == "accuracy"


@pytest.mark.parametrize("name", sorted({cls.registry_name for _, cls in METRICS.items()}))
def test_config_round_trip(name):
    metric = metrics.get(name)
    assert metrics.get(serialize(metric)).get_config() == metric.get_config()


@pytest.mark.parametrize("make, message", [
    (lambda: metrics.TopKCategoricalAccuracy(k=0), "top_k_categorical_accuracy k must be a positive integer, got 0"),
    (lambda: metrics.TopKCategoricalAccuracy(k=2.0), "top_k_categorical_accuracy k must be a positive integer, got 2.0"),
    (lambda: metrics.BinaryAccuracy(threshold=float("nan")), "BinaryAccuracy threshold must be a finite number, got nan"),
])
def test_bad_metric_arguments_are_refused_with_the_value(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_unknown_metric_lists_valid_names():
    with pytest.raises(ValueError, match="Unknown metric 'acc_'. Valid names: .*accuracy"):
        metrics.get("acc_")
