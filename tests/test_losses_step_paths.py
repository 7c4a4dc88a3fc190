"""The cross-entropies and accuracies a training step calls, bit for bit against the reference
formulas they were first written as (`np.take_along_axis`, `np.put_along_axis`, `np.clip`,
`np.argmax`, `np.sum`), on random batches: float32 and float64, with and without sample
weights, class ids as integers and as floats, one-hot and smoothed targets, logits, ignored
labels and predictions with more axes.  And the bad targets that must still be refused, with
the same messages."""

import numpy as np
import pytest

from lucidnet import losses, metrics
from lucidnet.activations import log_softmax, sigmoid, softmax
from lucidnet.config import epsilon

DTYPES = ("float32", "float64")


def probabilities(rng, shape, dtype):
    """Rows of probabilities, some of them at or past the clip at ε and 1 − ε."""
    p = softmax(rng.normal(scale=4.0, size=shape)).astype(dtype)
    rows = p.reshape(-1, shape[-1])[:2]
    rows[...] = np.eye(shape[-1], dtype=dtype)[:len(rows)]  # exact 0s and 1s
    return p


# -- the reference formulas --------------------------------------------------------------------
def reference_sparse_per_sample(loss, labels, p):
    eps = epsilon()
    valid = None if loss.ignore_class is None else labels != loss.ignore_class
    index = (labels if valid is None else np.where(valid, labels, 0))[..., None]
    if loss.from_logits:
        values = -np.take_along_axis(log_softmax(p), index, -1)[..., 0]
    else:
        o = p / p.sum(axis=-1, keepdims=True)
        values = -np.log(np.clip(np.take_along_axis(o, index, -1)[..., 0], eps, 1.0 - eps))
    return values if valid is None else np.where(valid, values, 0.0).astype(values.dtype)


def reference_sparse_gradient(loss, labels, p):
    eps = epsilon()
    valid = None if loss.ignore_class is None else labels != loss.ignore_class
    index = (labels if valid is None else np.where(valid, labels, 0))[..., None]
    if loss.from_logits:
        grad = softmax(p)
        np.put_along_axis(grad, index, np.take_along_axis(grad, index, -1) - 1.0, -1)
    else:
        total = p.sum(axis=-1, keepdims=True)
        o = p / total
        chosen = np.take_along_axis(o, index, -1)
        inside = (chosen > eps) & (chosen < 1.0 - eps)
        g = np.zeros_like(p)
        np.put_along_axis(g, index, np.where(inside, -1.0 / np.clip(chosen, eps, 1.0), 0.0), -1)
        grad = ((g - (g * o).sum(axis=-1, keepdims=True)) / total).astype(p.dtype, copy=False)
    return grad if valid is None else grad * valid[..., None]


def reference_sparse_delta(loss, labels, a):
    valid = None if loss.ignore_class is None else labels != loss.ignore_class
    index = (labels if valid is None else np.where(valid, labels, 0))[..., None]
    delta = softmax(a) if loss.from_logits else a.copy()
    np.put_along_axis(delta, index, np.take_along_axis(delta, index, -1) - 1.0, -1)
    return delta


def reference_categorical_per_sample(loss, y, p):
    eps = epsilon()
    s = loss.label_smoothing
    y = y * (1.0 - s) + s / y.shape[-1] if s else y
    if loss.from_logits:
        return -(y * log_softmax(p)).sum(axis=-1)
    o = p / p.sum(axis=-1, keepdims=True)
    return -(y * np.log(np.clip(o, eps, 1.0 - eps))).sum(axis=-1)


def reference_categorical_gradient(loss, y, p):
    eps = epsilon()
    s = loss.label_smoothing
    y = y * (1.0 - s) + s / y.shape[-1] if s else y
    if loss.from_logits:
        return softmax(p) * y.sum(axis=-1, keepdims=True) - y
    total = p.sum(axis=-1, keepdims=True)
    o = p / total
    inside = (o > eps) & (o < 1.0 - eps)
    g = np.where(inside, -y / np.clip(o, eps, 1.0 - eps), 0.0)
    return ((g - (g * o).sum(axis=-1, keepdims=True)) / total).astype(p.dtype, copy=False)


def reference_binary_per_sample(loss, y, p):
    eps = epsilon()
    s = loss.label_smoothing
    y = y * (1.0 - s) + 0.5 * s if s else y
    if loss.from_logits:
        elementwise = np.maximum(p, 0) - p * y + np.log1p(np.exp(-np.abs(p)))
    else:
        q = np.clip(p, eps, 1.0 - eps)
        elementwise = -(y * np.log(q) + (1.0 - y) * np.log1p(-q))
    return elementwise.mean(axis=-1)


def reference_binary_gradient(loss, y, p):
    eps = epsilon()
    s = loss.label_smoothing
    y = y * (1.0 - s) + 0.5 * s if s else y
    k = p.shape[-1]
    if loss.from_logits:
        return (sigmoid(p) - y) / k
    q = np.clip(p, eps, 1.0 - eps)
    inside = (p > eps) & (p < 1.0 - eps)
    return np.where(inside, (q - y) / (q * (1.0 - q)), 0.0).astype(p.dtype) / k


def assert_same_bits(actual, expected):
    actual, expected = np.asarray(actual), np.asarray(expected)
    assert actual.dtype == expected.dtype
    np.testing.assert_array_equal(actual, expected, strict=True)


# -- sparse categorical cross-entropy ----------------------------------------------------------
SPARSE = [
    losses.SparseCategoricalCrossentropy(),
    losses.SparseCategoricalCrossentropy(from_logits=True),
    losses.SparseCategoricalCrossentropy(ignore_class=1),
    losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=1),
    losses.SparseCategoricalCrossentropy(reduction="sum"),
]
SHAPES = [(32, 3), (7, 10), (4, 5, 6), (6,)]


def sparse_batch(rng, shape, dtype, logits):
    labels = np.array(rng.integers(0, shape[-1], size=shape[:-1]))
    labels.reshape(-1)[:2] = 0  # at the 1 and a 0 of probabilities' first rows: both clipped
    p = (rng.normal(scale=3.0, size=shape).astype(dtype) if logits
         else probabilities(rng, shape, dtype))
    return labels, p


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("loss", SPARSE, ids=lambda loss: str(loss.get_config()))
@pytest.mark.parametrize("label_type", ["int", "float"])
@pytest.mark.parametrize("weighted", [False, True])
def test_sparse_crossentropy_gives_the_reference_values_bit_for_bit(loss, shape, dtype, label_type,
                                                                    weighted, rng):
    labels, p = sparse_batch(rng, shape, dtype, loss.from_logits)
    given = labels.astype(dtype) if label_type == "float" else labels
    weights = rng.uniform(0.0, 2.0, size=shape[:-1]) if weighted else None
    values = reference_sparse_per_sample(loss, labels, p)
    mask = None if loss.ignore_class is None else labels != loss.ignore_class
    assert_same_bits(loss.per_sample(labels, p), values)
    assert_same_bits(loss(given, p, weights),
                     losses.reduction.reduce(values, weights, mask, loss.reduction))
    assert_same_bits(loss.gradient_unweighted(labels, p), reference_sparse_gradient(loss, labels, p))
    assert_same_bits(loss.gradient(given, p, weights), reference_sparse_gradient(loss, labels, p)
                     * loss.value_weights(labels, p, weights))
    assert_same_bits(loss.output_delta(labels, p, weights), reference_sparse_delta(loss, labels, p)
                     * loss.value_weights(labels, p, weights))


@pytest.mark.parametrize("dtype", DTYPES)
def test_sparse_crossentropy_of_a_class_axis_not_last_gives_the_reference_values(dtype, rng):
    loss = losses.SparseCategoricalCrossentropy(axis=1)
    labels, p = sparse_batch(rng, (4, 3, 5), dtype, False)
    p = np.moveaxis(p, -1, 1)  # the classes on axis 1, as the loss is given them
    assert_same_bits(loss(labels, p, None), losses.reduction.reduce(
        reference_sparse_per_sample(loss, labels, np.moveaxis(p, 1, -1))))


NOT_WHOLE = r"expects integer class labels, got values of dtype float64 that are not whole numbers\."
OUT_OF_RANGE = r"expects labels in \[0, 3\) for the 3 output units of y_pred, got labels from "


@pytest.mark.parametrize("labels, message", [
    ([0, 1.5, 2], NOT_WHOLE),
    ([0, np.nan, 2], NOT_WHOLE),
    ([0, 1, 3], OUT_OF_RANGE + r"0 to 3\."),
    ([-1, 1, 2], OUT_OF_RANGE + r"-1 to 2\."),
    ([0, np.inf, 2], OUT_OF_RANGE + r"0 to inf\."),
    ([[0, 1, 2]], (r"y_true must hold one integer class label per prediction, shaped like "
                   r"y_pred without its class axis, \(3,\), got shape \(1, 3\)\.")),
])
def test_sparse_crossentropy_still_refuses_bad_labels_with_the_same_message(labels, message):
    loss = losses.SparseCategoricalCrossentropy()
    p = np.full((3, 3), 1 / 3, dtype="float32")
    with pytest.raises(ValueError, match="^sparse_categorical_crossentropy " + message):
        loss(labels, p)


def test_sparse_crossentropy_with_ignore_class_checks_only_the_labels_it_counts():
    loss = losses.SparseCategoricalCrossentropy(ignore_class=-1)
    p = np.full((3, 3), 1 / 3, dtype="float32")
    assert loss([-1, 0, 2], p) == pytest.approx(np.log(3.0), rel=1e-6)
    with pytest.raises(ValueError, match=r"got labels from 0 to 5\.$"):
        loss([-1, 0, 5], p)


# -- categorical and binary cross-entropy ------------------------------------------------------
CATEGORICAL = [
    losses.CategoricalCrossentropy(),
    losses.CategoricalCrossentropy(from_logits=True),
    losses.CategoricalCrossentropy(label_smoothing=0.1),
    losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.2),
]
BINARY = [
    losses.BinaryCrossentropy(),
    losses.BinaryCrossentropy(from_logits=True),
    losses.BinaryCrossentropy(label_smoothing=0.1),
    losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.2),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("loss", CATEGORICAL, ids=lambda loss: str(loss.get_config()))
@pytest.mark.parametrize("weighted", [False, True])
def test_categorical_crossentropy_gives_the_reference_values_bit_for_bit(loss, dtype, weighted, rng):
    y = np.eye(4, dtype=dtype)[rng.integers(0, 4, size=32)]
    p = (rng.normal(scale=3.0, size=(32, 4)).astype(dtype) if loss.from_logits
         else probabilities(rng, (32, 4), dtype))
    weights = rng.uniform(0.0, 2.0, size=32) if weighted else None
    values = reference_categorical_per_sample(loss, y, p)
    assert_same_bits(loss.per_sample(y, p), values)
    assert_same_bits(loss(y, p, weights), losses.reduction.reduce(values, weights))
    assert_same_bits(loss.gradient(y, p, weights), reference_categorical_gradient(loss, y, p)
                     * loss.value_weights(y, p, weights))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("loss", BINARY, ids=lambda loss: str(loss.get_config()))
@pytest.mark.parametrize("weighted", [False, True])
def test_binary_crossentropy_gives_the_reference_values_bit_for_bit(loss, dtype, weighted, rng):
    y = rng.integers(0, 2, size=(32, 3)).astype(dtype)
    p = (rng.normal(scale=3.0, size=(32, 3)).astype(dtype) if loss.from_logits
         else np.concatenate([[[0.0, 1.0, 1e-9]], rng.uniform(size=(31, 3))]).astype(dtype))
    weights = rng.uniform(0.0, 2.0, size=32) if weighted else None
    values = reference_binary_per_sample(loss, y, p)
    assert_same_bits(loss.per_sample(y, p), values)
    assert_same_bits(loss(y, p, weights), losses.reduction.reduce(values, weights))
    assert_same_bits(loss.gradient(y, p, weights), reference_binary_gradient(loss, y, p)
                     * loss.value_weights(y, p, weights))


def test_clip_is_np_clip_nan_and_infinities_included():
    x = np.array([-np.inf, -1.0, 0.0, 1e-9, 0.5, 1.0, 2.0, np.inf, np.nan], dtype="float32")
    assert_same_bits(losses.base.clip(x, 1e-7, 1.0 - 1e-7), np.clip(x, 1e-7, 1.0 - 1e-7))


# -- the accuracies ----------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("weighted", [False, True])
def test_accuracies_accumulate_the_reference_sums(dtype, weighted, rng):
    p = rng.random((32, 4)).astype(dtype)
    p[0] = 0.25  # a tie: the first largest wins, as np.argmax has it
    labels = rng.integers(0, 4, size=32)
    weights = rng.uniform(0.0, 2.0, size=32) if weighted else None
    cases = [(metrics.SparseCategoricalAccuracy(), labels, p.argmax(axis=-1) == labels),
             (metrics.SparseCategoricalAccuracy(), labels.astype(dtype)[:, None],
              np.argmax(p, axis=-1) == labels),
             (metrics.CategoricalAccuracy(), np.eye(4, dtype=dtype)[labels],
              np.argmax(p, axis=-1) == labels)]
    for metric, y, right in cases:
        metric.update_state(y, p, weights)
        metric.update_state(y[:5], p[:5], None if weights is None else weights[:5])
        first, second = right.astype(np.float64), right[:5].astype(np.float64)
        if weights is None:
            assert (metric.total, metric.count) == (float(np.sum(first)) + float(np.sum(second)),
                                                    37)
        else:
            w = weights.astype(metric.dtype).astype(np.float64)
            assert metric.total == float(np.sum(first * w)) + float(np.sum(second * w[:5]))
            assert metric.count == float(np.sum(w)) + float(np.sum(w[:5]))


def test_a_loss_metric_builds_its_loss_once_and_again_when_an_argument_changes(rng):
    metric = metrics.SparseCategoricalCrossentropy()
    labels, z = rng.integers(0, 3, size=8), rng.normal(size=(8, 3))
    first = metric.loss()
    assert metric.loss() is first
    metric.from_logits = True
    assert metric.loss() is not first and metric.loss().from_logits
    metric.update_state(labels, z)
    assert metric.result() == pytest.approx(float(np.mean(reference_sparse_per_sample(
        losses.SparseCategoricalCrossentropy(from_logits=True), labels, z))))
