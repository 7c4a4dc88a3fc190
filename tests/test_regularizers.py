import numpy as np
import pytest

from lucidnet import regularizers
from lucidnet.regularizers import REGULARIZERS
from lucidnet.registry import serialize
from lucidnet.utils import numerical_gradient, relative_error

INSTANCES = {cls.registry_name: cls() for _, cls in REGULARIZERS.items()}
INSTANCES["l1l2(0.01,0.02)"] = regularizers.L1L2(l1=0.01, l2=0.02)
INSTANCES["orthogonal_regularizer(columns)"] = regularizers.OrthogonalRegularizer(0.3, "columns")


@pytest.mark.parametrize("name", sorted(INSTANCES))
def test_gradient_matches_finite_differences(name, rng):
    regularizer = INSTANCES[name]
    W = rng.normal(size=(4, 3))
    W[np.abs(W) < 1e-2] = 0.5  # |w| is not differentiable at 0
    assert relative_error(regularizer.gradient(W), numerical_gradient(lambda: regularizer(W), W)) < 1e-6


@pytest.mark.parametrize("name", sorted(INSTANCES))
def test_config_round_trip(name):
    regularizer = INSTANCES[name]
    assert regularizers.get(serialize(regularizer)).get_config() == regularizer.get_config()


def test_known_values():
    W = np.array([[1.0, -2.0], [0.5, 0.0]])
    assert regularizers.L1(0.1)(W) == pytest.approx(0.1 * 3.5)
    assert regularizers.L2(0.1)(W) == pytest.approx(0.1 * 5.25)
    assert regularizers.L1L2(0.1, 0.1)(W) == pytest.approx(0.1 * 3.5 + 0.1 * 5.25)


@pytest.mark.parametrize("make, message", [
    (lambda: regularizers.L2(-0.1), r"L2 l2 must be a number >= 0, got -0\.1"),
    (lambda: regularizers.L1(float("inf")), r"L1 l1 must be a number >= 0, got inf"),
    (lambda: regularizers.L1L2(l2=float("nan")), r"L1L2 l2 must be a number >= 0, got nan"),
    (lambda: regularizers.L1L2(l1="0.1"), r"L1L2 l1 must be a number >= 0, got '0\.1'"),
])
def test_a_factor_that_is_not_a_non_negative_number_is_refused(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_regularized_model_reports_penalty_in_its_loss(rng):
    from lucidnet import Dense, Input, Sequential

    x, y = rng.normal(size=(10, 3)), rng.normal(size=(10, 1))
    plain = Sequential([Input((3,)), Dense(1)], seed=0, dtype="float64")
    penalized = Sequential([Input((3,)), Dense(1, kernel_regularizer=regularizers.L2(0.5))], seed=0, dtype="float64")
    for model in (plain, penalized):
        model.compile(loss="mse")
    kernel = penalized.get_weights()[0]
    assert penalized.evaluate(x, y, verbose=0) == pytest.approx(
        plain.evaluate(x, y, verbose=0) + 0.5 * (kernel**2).sum()
    )


@pytest.mark.parametrize("spelling, cls", [("l1", regularizers.L1), ("l2", regularizers.L2),
                                           ("l1_l2", regularizers.L1L2)])
def test_keras_lowercase_spellings_are_the_classes(spelling, cls):
    assert getattr(regularizers, spelling) is cls
    assert regularizers.l2(0.001).l2 == 0.001


def test_orthogonal_regularizer_worked_values():
    # Rows (1, 0) and (1, 1)/√2: one pair, |cos| = 1/√2; λ·½·(2·1/√2)/1 = λ/√2.
    W = np.array([[1.0, 0.0], [1.0, 1.0]])
    assert regularizers.OrthogonalRegularizer(0.5)(W) == pytest.approx(0.5 / np.sqrt(2))
    # Columns (1, 1) and (0, 1): the same angle.
    assert regularizers.OrthogonalRegularizer(0.5, "columns")(W) == pytest.approx(0.5 / np.sqrt(2))
    assert regularizers.OrthogonalRegularizer()(np.eye(3)) == 0.0


def test_orthogonal_regularizer_equals_keras(rng):
    import os
    os.environ.setdefault("KERAS_BACKEND", "torch")
    keras = pytest.importorskip("keras")
    W = rng.normal(size=(5, 3)).astype("float32")
    for mode in ("rows", "columns"):
        ours = regularizers.OrthogonalRegularizer(0.1, mode)(W)
        theirs = keras.regularizers.OrthogonalRegularizer(0.1, mode)(keras.ops.convert_to_tensor(W))
        assert ours == pytest.approx(float(theirs), rel=1e-5)


@pytest.mark.parametrize("W, message", [
    (np.ones((2, 2, 2)), r"regularizes two-dimensional kernels, got shape \(2, 2, 2\)"),
    (np.ones((1, 4)), r"compares pairs of rows, but a kernel of shape \(1, 4\) has only 1"),
])
def test_orthogonal_regularizer_refuses_what_it_cannot_compare(W, message):
    with pytest.raises(ValueError, match=message):
        regularizers.OrthogonalRegularizer()(W)


def test_orthogonal_regularizer_mode_is_rows_or_columns():
    with pytest.raises(ValueError, match="OrthogonalRegularizer mode must be"):
        regularizers.OrthogonalRegularizer(mode="diagonal")
