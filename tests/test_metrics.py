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


#: The arguments of the metrics whose constructors require one, as Keras's do.
REQUIRED_ARGUMENTS = {"precision_at_recall": {"recall": 0.8}, "recall_at_precision": {"precision": 0.8},
                      "sensitivity_at_specificity": {"specificity": 0.8},
                      "specificity_at_sensitivity": {"sensitivity": 0.8}}


@pytest.mark.parametrize("name", sorted({cls.registry_name for _, cls in METRICS.items()}))
def test_config_round_trip(name):
    # By class: the string "accuracy" is the accuracy that fits the loss, not Accuracy.
    metric = METRICS.lookup(name)(**REQUIRED_ARGUMENTS.get(name, {}))
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


def test_sparse_top_k_agrees_with_top_k_on_one_hot_targets(rng):
    p = rng.random(size=(20, 6))
    labels = rng.integers(0, 6, size=20)
    sparse, one_hot = metrics.SparseTopKCategoricalAccuracy(k=2), metrics.TopKCategoricalAccuracy(k=2)
    sparse.update_state(labels, p)
    one_hot.update_state(np.eye(6)[labels], p)
    assert sparse.result() == one_hot.result() and sparse.log_name == "sparse_top_k_categorical_accuracy"


def test_root_mean_squared_error_is_the_root_of_the_epoch_mean_not_of_batch_means():
    metric = metrics.RootMeanSquaredError()
    metric.update_state(np.zeros((1, 1)), np.full((1, 1), 3.0))
    metric.update_state(np.zeros((3, 1)), np.zeros((3, 1)))
    assert metric.result() == pytest.approx(np.sqrt(9 / 4))


def test_precision_and_recall_count_every_output_at_the_threshold():
    y = np.array([[1, 0], [1, 1], [0, 0]])
    p = np.array([[0.9, 0.6], [0.2, 0.7], [0.8, 0.1]])
    # Predicted positive: (0,0) yes, (0,1) no, (1,1) yes, (2,0) no -> TP 2, FP 2; FN 1.
    precision, recall = metrics.Precision(), metrics.Recall()
    precision.update_state(y, p)
    recall.update_state(y, p)
    assert precision.result() == pytest.approx(2 / 4) and recall.result() == pytest.approx(2 / 3)
    strict = metrics.Precision(thresholds=0.75)
    strict.update_state(y, p)
    assert strict.result() == pytest.approx(1 / 2)


def test_precision_of_one_class_weighted_by_examples():
    y = np.array([[1, 0], [0, 1], [1, 0]])
    p = np.array([[0.9, 0.1], [0.6, 0.4], [0.7, 0.3]])
    precision = metrics.Precision(class_id=0)
    precision.update_state(y, p, sample_weight=np.array([1.0, 3.0, 1.0]))
    assert precision.result() == pytest.approx(2 / 5)


def test_precision_refuses_targets_not_shaped_like_the_outputs():
    with pytest.raises(ValueError, match=r"Precision expects targets shaped like the outputs, "
                                         r"\(2, 3\), got \(2,\). Hint: one-hot encode"):
        metrics.Precision().update_state(np.array([0, 2]), np.zeros((2, 3)))


@pytest.mark.parametrize("function, metric, y", [
    (metrics.binary_accuracy, metrics.BinaryAccuracy(), np.array([[1, 0], [0, 0], [1, 1]])),
    (metrics.categorical_accuracy, metrics.CategoricalAccuracy(), np.eye(2)[[0, 1, 1]]),
    (metrics.sparse_categorical_accuracy, metrics.SparseCategoricalAccuracy(), np.array([0, 1, 1])),
    (metrics.top_k_categorical_accuracy, metrics.TopKCategoricalAccuracy(), np.eye(2)[[0, 1, 1]]),
    (metrics.sparse_top_k_categorical_accuracy, metrics.SparseTopKCategoricalAccuracy(),
     np.array([0, 1, 1])),
], ids=lambda value: getattr(value, "__name__", ""))
def test_each_function_gives_the_per_example_score_of_its_class(function, metric, y):
    p = np.array([[0.8, 0.3], [0.4, 0.6], [0.7, 0.2]], dtype=np.float32)
    values = function(y, p)
    # binary_accuracy scores each output, as keras.metrics.binary_accuracy does; the others
    # pick one class per example.
    shape = (3, 2) if function is metrics.binary_accuracy else (3,)
    assert values.shape == shape and values.dtype == np.float32
    metric.update_state(y, p)
    assert values.mean() == pytest.approx(metric.result())


def test_metric_functions_check_their_arrays():
    with pytest.raises(ValueError, match="sparse_categorical_accuracy y_true and sparse_categorical_"
                                         "accuracy y_pred must have the same number of examples, "
                                         "got 3 and 2"):
        metrics.sparse_categorical_accuracy([0, 1, 1], [[0.5, 0.5], [0.5, 0.5]])


# -- Keras's loss-based metrics --------------------------------------------------------------------
LOSS_METRICS = [
    (metrics.MeanAbsolutePercentageError, losses.MeanAbsolutePercentageError()),
    (metrics.MeanSquaredLogarithmicError, losses.MeanSquaredLogarithmicError()),
    (metrics.LogCoshError, losses.LogCosh()), (metrics.KLDivergence, losses.KLDivergence()),
    (metrics.Poisson, losses.Poisson()), (metrics.Hinge, losses.Hinge()),
    (metrics.SquaredHinge, losses.SquaredHinge()),
    (metrics.CategoricalHinge, losses.CategoricalHinge()),
]


def positive_batch(rng):
    y = np.eye(3)[rng.integers(0, 3, size=5)]
    return y, rng.uniform(0.1, 0.9, size=(5, 3))


@pytest.mark.parametrize("cls, loss", LOSS_METRICS, ids=lambda case: getattr(case, "__name__", ""))
def test_a_loss_metric_is_the_weighted_mean_of_its_loss_over_batches(cls, loss, rng):
    metric = cls()
    y, p = positive_batch(rng)
    weights = rng.uniform(0.5, 2.0, size=5)
    metric.update_state(y[:2], p[:2], weights[:2])
    metric.update_state(y[2:], p[2:], weights[2:])
    per_example = loss.per_sample(y, p)
    assert metric.result() == pytest.approx((per_example * weights).sum() / weights.sum())


def test_loss_metrics_log_under_keras_names():
    assert [cls().log_name for cls, _ in LOSS_METRICS] + [metrics.CosineSimilarity().log_name] == [
        "mean_absolute_percentage_error", "mean_squared_logarithmic_error", "logcosh",
        "kl_divergence", "poisson", "hinge", "squared_hinge", "categorical_hinge",
        "cosine_similarity"]
    assert type(metrics.get("mape")) is metrics.MeanAbsolutePercentageError
    assert type(metrics.get("msle")) is metrics.MeanSquaredLogarithmicError


def test_cosine_similarity_metric_is_the_cosine_itself():
    # Keras's example: cosines 0, 1 and −1 (the loss is their opposite), weighted 1, 2, 1.
    metric = metrics.CosineSimilarity(axis=1)
    metric.update_state(np.array([[0.0, 1.0], [1.0, 1.0], [1.0, 1.0]]),
                        np.array([[1.0, 0.0], [1.0, 1.0], [-1.0, -1.0]]),
                        sample_weight=np.array([1.0, 2.0, 1.0]))
    assert metric.result() == pytest.approx(0.25)
    np.testing.assert_allclose(metrics.cosine_similarity([[3.0, 4.0]], [[6.0, 8.0]]), [1.0])


def test_the_metric_functions_are_the_loss_functions():
    assert metrics.hinge is losses.hinge and metrics.kl_divergence is losses.kl_divergence
    assert metrics.mean_absolute_percentage_error([[2.0, 4.0]], [[1.0, 5.0]])[0] == pytest.approx(37.5)


def test_a_model_reports_loss_metrics_in_its_history(rng):
    import lucidnet as ln
    x = rng.normal(size=(40, 3))
    y = np.abs(x[:, :1]) + 0.5
    model = ln.Sequential([ln.Input((3,)), ln.Dense(1, activation="softplus")], seed=0)
    model.compile(optimizer="adam", loss="mse", metrics=["mape", metrics.LogCoshError()])
    history = model.fit(x, y, epochs=2, verbose=0)
    assert set(history.history) >= {"mape", "logcosh"}
    assert model.evaluate(x, y, verbose=0, return_dict=True)["logcosh"] == pytest.approx(
        float(losses.log_cosh(y, model.predict(x, verbose=0)).mean()), rel=1e-5)


@pytest.mark.parametrize("name", ["MeanAbsolutePercentageError", "MeanSquaredLogarithmicError",
                                  "LogCoshError", "KLDivergence", "Poisson", "Hinge",
                                  "SquaredHinge", "CategoricalHinge", "CosineSimilarity"])
def test_loss_metrics_equal_keras(name, rng):
    import os
    os.environ.setdefault("KERAS_BACKEND", "torch")
    keras = pytest.importorskip("keras")
    y, p = positive_batch(rng)
    weights = rng.uniform(0.5, 2.0, size=5)
    ours, theirs = getattr(metrics, name)(), getattr(keras.metrics, name)()
    for rows in (slice(0, 2), slice(2, 5)):
        ours.update_state(y[rows], p[rows], weights[rows])
        theirs.update_state(y[rows].astype("float32"), p[rows].astype("float32"),
                            sample_weight=weights[rows].astype("float32"))
    assert ours.result() == pytest.approx(float(theirs.result()), rel=1e-5)


def test_every_running_mean_of_a_loss_builds_its_loss_from_its_own_arguments():
    # One mechanism for all of them: the loss of loss_class, given the metric's arguments that
    # are the loss's too (from_logits for the cross-entropies, axis for the cosine).
    loss_means = {cls for _, cls in METRICS.items() if issubclass(cls, metrics.LossMean)}
    assert {metrics.BinaryCrossentropy, metrics.CategoricalCrossentropy,
            metrics.SparseCategoricalCrossentropy, metrics.CosineSimilarity,
            *(cls for cls, _ in LOSS_METRICS)} <= loss_means
    for cls in loss_means:
        arguments = {name: {"from_logits": True, "axis": 1}[name] for name in cls.loss_arguments}
        metric = cls(**arguments)
        loss = metric.loss()
        assert type(loss) is cls.loss_class
        assert {name: getattr(loss, name) for name in cls.loss_arguments} == arguments


def test_binary_crossentropy_metric_from_logits_is_the_loss_on_logits():
    z = np.array([[2.0, -1.0], [0.5, -3.0]])
    y = np.array([[1.0, 0.0], [0.0, 0.0]])
    metric = metrics.BinaryCrossentropy(from_logits=True, dtype="float64")
    metric.update_state(y, z)
    # −[y ln σ(z) + (1 − y) ln(1 − σ(z))] = max(z, 0) − zy + ln(1 + e^{−|z|}), averaged over outputs.
    expected = (np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))).mean(axis=1).mean()
    # float64 metric: exact; the default float32 one (as Keras) casts each value to float32.
    assert metric.result() == pytest.approx(expected, rel=1e-12)
    assert metrics.BinaryCrossentropy(from_logits=True)(y, z) == pytest.approx(expected, rel=1e-6)


def test_compiled_metrics_give_through_evaluate_and_fit_what_the_metric_objects_give():
    from lucidnet.keras import Input, layers, models

    rng = np.random.default_rng(3)
    x = rng.normal(size=(64, 3)).astype(np.float32)
    y = (x[:, :1] + 0.3 * rng.normal(size=(64, 1)) > 0).astype(np.float32)
    w = rng.uniform(0.5, 2.0, size=64).astype(np.float32)
    model = models.Sequential([Input((3,)), layers.Dense(1, activation="sigmoid")])
    compiled = [metrics.AUC(), metrics.Precision(thresholds=[0.3, 0.6]), metrics.BinaryAccuracy(),
                metrics.RootMeanSquaredError()]
    model.compile(optimizer="sgd", loss="binary_crossentropy", metrics=compiled)
    history = model.fit(x, y, sample_weight=w, batch_size=16, epochs=1, verbose=0, shuffle=False)
    logs = model.evaluate(x, y, sample_weight=w, batch_size=16, verbose=0, return_dict=True)
    p = model.predict(x, verbose=0)
    for metric in (metrics.AUC(), metrics.Precision(thresholds=[0.3, 0.6]),
                   metrics.BinaryAccuracy(), metrics.RootMeanSquaredError()):
        np.testing.assert_allclose(logs[metric.name], metric(y, p, sample_weight=w), rtol=1e-6)
        assert np.shape(history.history[metric.name][0]) == np.shape(logs[metric.name])
