"""Keras 3's cases for the base class of losses, ported to lucidnet.

Each case carries the inputs and expected numbers of a test of Keras's
`keras/src/losses/loss_test.py`, named in a `# keras:` comment.  Keras's example loss is the
squared error of each element, unreduced; here it is a [lucidnet.losses.Loss][] subclass
with its gradient, as every lucidnet loss has one.  NumPy arrays carry no Keras mask, so the
mask cases hand the mask to the reduction itself ([lucidnet.losses.reduction.reduce][]),
which is where Keras applies it.
"""

import pickle

import numpy as np
import pytest

import lucidnet
from lucidnet.keras import losses
from lucidnet.losses.reduction import reduce, same_rank


class ExampleLoss(losses.Loss):
    """Cᵢ = (yᵢ − ŷᵢ)² for each element, none reduced;  ∂Cᵢ/∂ŷᵢ = 2(ŷᵢ − yᵢ)."""

    reduces_axis = False

    def per_sample(self, y_true, y_pred):
        return (y_true - y_pred) ** 2

    def gradient_unweighted(self, y_true, y_pred):
        return 2.0 * (y_pred - y_true)


Y_TRUE = np.array([1.0, 0.0, 1.0, 0.0])
Y_PRED = np.array([0.1, 0.2, 0.3, 0.4])
SQUARES = (Y_TRUE - Y_PRED) ** 2
WEIGHTS = np.array([0.4, 0.3, 0.2, 0.1])
MASK = np.array([True, False, True, True])
MASKED_WEIGHTS = np.array([0.4, 0.2, 0.1])
MASKED_SQUARES = (np.array([1.0, 1.0, 0.0]) - np.array([0.1, 0.3, 0.4])) ** 2


def test_squeeze_or_expand():
    # keras: losses/loss_test.py::LossTest::test_squeeze_or_expand
    for first, second, expected in [((3,), (3, 1), ((3, 1), (3, 1))),
                                    ((3, 2), (3, 2, 1), ((3, 2), (3, 2))),
                                    ((3, 1), (3,), ((3, 1), (3, 1))),
                                    ((3, 2, 1), (3, 2), ((3, 2), (3, 2)))]:
        x1, x2 = same_rank(np.ones(first), np.ones(second))
        assert (x1.shape, x2.shape) == expected


def test_reduction():
    # keras: losses/loss_test.py::LossTest::test_reduction
    # Keras computes in float32 whatever the inputs; lucidnet keeps float64 inputs' precision
    # (docs/keras.md, "Differences from Keras") and computes float32 ones in float32.
    for y_pred in (Y_PRED, Y_PRED.astype("float32")):
        none = ExampleLoss(reduction=None)(Y_TRUE, y_pred)
        assert none.dtype == y_pred.dtype
        np.testing.assert_allclose(none, SQUARES, rtol=1e-6)
        total = ExampleLoss(reduction="sum")(Y_TRUE, y_pred)
        assert total.dtype == y_pred.dtype
        np.testing.assert_allclose(total, np.sum(SQUARES), rtol=1e-6)
        mean = ExampleLoss(reduction="sum_over_batch_size")(Y_TRUE, y_pred)
        assert mean.dtype == y_pred.dtype
        np.testing.assert_allclose(mean, np.sum(SQUARES) / 4, rtol=1e-6)
    with pytest.raises(ValueError, match="Loss reduction must be one of .*got 'abc'"):
        ExampleLoss(reduction="abc")


def test_reductions_give_matching_gradients():
    # The gradient of each reduction Keras accepts is that reduction's derivative:
    # 2(ŷ − y)·wᵢ/4, ·wᵢ, ·wᵢ/Σw.
    y_pred = Y_PRED.astype("float32")
    for reduction, scale in [("sum_over_batch_size", 1 / 4), ("mean", 1 / 4), ("sum", 1.0),
                             ("mean_with_sample_weight", 1 / WEIGHTS.sum())]:
        gradient = ExampleLoss(reduction=reduction).gradient(Y_TRUE, y_pred, WEIGHTS)
        np.testing.assert_allclose(gradient, 2 * (Y_PRED - Y_TRUE) * WEIGHTS * scale, rtol=1e-6)
    with pytest.raises(ValueError, match="reduction=None gives one loss per example"):
        ExampleLoss(reduction=None).gradient(Y_TRUE, y_pred)


def test_mask():
    # keras: losses/loss_test.py::LossTest::test_mask
    values = ExampleLoss(reduction=None)(Y_TRUE, Y_PRED.astype("float32"))
    loss = reduce(values, mask=MASK)
    assert loss.dtype == np.float32
    np.testing.assert_allclose(loss, np.sum(MASKED_SQUARES) / 3, rtol=1e-6)
    # everything masked: 0, not NaN
    assert reduce(values, mask=np.zeros(4, bool)) == 0.0


def test_sample_weight():
    # keras: losses/loss_test.py::LossTest::test_sample_weight
    loss = ExampleLoss()(Y_TRUE, Y_PRED.astype("float32"), sample_weight=WEIGHTS)
    assert loss.dtype == np.float32
    np.testing.assert_allclose(loss, np.sum(WEIGHTS * SQUARES) / 4, rtol=1e-6)
    # every weight 0: 0, not NaN
    assert ExampleLoss()(Y_TRUE, Y_PRED, sample_weight=np.zeros(4)) == 0.0


def test_mask_and_sample_weight():
    # keras: losses/loss_test.py::LossTest::test_mask_and_sample_weight
    values = ExampleLoss(reduction=None)(Y_TRUE, Y_PRED.astype("float32"))
    loss = reduce(values, WEIGHTS, MASK)
    assert loss.dtype == np.float32
    np.testing.assert_allclose(loss, np.sum(MASKED_WEIGHTS * MASKED_SQUARES) / 3, rtol=1e-6)


def test_mask_and_sample_weight_rank2():
    # keras: losses/loss_test.py::LossTest::test_mask_and_sample_weight_rank2
    values = ExampleLoss(reduction=None)(Y_TRUE, Y_PRED)
    rank1 = reduce(values, WEIGHTS, MASK)
    rank2 = reduce(np.tile(values, (2, 1)), np.tile(WEIGHTS, (2, 1)), np.tile(MASK, (2, 1)))
    np.testing.assert_allclose(rank1, rank2, rtol=1e-12)


@pytest.mark.parametrize("uprank", ["mask", "sample_weight", "ys"])
def test_rank_adjustment(uprank):
    # keras: losses/loss_test.py::LossTest::test_rank_adjustment
    y_true, y_pred, weights, mask = Y_TRUE, Y_PRED.astype("float32"), WEIGHTS, MASK
    if uprank == "mask":
        mask = mask[:, None]
    elif uprank == "sample_weight":
        weights = weights[:, None]
    else:
        y_true, y_pred = y_true[:, None], y_pred[:, None]
    loss = reduce(ExampleLoss(reduction=None)(y_true, y_pred), weights, mask)
    assert loss.dtype == np.float32
    np.testing.assert_allclose(loss, np.sum(MASKED_WEIGHTS * MASKED_SQUARES) / 3, rtol=1e-6)
    if uprank != "mask":  # without a mask, through the loss itself
        np.testing.assert_allclose(ExampleLoss()(y_true, y_pred, sample_weight=weights),
                                   np.sum(WEIGHTS * SQUARES) / 4, rtol=1e-6)


def test_mixed_dtypes():
    # keras: losses/loss_test.py::LossTest::test_mixed_dtypes
    sample_weight = np.array([0.4, 0.3, 0.2, 0.1], dtype="float64")
    y_true = np.array([1.0, 0.0, 1.0, 0.0], dtype="int32")
    y_pred = np.array([0.1, 0.2, 0.3, 0.4], dtype="float32")
    loss = ExampleLoss()(y_true, y_pred, sample_weight=sample_weight)
    assert loss.dtype == np.float32
    np.testing.assert_allclose(loss, np.sum(sample_weight * (y_true - y_pred) ** 2) / 4, rtol=1e-6)


def test_pickle():
    # keras: losses/loss_test.py::LossTest::test_pickle (lucidnet's get returns the loss object
    # of the name, which carries its gradient, rather than Keras's function)
    loss = pickle.loads(pickle.dumps(losses.get("mse")))
    assert type(loss) is losses.MeanSquaredError
    assert loss.get_config() == losses.MeanSquaredError().get_config()


def test_get_method():
    # keras: losses/loss_test.py::LossTest::test_get_method
    assert type(losses.get("mse")) is losses.MeanSquaredError
    assert losses.get(None) is None
    with pytest.raises(ValueError, match="Unknown loss 'typo'"):
        losses.get("typo")


def test_dtype_arg():
    # keras: losses/loss_test.py::LossTest::test_dtype_arg (its float16 case)
    y_true = np.array([1.0, 0.0, 1.0, 0.0], dtype="float32")
    y_pred = np.array([0.1, 0.2, 0.3, 0.4], dtype="float32")
    loss_fn = ExampleLoss(dtype="float16")
    assert loss_fn(y_true, y_pred).dtype == np.float16
    with pytest.raises(AttributeError):
        loss_fn.dtype = "bfloat16"


def test_default_dtype():
    # keras: losses/loss_test.py::LossTest::test_default_dtype (its floatx case, with the
    # float types lucidnet has): inputs that are not float arrays are computed in floatx().
    y_true, y_pred = [1.0, 0.0, 1.0, 0.0], [0.1, 0.2, 0.3, 0.4]
    assert ExampleLoss()(y_true, y_pred).dtype == np.float32
    lucidnet.config.set_floatx("float64")
    try:
        assert ExampleLoss()(y_true, y_pred).dtype == np.float64
    finally:
        lucidnet.config.set_floatx("float32")
