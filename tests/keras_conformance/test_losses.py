"""Keras 3's cases for the loss classes and functions, ported to lucidnet.

Each case carries the inputs and expected numbers of a test of Keras's
`keras/src/losses/losses_test.py`, named in a `# keras:` comment (or in the parameter id of a
table row).  Keras compares with `assertAlmostEqual` to 3 decimals unless a test says
otherwise, and with `assertAllClose` to 1e-6; the helpers below do the same.
"""

import warnings

import numpy as np
import pytest

from lucidnet.keras import losses
from lucidnet.registry import serialize

MODULE = "losses/losses_test.py"


def almost(actual, desired, decimal=3):
    """Keras's `assertAlmostEqual`: |actual − desired| < 1.5·10^−decimal, element-wise."""
    np.testing.assert_almost_equal(np.asarray(actual, dtype=np.float64), desired, decimal=decimal)


def close(actual, desired, atol=1e-6, rtol=1e-6):
    """Keras's `assertAllClose`."""
    np.testing.assert_allclose(np.asarray(actual, dtype=np.float64), desired, atol=atol, rtol=rtol)


def round_trips(loss):
    """Keras's `run_class_serialization_test`: the config survives serialization."""
    clone = losses.get(serialize(loss))
    assert type(clone) is type(loss)
    assert clone.get_config() == loss.get_config()
    assert clone.name == loss.name
    return clone


# -- regression losses on Keras's shared inputs ------------------------------------------------
Y = np.array([[1, 9, 2], [-5, -2, 6]])
P = np.array([[4, 8, 12], [8, 1, 3]], dtype="float32")
Y_STEPS = np.asarray([1, 9, 2, -5, -2, 6]).reshape(2, 3, 1)
P_STEPS = np.asarray([4, 8, 12, 8, 1, 3]).reshape(2, 3, 1)
STEP_WEIGHTS = np.array([3, 6, 5, 0, 4, 2]).reshape((2, 3))
ROW_WEIGHTS = np.array([[1.2], [3.4]])

MSE, MAE = losses.MeanSquaredError, losses.MeanAbsoluteError
MAPE, MSLE = losses.MeanAbsolutePercentageError, losses.MeanSquaredLogarithmicError

#: (class, reduction, sample weight, expected, decimal), id = the Keras test.
REGRESSION = [
    # keras: losses/losses_test.py::MeanSquaredErrorTest::test_unweighted ...
    pytest.param(MSE, "sum_over_batch_size", None, 49.5, 3, id="MeanSquaredErrorTest::test_unweighted"),
    pytest.param(MSE, "sum_over_batch_size", 2.3, 113.85, 3, id="MeanSquaredErrorTest::test_scalar_weighted"),
    pytest.param(MSE, "sum_over_batch_size", ROW_WEIGHTS, 767.8 / 6, 3, id="MeanSquaredErrorTest::test_sample_weighted"),
    pytest.param(MSE, "sum_over_batch_size", 0, 0.0, 3, id="MeanSquaredErrorTest::test_zero_weighted"),
    pytest.param(MSE, None, 2.3, [84.3333, 143.3666], 3, id="MeanSquaredErrorTest::test_no_reduction"),
    pytest.param(MSE, "sum", 2.3, 227.69998, 3, id="MeanSquaredErrorTest::test_sum_reduction"),
    pytest.param(MSE, "mean_with_sample_weight", ROW_WEIGHTS,
                 (110 / 3 * 1.2 + 187 / 3 * 3.4) / (1.2 + 3.4), 3,
                 id="MeanSquaredErrorTest::test_mean_with_sample_weight_reduction"),
    # keras: losses/losses_test.py::MeanAbsoluteErrorTest::...
    pytest.param(MAE, "sum_over_batch_size", None, 5.5, 3, id="MeanAbsoluteErrorTest::test_unweighted"),
    pytest.param(MAE, "sum_over_batch_size", 2.3, 12.65, 3, id="MeanAbsoluteErrorTest::test_scalar_weighted"),
    pytest.param(MAE, "sum_over_batch_size", ROW_WEIGHTS, 81.4 / 6, 3, id="MeanAbsoluteErrorTest::test_sample_weighted"),
    pytest.param(MAE, "sum_over_batch_size", 0, 0.0, 3, id="MeanAbsoluteErrorTest::test_zero_weighted"),
    pytest.param(MAE, None, 2.3, [10.7333, 14.5666], 3, id="MeanAbsoluteErrorTest::test_no_reduction"),
    pytest.param(MAE, "sum", 2.3, 25.29999, 3, id="MeanAbsoluteErrorTest::test_sum_reduction"),
    pytest.param(MAE, "mean_with_sample_weight", ROW_WEIGHTS,
                 (14 / 3 * 1.2 + 19 / 3 * 3.4) / (1.2 + 3.4), 3,
                 id="MeanAbsoluteErrorTest::test_mean_with_sample_weight_reduction"),
    # keras: losses/losses_test.py::MeanAbsolutePercentageErrorTest::...
    pytest.param(MAPE, "sum_over_batch_size", None, 211.8518, 3, id="MeanAbsolutePercentageErrorTest::test_unweighted"),
    pytest.param(MAPE, "sum_over_batch_size", 2.3, 487.259, 3, id="MeanAbsolutePercentageErrorTest::test_scalar_weighted"),
    pytest.param(MAPE, "sum_over_batch_size", ROW_WEIGHTS, 422.8888, 3, id="MeanAbsolutePercentageErrorTest::test_sample_weighted"),
    pytest.param(MAPE, "sum_over_batch_size", 0, 0.0, 3, id="MeanAbsolutePercentageErrorTest::test_zero_weighted"),
    pytest.param(MAPE, None, 2.3, [621.8518, 352.6666], 3, id="MeanAbsolutePercentageErrorTest::test_no_reduction"),
    pytest.param(MAPE, "mean_with_sample_weight", ROW_WEIGHTS, 183.865, 3,
                 id="MeanAbsolutePercentageErrorTest::test_mean_with_sample_weight_reduction"),
    # keras: losses/losses_test.py::MeanSquaredLogarithmicErrorTest::...
    pytest.param(MSLE, "sum_over_batch_size", None, 1.4370, 3, id="MeanSquaredLogarithmicErrorTest::test_unweighted"),
    pytest.param(MSLE, "sum_over_batch_size", 2.3, 3.3051, 3, id="MeanSquaredLogarithmicErrorTest::test_scalar_weighted"),
    pytest.param(MSLE, "sum_over_batch_size", ROW_WEIGHTS, 3.7856, 3, id="MeanSquaredLogarithmicErrorTest::test_sample_weighted"),
    pytest.param(MSLE, "sum_over_batch_size", 0, 0.0, 3, id="MeanSquaredLogarithmicErrorTest::test_zero_weighted"),
    pytest.param(MSLE, "mean_with_sample_weight", ROW_WEIGHTS, 1.646, 3,
                 id="MeanSquaredLogarithmicErrorTest::test_mean_with_sample_weight_reduction"),
]


@pytest.mark.parametrize("cls, reduction, sample_weight, expected, decimal", REGRESSION)
def test_regression_losses_on_keras_inputs(cls, reduction, sample_weight, expected, decimal):
    loss = cls(reduction=reduction)
    almost(loss(Y, P, sample_weight=sample_weight), expected, decimal)


@pytest.mark.parametrize("cls, expected", [
    pytest.param(MSE, 97.833336, id="MeanSquaredErrorTest::test_timestep_weighted"),
    pytest.param(MAE, 13.833333, id="MeanAbsoluteErrorTest::test_timestep_weighted"),
    pytest.param(MAPE, 694.4444, id="MeanAbsolutePercentageErrorTest::test_timestep_weighted"),
    pytest.param(MSLE, 2.647374, id="MeanSquaredLogarithmicErrorTest::test_timestep_weighted"),
])
def test_regression_losses_weigh_each_timestep(cls, expected):
    # keras: losses/losses_test.py::<cls>Test::test_timestep_weighted: (2, 3, 1) inputs, one
    # weight per (example, step).
    almost(cls()(Y_STEPS, P_STEPS, sample_weight=STEP_WEIGHTS), expected)


@pytest.mark.parametrize("cls", [
    pytest.param(MSE, id="MeanSquaredErrorTest::test_all_correct_unweighted"),
    pytest.param(MAE, id="MeanAbsoluteErrorTest::test_all_correct_unweighted"),
    pytest.param(MAPE, id="MeanAbsolutePercentageErrorTest::test_all_correct_unweighted"),
])
def test_regression_losses_of_a_perfect_prediction_are_zero(cls):
    y = np.array([[4, 8, 12], [8, 1, 3]])
    almost(cls()(y, y), 0.0)


@pytest.mark.parametrize("loss", [
    pytest.param(MSE(name="mymse"), id="MeanSquaredErrorTest::test_config"),
    pytest.param(MAE(name="myname"), id="MeanAbsoluteErrorTest::test_config"),
    pytest.param(MAPE(name="mymape"), id="MeanAbsolutePercentageErrorTest::test_config"),
    pytest.param(MSLE(name="mysloge"), id="MeanSquaredLogarithmicErrorTest::test_config"),
    pytest.param(losses.BinaryCrossentropy(name="bce", axis=-1), id="BinaryCrossentropyTest::test_config"),
    pytest.param(losses.CategoricalCrossentropy(name="cce", axis=-1), id="CategoricalCrossentropyTest::test_config"),
    pytest.param(losses.SparseCategoricalCrossentropy(name="scce"), id="SparseCategoricalCrossentropyTest::test_config"),
    pytest.param(losses.BinaryFocalCrossentropy(name="bfce"), id="BinaryFocalCrossentropyTest::test_config"),
    pytest.param(losses.CategoricalFocalCrossentropy(name="cfce"), id="CategoricalFocalCrossentropyTest::test_config"),
])
def test_named_losses_survive_serialization(loss):
    assert round_trips(loss).name == loss.name


def test_mean_squared_error_function_keeps_one_value_per_example():
    # keras: losses/losses_test.py::MeanSquaredErrorTest::test_base_function_reduction
    values = losses.mean_squared_error(np.array([4, 8, 12]), np.array([[3], [0], [1]]))
    assert values.shape == (3,)
    close(values, [1.0, 64.0, 121.0])


# -- hinge losses --------------------------------------------------------------------------------
HINGE_Y = np.array([[0.0, 1.0], [0.0, 0.0]])
HINGE_P = np.array([[0.6, 0.4], [0.4, 0.6]])

#: (class, sum_over_batch_size, sum, none; the same with sample weights [1, 0]).
HINGES = [
    # keras: losses/losses_test.py::HingeTest::test_unweighted and ::test_weighted
    pytest.param(losses.Hinge, (1.3, 2.6, [1.1, 1.5]), (0.55, 1.1, [1.1, 0.0]), id="HingeTest"),
    # keras: losses/losses_test.py::SquaredHingeTest::test_unweighted and ::test_weighted
    pytest.param(losses.SquaredHinge, (1.86, 3.72, [1.46, 2.26]), (0.73, 1.46, [1.46, 0.0]),
                 id="SquaredHingeTest"),
    # keras: losses/losses_test.py::CategoricalHingeTest::test_unweighted and ::test_weighted
    pytest.param(losses.CategoricalHinge, (1.4, 2.8, [1.2, 1.6]), (0.6, 1.2, [1.2, 0.0]),
                 id="CategoricalHingeTest"),
]


@pytest.mark.parametrize("cls, unweighted, weighted", HINGES)
def test_hinge_losses_under_each_reduction(cls, unweighted, weighted):
    for reduction, expected in zip(("sum_over_batch_size", "sum", None), unweighted):
        almost(cls(reduction=reduction)(HINGE_Y, HINGE_P), expected)
    for reduction, expected in zip(("sum_over_batch_size", "sum", None), weighted):
        almost(cls(reduction=reduction)(HINGE_Y, HINGE_P, sample_weight=[1, 0]), expected)


@pytest.mark.parametrize("cls", [losses.Hinge, losses.SquaredHinge, losses.CategoricalHinge],
                         ids=["HingeTest", "SquaredHingeTest", "CategoricalHingeTest"])
def test_hinge_losses_refuse_an_unknown_reduction(cls):
    # keras: losses/losses_test.py::<cls>Test::test_unweighted (the bad reduction)
    with pytest.raises(ValueError, match="reduction must be one of .*got 'abc'"):
        cls(reduction="abc")


@pytest.mark.parametrize("cls", [losses.Hinge, losses.SquaredHinge, losses.CategoricalHinge],
                         ids=["HingeTest", "SquaredHingeTest", "CategoricalHingeTest"])
def test_hinge_losses_with_zero_weight_are_zero(cls):
    # keras: losses/losses_test.py::<cls>Test::test_zero_weighted
    assert cls()(HINGE_Y, HINGE_P, sample_weight=0.0) == 0.0


# -- cosine similarity ---------------------------------------------------------------------------
COS_Y = np.asarray([[1, 9, 2], [-5, -2, 6]], dtype=np.float32)
COS_P = np.asarray([[4, 8, 12], [8, 1, 3]], dtype=np.float32)


def _unit(x, axis):
    """x / max(‖x‖, 1e-6) along ``axis``, Keras's test reference (ε = 1e-12 on ‖x‖²)."""
    return x / np.sqrt(np.maximum(np.sum(x**2, axis=axis, keepdims=True), 1e-12))


def _cosines(y, p, axis=1):
    return np.sum(_unit(y, axis) * _unit(p, axis), axis=axis)


def test_cosine_similarity_config():
    # keras: losses/losses_test.py::CosineSimilarityTest::test_config
    loss = losses.CosineSimilarity(axis=2, reduction="sum", name="cosine_loss")
    assert loss.name == "cosine_loss" and loss.reduction == "sum"
    assert loss.get_config() == {"name": "cosine_loss", "reduction": "sum", "axis": 2}
    round_trips(loss)


@pytest.mark.parametrize("sample_weight", [
    pytest.param(None, id="CosineSimilarityTest::test_unweighted"),
    pytest.param(2.3, id="CosineSimilarityTest::test_scalar_weighted"),
    pytest.param(np.asarray([1.2, 3.4]), id="CosineSimilarityTest::test_sample_weighted"),
])
def test_cosine_similarity_weighted(sample_weight):
    expected = -np.mean(_cosines(COS_Y, COS_P) * (1.0 if sample_weight is None else sample_weight))
    almost(losses.CosineSimilarity()(COS_Y, COS_P, sample_weight=sample_weight), expected)


def test_cosine_similarity_timestep_weighted():
    # keras: losses/losses_test.py::CosineSimilarityTest::test_timestep_weighted
    y, p = COS_Y.reshape((2, 3, 1)), COS_P.reshape((2, 3, 1))
    weights = np.asarray([3, 6, 5, 0, 4, 2]).reshape((2, 3))
    expected = -np.mean(_cosines(y, p, axis=2) * weights)
    almost(losses.CosineSimilarity()(y, p, sample_weight=weights), expected)


def test_cosine_similarity_zero_weighted():
    # keras: losses/losses_test.py::CosineSimilarityTest::test_zero_weighted
    almost(losses.CosineSimilarity()(COS_Y, COS_P, sample_weight=0), 0.0)


def test_cosine_similarity_axis():
    # keras: losses/losses_test.py::CosineSimilarityTest::test_axis
    almost(losses.CosineSimilarity(axis=1)(COS_Y, COS_P), -np.mean(_cosines(COS_Y, COS_P)))


# -- Huber -----------------------------------------------------------------------------------------
HUBER_P = np.array([[0.9, 0.2, 0.2], [0.8, 0.4, 0.6]])
HUBER_Y = np.array([[1.0, 0.0, 1.0], [1.0, 0.0, 0.0]])


def _huber(y, p, delta=1.0):
    error = np.abs(p - y)
    quadratic = np.minimum(error, delta)
    return 0.5 * quadratic**2 + delta * (error - quadratic)


def test_huber_config():
    # keras: losses/losses_test.py::HuberLossTest::test_config
    loss = losses.Huber(delta=2.0, reduction="sum", name="huber")
    assert loss.name == "huber" and loss.reduction == "sum"
    assert loss.get_config() == {"name": "huber", "reduction": "sum", "delta": 2.0}
    round_trips(loss)


def test_huber_all_correct():
    # keras: losses/losses_test.py::HuberLossTest::test_all_correct
    almost(losses.Huber()(HUBER_Y, HUBER_Y), 0.0)


@pytest.mark.parametrize("sample_weight, per_element", [
    pytest.param(None, 1.0, id="HuberLossTest::test_unweighted"),
    pytest.param(2.3, 2.3, id="HuberLossTest::test_scalar_weighted"),
    pytest.param(np.array([[1.2], [3.4]]), np.array([[1.2] * 3, [3.4] * 3]),
                 id="HuberLossTest::test_sample_weighted"),
    pytest.param(0, 0.0, id="HuberLossTest::test_zero_weighted"),
])
def test_huber_weighted(sample_weight, per_element):
    loss = losses.Huber()
    expected = np.sum(_huber(HUBER_Y, HUBER_P) * per_element) / 6
    almost(loss(HUBER_Y, HUBER_P, sample_weight=sample_weight), expected)
    # the same inputs give the same value again
    almost(loss(HUBER_Y, HUBER_P, sample_weight=sample_weight), expected)


def test_huber_timestep_weighted():
    # keras: losses/losses_test.py::HuberLossTest::test_timestep_weighted
    y, p = HUBER_Y.reshape((2, 3, 1)), HUBER_P.reshape((2, 3, 1))
    weights = np.array([3, 6, 5, 0, 4, 2]).reshape((2, 3, 1))
    almost(losses.Huber()(y, p, sample_weight=weights), np.sum(_huber(y, p) * weights) / 6)


def test_huber_non_default_delta():
    # keras: losses/losses_test.py::HuberLossTest::test_non_default_delta
    expected = 2.3 * np.sum(_huber(HUBER_Y, HUBER_P, delta=0.8)) / 6
    almost(losses.Huber(delta=0.8)(HUBER_Y, HUBER_P, sample_weight=2.3), expected)


# -- log-cosh, KL divergence, Poisson -------------------------------------------------------------
def _log_cosh(y, p):
    error = p - y
    return np.log((np.exp(error) + np.exp(-error)) / 2)


KLD_P = np.asarray([0.4, 0.9, 0.12, 0.36, 0.3, 0.4], dtype=np.float32).reshape((2, 3))
KLD_Y = np.asarray([0.5, 0.8, 0.12, 0.7, 0.43, 0.8], dtype=np.float32).reshape((2, 3))
POISSON_P = np.asarray([1, 9, 2, 5, 2, 6], dtype=np.float32).reshape((2, 3))
POISSON_Y = np.asarray([4, 8, 12, 8, 1, 3], dtype=np.float32).reshape((2, 3))


def test_log_cosh_config():
    # keras: losses/losses_test.py::LogCoshTest::test_config
    loss = losses.LogCosh(reduction="sum", name="logcosh_loss")
    assert loss.name == "logcosh_loss" and loss.reduction == "sum"
    assert loss.get_config() == {"name": "logcosh_loss", "reduction": "sum"}


@pytest.mark.parametrize("cls", [losses.KLDivergence, losses.Poisson],
                         ids=["KLDivergenceTest::test_config", "PoissonTest::test_config"])
def test_kl_divergence_and_poisson_config(cls):
    loss = cls(reduction="sum", name="named")
    assert loss.name == "named" and loss.reduction == "sum"


#: (class, y_true, y_pred, elementwise losses, divisor), as each Keras test sets them up.
ELEMENTWISE = {
    "LogCoshTest": (losses.LogCosh, COS_Y, COS_P, _log_cosh(COS_Y, COS_P), 6),
    "KLDivergenceTest": (losses.KLDivergence, KLD_Y, KLD_P, KLD_Y * np.log(KLD_Y / KLD_P), 2),
    "PoissonTest": (losses.Poisson, POISSON_Y, POISSON_P,
                    POISSON_P - POISSON_Y * np.log(POISSON_P), 6),
}
WEIGHTINGS = {
    "test_unweighted": (None, 1.0),
    "test_scalar_weighted": (2.3, 2.3),
    "test_sample_weighted": (np.asarray([1.2, 3.4]).reshape((2, 1)),
                             np.asarray([[1.2] * 3, [3.4] * 3])),
    "test_zero_weighted": (0, 0.0),
}


@pytest.mark.parametrize("test", sorted(ELEMENTWISE))
@pytest.mark.parametrize("weighting", sorted(WEIGHTINGS))
def test_elementwise_losses_weighted(test, weighting):
    # keras: losses/losses_test.py::{LogCosh,KLDivergence,Poisson}Test::{test_unweighted,
    # test_scalar_weighted, test_sample_weighted, test_zero_weighted} (LogCosh's sample
    # weights are given as (2,), the others' as (2, 1): both weigh one row each)
    cls, y, p, elementwise, divisor = ELEMENTWISE[test]
    sample_weight, per_element = WEIGHTINGS[weighting]
    if test == "LogCoshTest" and sample_weight is not None and np.ndim(sample_weight) == 2:
        sample_weight = sample_weight[:, 0]
    expected = np.sum(elementwise * per_element) / divisor
    loss = cls()
    almost(loss(y, p, sample_weight=sample_weight), expected)
    almost(loss(y, p, sample_weight=sample_weight), expected)


#: Each Keras test's (2, 3, 1) inputs and the shape it gives its per-step weights.
TIMESTEPS = {
    "LogCoshTest": (np.asarray([1, 9, 2, -5, -2, 6]).reshape(2, 3, 1),
                    np.asarray([4, 8, 12, 8, 1, 3]).reshape(2, 3, 1), (2, 3, 1), _log_cosh),
    "KLDivergenceTest": (KLD_Y.reshape(2, 3, 1), KLD_P.reshape(2, 3, 1), (2, 3),
                         lambda y, p: y * np.log(y / p)),
    "PoissonTest": (POISSON_Y.reshape(2, 3, 1), POISSON_P.reshape(2, 3, 1), (2, 3),
                    lambda y, p: p - y * np.log(p)),
}


@pytest.mark.parametrize("test", sorted(TIMESTEPS))
def test_elementwise_losses_timestep_weighted(test):
    # keras: losses/losses_test.py::{LogCosh,KLDivergence,Poisson}Test::test_timestep_weighted
    y, p, weight_shape, elementwise = TIMESTEPS[test]
    cls = ELEMENTWISE[test][0]
    weights = np.asarray([3, 6, 5, 0, 4, 2]).reshape(2, 3, 1)
    expected = np.sum(elementwise(y * 1.0, p * 1.0) * weights) / 6
    almost(cls()(y, p, sample_weight=weights.reshape(weight_shape)), expected)


# -- binary cross-entropy ------------------------------------------------------------------------
ONE_HOT = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1]], dtype="float32")
BCE_Y = np.array([1, 0, 1, 0]).reshape([2, 2])
BCE_P = np.array([1, 1, 1, 0], dtype="float32").reshape([2, 2])
BCE_LOGIT_Y = np.array([[1, 0, 1], [0, 1, 1]])
BCE_LOGITS = np.array([[10.0, -10.0, 10.0], [10.0, 10.0, -10.0]])


def test_binary_crossentropy_all_correct_unweighted():
    # keras: losses/losses_test.py::BinaryCrossentropyTest::test_all_correct_unweighted
    almost(losses.BinaryCrossentropy()(ONE_HOT, ONE_HOT), 0.0)
    logits = np.where(ONE_HOT == 1, 10.0, -10.0)
    almost(losses.BinaryCrossentropy(from_logits=True)(ONE_HOT, logits), 0.0)


def test_binary_crossentropy_unweighted():
    # keras: losses/losses_test.py::BinaryCrossentropyTest::test_unweighted
    p = np.array([[0.9, 0.1, 0.2], [0.3, 0.8, 0.1], [0.1, 0.2, 0.7]], dtype="float32")
    close(losses.BinaryCrossentropy()(ONE_HOT, p), 0.20046903)
    # predictions of exactly 0 and 1 are clipped to [ε, 1 − ε] in float32
    almost(losses.BinaryCrossentropy()(BCE_Y, BCE_P), 3.98559)
    almost(losses.BinaryCrossentropy(from_logits=True)(BCE_LOGIT_Y, BCE_LOGITS), 3.3333)


def test_binary_crossentropy_scalar_weighted():
    # keras: losses/losses_test.py::BinaryCrossentropyTest::test_scalar_weighted
    almost(losses.BinaryCrossentropy()(BCE_Y, BCE_P, sample_weight=2.3), 9.1668)
    almost(losses.BinaryCrossentropy(from_logits=True)(BCE_LOGIT_Y, BCE_LOGITS, sample_weight=2.3),
           7.666)


def test_binary_crossentropy_sample_weighted():
    # keras: losses/losses_test.py::BinaryCrossentropyTest::test_sample_weighted
    weights = np.array([1.2, 3.4]).reshape((2, 1))
    almost(losses.BinaryCrossentropy()(BCE_Y, BCE_P, sample_weight=weights), 4.7827)
    almost(losses.BinaryCrossentropy(from_logits=True)(BCE_LOGIT_Y, BCE_LOGITS,
                                                       sample_weight=np.array([4, 3])), 10.0)


def test_binary_crossentropy_no_reduction():
    # keras: losses/losses_test.py::BinaryCrossentropyTest::test_no_reduction
    loss = losses.BinaryCrossentropy(from_logits=True, reduction=None)
    close(loss(BCE_LOGIT_Y, BCE_LOGITS), [0.0, 6.666], atol=1e-3)


def test_binary_crossentropy_label_smoothing():
    # keras: losses/losses_test.py::BinaryCrossentropyTest::test_label_smoothing
    loss = losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.1)
    almost(loss(np.array([[1, 0, 1]]), np.array([[10.0, -10.0, -10.0]])), (10.0 + 5.0 * 0.1) / 3.0)


@pytest.mark.parametrize("cls", [losses.BinaryCrossentropy, losses.CategoricalCrossentropy],
                         ids=["BinaryCrossentropyTest::test_shape_mismatch",
                              "CategoricalCrossentropyTest::test_shape_mismatch"])
def test_crossentropies_refuse_targets_of_another_shape(cls):
    y_true = np.array([[0], [1], [2]])
    y_pred = np.array([[0.9, 0.05, 0.05], [0.5, 0.89, 0.6], [0.05, 0.01, 0.94]])
    with pytest.raises(ValueError, match=r"must have the same shape, got shapes \(3, 1\) and \(3, 3\)"):
        cls()(y_true, y_pred)


# -- categorical cross-entropy -------------------------------------------------------------------
CCE_Y = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1]])
CCE_P = np.array([[0.9, 0.05, 0.05], [0.5, 0.89, 0.6], [0.05, 0.01, 0.94]], dtype="float32")
CCE_LOGITS = np.array([[8.0, 1.0, 1.0], [0.0, 9.0, 1.0], [2.0, 3.0, 5.0]])
COLUMN_WEIGHTS = np.array([[1.2], [3.4], [5.6]]).reshape((3, 1))


def test_categorical_crossentropy_all_correct_unweighted():
    # keras: losses/losses_test.py::CategoricalCrossentropyTest::test_all_correct_unweighted
    y = CCE_Y.astype("int64")
    almost(losses.CategoricalCrossentropy()(y, ONE_HOT), 0.0)
    almost(losses.CategoricalCrossentropy(from_logits=True)(y, ONE_HOT * 10.0), 0.0)


@pytest.mark.parametrize("cls, probabilities, logits", [
    pytest.param(losses.CategoricalCrossentropy, 0.3239, 0.0573,
                 id="CategoricalCrossentropyTest::test_unweighted"),
    pytest.param(losses.SparseCategoricalCrossentropy, 0.3239, 0.0573,
                 id="SparseCategoricalCrossentropyTest::test_unweighted"),
    pytest.param(losses.CategoricalFocalCrossentropy, 0.02059, 0.000345,
                 id="CategoricalFocalCrossentropyTest::test_unweighted"),
])
def test_categorical_losses_unweighted(cls, probabilities, logits):
    # The second row sums to 1.99: Keras divides it by its sum before the logarithm.
    y = np.array([0, 1, 2]) if cls is losses.SparseCategoricalCrossentropy else CCE_Y
    almost(cls()(y, CCE_P), probabilities)
    almost(cls(from_logits=True)(y, CCE_LOGITS), logits)


@pytest.mark.parametrize("cls, probabilities, logits, decimal", [
    pytest.param(losses.CategoricalCrossentropy, 0.7449, 0.1317, 3,
                 id="CategoricalCrossentropyTest::test_scalar_weighted"),
    pytest.param(losses.SparseCategoricalCrossentropy, 0.7449, 0.1317, 3,
                 id="SparseCategoricalCrossentropyTest::test_scalar_weighted"),
    pytest.param(losses.CategoricalFocalCrossentropy, 0.047368, 0.000794, 4,
                 id="CategoricalFocalCrossentropyTest::test_scalar_weighted"),
])
def test_categorical_losses_scalar_weighted(cls, probabilities, logits, decimal):
    y = np.array([[0], [1], [2]]) if cls is losses.SparseCategoricalCrossentropy else CCE_Y
    almost(cls()(y, CCE_P, sample_weight=2.3), probabilities, 3)
    almost(cls(from_logits=True)(y, CCE_LOGITS, sample_weight=2.3), logits, decimal)


@pytest.mark.parametrize("cls, probabilities, logits", [
    pytest.param(losses.CategoricalCrossentropy, 1.0696, 0.31829,
                 id="CategoricalCrossentropyTest::test_sample_weighted"),
    pytest.param(losses.SparseCategoricalCrossentropy, 1.0696, 0.31829,
                 id="SparseCategoricalCrossentropyTest::test_sample_weighted"),
    pytest.param(losses.CategoricalFocalCrossentropy, 0.06987, 0.001933,
                 id="CategoricalFocalCrossentropyTest::test_sample_weighted"),
])
def test_categorical_losses_sample_weighted(cls, probabilities, logits):
    y = np.array([[0], [1], [2]]) if cls is losses.SparseCategoricalCrossentropy else CCE_Y
    almost(cls()(y, CCE_P, sample_weight=COLUMN_WEIGHTS), probabilities)
    almost(cls(from_logits=True)(y, CCE_LOGITS, sample_weight=COLUMN_WEIGHTS), logits)


@pytest.mark.parametrize("cls, expected", [
    pytest.param(losses.CategoricalCrossentropy, (0.001822, 0.000459, 0.169846),
                 id="CategoricalCrossentropyTest::test_no_reduction"),
    pytest.param(losses.SparseCategoricalCrossentropy, (0.001822, 0.000459, 0.169846),
                 id="SparseCategoricalCrossentropyTest::test_no_reduction"),
    pytest.param(losses.CategoricalFocalCrossentropy, (1.5096224e-09, 2.4136547e-11, 1.0360638e-03),
                 id="CategoricalFocalCrossentropyTest::test_no_reduction"),
])
def test_categorical_losses_no_reduction(cls, expected):
    y = np.array([[0], [1], [2]]) if cls is losses.SparseCategoricalCrossentropy else CCE_Y
    close(cls(from_logits=True, reduction=None)(y, CCE_LOGITS), expected)


@pytest.mark.parametrize("logits", [np.array([[100.0, -100.0, -100.0]]),
                                    np.asarray([[100.0, -100.0, -100.0]])],
                         ids=["CategoricalCrossentropyTest::test_label_smoothing",
                              "CategoricalCrossentropyTest::test_label_smoothing_ndarray"])
def test_categorical_crossentropy_label_smoothing(logits):
    loss = losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1)
    almost(loss(np.array([[1, 0, 0]]), logits), 400.0 * 0.1 / 3.0)


# (batch, classes, spatial), the classes on axis 1
AXIS_Y = np.array([[[1, 0], [0, 1], [0, 0]], [[0, 1], [1, 0], [0, 0]]], dtype="float32")
AXIS_P = np.array([[[0.8, 0.1], [0.1, 0.8], [0.1, 0.1]], [[0.1, 0.8], [0.8, 0.1], [0.1, 0.1]]],
                  dtype="float32")
AXIS_Y_SMOOTHED = AXIS_Y * 0.9 + 0.1 / 3


def test_categorical_crossentropy_label_smoothing_with_axis():
    # keras: losses/losses_test.py::CategoricalCrossentropyTest::test_label_smoothing_with_axis
    loss = losses.CategoricalCrossentropy(label_smoothing=0.1, axis=1)
    expected = np.mean(-np.sum(AXIS_Y_SMOOTHED * np.log(AXIS_P), axis=1))
    almost(loss(AXIS_Y, AXIS_P), expected, decimal=5)


@pytest.mark.parametrize("function", [losses.categorical_crossentropy,
                                      losses.categorical_focal_crossentropy],
                         ids=["CategoricalCrossentropyTest::test_warning_for_invalid_shape",
                              "CategoricalFocalCrossentropyTest::test_warning_for_invalid_shape"])
def test_categorical_losses_warn_for_a_single_class(function):
    pattern = r"expected y_pred.shape to be \(batch_size, num_classes\)"
    with pytest.warns(SyntaxWarning, match=pattern):
        function(np.array([[1], [1]], dtype="float32"), np.array([[0.5], [0.5]], dtype="float32"))
    with pytest.warns(SyntaxWarning, match=pattern):
        function(np.ones((2, 1, 4), dtype="float32"), np.ones((2, 1, 4), dtype="float32"), axis=1)
    with warnings.catch_warnings():
        warnings.simplefilter("error", SyntaxWarning)
        function(np.ones((2, 4, 1), dtype="float32"), np.ones((2, 4, 1), dtype="float32"), axis=1)


# -- sparse categorical cross-entropy ------------------------------------------------------------
def test_sparse_categorical_crossentropy_config():
    # keras: losses/losses_test.py::SparseCategoricalCrossentropyTest::test_config
    loss = losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=3, axis=0, name="scce")
    config = loss.get_config()
    assert config["from_logits"] is True and config["ignore_class"] == 3 and config["axis"] == 0
    round_trips(loss)


def test_sparse_categorical_crossentropy_all_correct_unweighted():
    # keras: losses/losses_test.py::SparseCategoricalCrossentropyTest::test_all_correct_unweighted
    labels = np.array([[0], [1], [2]], dtype="int64")
    almost(losses.SparseCategoricalCrossentropy()(labels, ONE_HOT), 0.0)
    almost(losses.SparseCategoricalCrossentropy(from_logits=True)(labels, ONE_HOT * 10.0), 0.0)


def test_sparse_categorical_crossentropy_ignore_class():
    # keras: losses/losses_test.py::SparseCategoricalCrossentropyTest::test_ignore_class
    logits = np.array([[[0.854, 0.698, 0.598], [0.088, 0.86, 0.018]]])
    loss = losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=-1, reduction=None)
    close(loss(np.array([[-1, 2]]), logits), [[0.0, 1.480129]])
    close(loss(np.array([[[-1], [2]]]), logits), [[0.0, 1.480129]])


SEGMENT_LABELS = np.array([[0, 1, 1, 0], [1, 0, 1, 0], [0, 0, 1, 1], [1, 1, 0, 1]])
SEGMENT_EXACT = np.eye(2)[SEGMENT_LABELS]
SEGMENT_OFF = SEGMENT_EXACT.copy()
SEGMENT_OFF[0, 3], SEGMENT_OFF[3, 3] = [0.2, 0.8], [0.6, 0.4]
SEGMENT_EXPECTED = (-np.log(0.2) - np.log(0.4)) / 16.0  # 16 pixels


def test_sparse_categorical_crossentropy_binary_segmentation():
    # keras: losses/losses_test.py::SparseCategoricalCrossentropyTest::test_binary_segmentation
    close(losses.SparseCategoricalCrossentropy()(SEGMENT_LABELS, SEGMENT_EXACT), 0.0)
    close(losses.SparseCategoricalCrossentropy()(SEGMENT_LABELS, SEGMENT_OFF), SEGMENT_EXPECTED)


def test_sparse_categorical_crossentropy_binary_segmentation_different_axis():
    # keras: losses/losses_test.py::SparseCategoricalCrossentropyTest::test_binary_segmentation_different_axis
    # (the PyTorch backend's expectations: the class axis may be any axis)
    first = losses.SparseCategoricalCrossentropy(axis=0)
    close(first(SEGMENT_LABELS, np.moveaxis(SEGMENT_EXACT, 2, 0)), 0.0)
    channels_first = np.moveaxis(SEGMENT_OFF, 2, 0)
    close(first(SEGMENT_LABELS, channels_first), SEGMENT_EXPECTED)
    stacked = losses.SparseCategoricalCrossentropy(axis=1)
    close(stacked(np.array([SEGMENT_LABELS] * 3), np.array([channels_first] * 3)), SEGMENT_EXPECTED)


def test_sparse_categorical_crossentropy_squeezes_singleton_class_dim_on_user_axis():
    # keras: losses/losses_test.py::SparseCategoricalCrossentropyTest::test_squeezes_singleton_class_dim_on_user_axis
    rng = np.random.default_rng(0)
    y_true = rng.integers(0, 2, size=(2, 1, 4, 4)).astype("float32")
    y_pred = rng.random((2, 2, 4, 4)).astype("float32")
    assert losses.sparse_categorical_crossentropy(y_true, y_pred, axis=1).shape == (2, 4, 4)


MULTI_LABELS = np.array([[0, 1, 2, 0], [1, 0, 1, 0], [0, 0, 1, 1], [1, 1, 0, 1]])
MULTI_EXACT = np.eye(3)[MULTI_LABELS]
MULTI_OFF = MULTI_EXACT.copy()
MULTI_OFF[0, 3], MULTI_OFF[1, 0], MULTI_OFF[3, 2] = [0.2, 0.0, 0.8], [0.7, 0.3, 0.0], [0.5, 0.5, 0.0]
MULTI_EXPECTED = (-np.log(0.2) - np.log(0.3) - np.log(0.5)) / 16.0


def test_sparse_categorical_crossentropy_multi_class_segmentation():
    # keras: losses/losses_test.py::SparseCategoricalCrossentropyTest::test_multi_class_segmentation
    close(losses.SparseCategoricalCrossentropy()(MULTI_LABELS, MULTI_EXACT), 0.0)
    close(losses.SparseCategoricalCrossentropy()(MULTI_LABELS, MULTI_OFF), MULTI_EXPECTED)


def test_sparse_categorical_crossentropy_multi_class_segmentation_different_axis():
    # keras: losses/losses_test.py::SparseCategoricalCrossentropyTest::test_multi_class_segmentation_different_axis
    first = losses.SparseCategoricalCrossentropy(axis=0)
    close(first(MULTI_LABELS, np.moveaxis(MULTI_EXACT, 2, 0)), 0.0)
    channels_first = np.moveaxis(MULTI_OFF, 2, 0)
    close(first(MULTI_LABELS, channels_first), MULTI_EXPECTED)
    stacked = losses.SparseCategoricalCrossentropy(axis=1)
    close(stacked(np.array([MULTI_LABELS] * 3), np.array([channels_first] * 3)), MULTI_EXPECTED)


# -- focal cross-entropies -----------------------------------------------------------------------
FOCAL_Y = np.asarray([1, 0, 1, 0]).reshape([2, 2])
FOCAL_P = np.asarray([0.9, 0.8, 0.7, 0.2], dtype=np.float32).reshape([2, 2])
FOCAL_LOGIT_Y = np.array([[1, 1, 0], [0, 1, 0]], dtype="float32")
FOCAL_LOGITS = np.array([[1.5, -2.7, 2.9], [-3.8, 1.2, -4.5]])


def test_binary_focal_crossentropy_all_correct_unweighted():
    # keras: losses/losses_test.py::BinaryFocalCrossentropyTest::test_all_correct_unweighted
    almost(losses.BinaryFocalCrossentropy(gamma=1.5)(ONE_HOT, ONE_HOT), 0.0)
    logits = np.where(ONE_HOT == 1, 100.0, -100.0)
    almost(losses.BinaryFocalCrossentropy(gamma=2.0, from_logits=True)(ONE_HOT, logits), 0.0)


@pytest.mark.parametrize("sample_weight, probabilities, logits", [
    pytest.param(None, 0.268, 0.799, id="BinaryFocalCrossentropyTest::test_unweighted"),
    pytest.param((1.23, 3.21), 0.3296, 2.565, id="BinaryFocalCrossentropyTest::test_scalar_weighted"),
    pytest.param(np.array([1.2, 3.4]).reshape((2, 1)), 0.34415, 0.95977,
                 id="BinaryFocalCrossentropyTest::test_sample_weighted"),
])
def test_binary_focal_crossentropy_weighted(sample_weight, probabilities, logits):
    first, second = sample_weight if isinstance(sample_weight, tuple) else (sample_weight,) * 2
    almost(losses.BinaryFocalCrossentropy(gamma=2.0)(FOCAL_Y, FOCAL_P, sample_weight=first),
           probabilities)
    loss = losses.BinaryFocalCrossentropy(gamma=3.0, from_logits=True)
    almost(loss(FOCAL_LOGIT_Y, FOCAL_LOGITS, sample_weight=second), logits)


def test_binary_focal_crossentropy_no_reduction():
    # keras: losses/losses_test.py::BinaryFocalCrossentropyTest::test_no_reduction
    loss = losses.BinaryFocalCrossentropy(gamma=2.0, reduction=None)
    close(loss(FOCAL_Y, FOCAL_P), (0.515547, 0.020513))


def test_categorical_focal_crossentropy_all_correct_unweighted():
    # keras: losses/losses_test.py::CategoricalFocalCrossentropyTest::test_all_correct_unweighted
    y = CCE_Y.astype("int64")
    almost(losses.CategoricalFocalCrossentropy(alpha=0.25, gamma=2.0)(y, ONE_HOT), 0.0)
    almost(losses.CategoricalFocalCrossentropy(from_logits=True)(y, ONE_HOT * 10.0), 0.0)


def test_categorical_focal_crossentropy_label_smoothing():
    # keras: losses/losses_test.py::CategoricalFocalCrossentropyTest::test_label_smoothing
    loss = losses.CategoricalFocalCrossentropy(from_logits=True, label_smoothing=0.1)
    almost(loss(np.array([[1, 0, 0]]), np.array([[4.9, -0.5, 2.05]])), 0.06685)


def test_categorical_focal_crossentropy_label_smoothing_with_axis():
    # keras: losses/losses_test.py::CategoricalFocalCrossentropyTest::test_label_smoothing_with_axis
    loss = losses.CategoricalFocalCrossentropy(label_smoothing=0.1, axis=1)
    focal = 0.25 * (1 - AXIS_P) ** 2.0 * -AXIS_Y_SMOOTHED * np.log(AXIS_P)
    almost(loss(AXIS_Y, AXIS_P), np.mean(np.sum(focal, axis=1)), decimal=5)
