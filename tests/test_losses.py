import math
import os

import numpy as np
import pytest

from lucidnet import activations, losses
from lucidnet.losses import LOSSES
from lucidnet.registry import serialize
from lucidnet.utils import numerical_gradient, relative_error

INSTANCES = {cls.registry_name: cls() for _, cls in LOSSES.items()}
INSTANCES["mse(half_sum)"] = losses.MeanSquaredError(half_sum=True)
INSTANCES["huber(0.3)"] = losses.Huber(delta=0.3)
for _name in ("binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy",
              "binary_focal_crossentropy", "categorical_focal_crossentropy"):
    INSTANCES[f"{_name}(logits)"] = LOSSES.lookup(_name)(from_logits=True)
INSTANCES["binary_focal_crossentropy(balanced)"] = losses.BinaryFocalCrossentropy(
    apply_class_balancing=True, alpha=0.4, gamma=1.5, label_smoothing=0.1)
INSTANCES["categorical_focal_crossentropy(smoothed)"] = losses.CategoricalFocalCrossentropy(
    alpha=0.5, gamma=3.0, label_smoothing=0.2)
INSTANCES["cosine_similarity(axis=1)"] = losses.CosineSimilarity(axis=1)
# Keras's options that change the value change the gradient with it.
INSTANCES["binary_crossentropy(smoothed)"] = losses.BinaryCrossentropy(label_smoothing=0.2)
INSTANCES["binary_crossentropy(logits, smoothed)"] = losses.BinaryCrossentropy(
    from_logits=True, label_smoothing=0.2)
INSTANCES["categorical_crossentropy(smoothed)"] = losses.CategoricalCrossentropy(label_smoothing=0.2)
INSTANCES["categorical_crossentropy(logits, smoothed)"] = losses.CategoricalCrossentropy(
    from_logits=True, label_smoothing=0.2)
INSTANCES["sparse_categorical_crossentropy(ignore_class=1)"] = losses.SparseCategoricalCrossentropy(
    ignore_class=1)
INSTANCES["sparse_categorical_crossentropy(logits, ignore_class=1)"] = \
    losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=1)
for _reduction in ("sum", "mean", "mean_with_sample_weight"):
    INSTANCES[f"mse(reduction={_reduction})"] = losses.MeanSquaredError(reduction=_reduction)
    INSTANCES[f"categorical_crossentropy(reduction={_reduction})"] = \
        losses.CategoricalCrossentropy(reduction=_reduction)
INSTANCES["binary_crossentropy(reduction=sum)"] = losses.BinaryCrossentropy(reduction="sum")
INSTANCES["sparse_categorical_crossentropy(reduction=sum, ignore_class=1)"] = \
    losses.SparseCategoricalCrossentropy(reduction="sum", ignore_class=1)

#: Losses that want targets and predictions of their own kind, by registered name: counts and
#: rates, distributions, −1/1 or one-hot labels, probabilities (the focal losses' own; their
#: logits when from_logits).
DOMAINS = {
    "mean_squared_logarithmic_error": lambda rng, z: (rng.poisson(2.0, z.shape) * 1.0, np.exp(z)),
    "poisson": lambda rng, z: (rng.poisson(2.0, z.shape) * 1.0, np.exp(z)),
    "kl_divergence": lambda rng, z: (activations.softmax(rng.normal(size=z.shape)),
                                     activations.softmax(z)),
    "hinge": lambda rng, z: (rng.choice([-1.0, 1.0], z.shape), z),
    "squared_hinge": lambda rng, z: (rng.choice([-1.0, 1.0], z.shape), z),
    "categorical_hinge": lambda rng, z: (np.eye(z.shape[1])[rng.integers(0, z.shape[1], len(z))], z),
    "binary_focal_crossentropy": lambda rng, z: (rng.integers(0, 2, z.shape) * 1.0,
                                                 activations.sigmoid(z)),
    "categorical_focal_crossentropy": lambda rng, z: (
        np.eye(z.shape[1])[rng.integers(0, z.shape[1], len(z))], activations.softmax(z)),
}


def example(loss, rng, n=6, k=4):
    """Targets and predictions that suit ``loss``: labels or one-hot rows for cross-entropies,
    probabilities for probability inputs (away from the clip at 0 and 1), anything else else."""
    z = rng.normal(size=(n, k))
    if loss.name in DOMAINS:
        y, p = DOMAINS[loss.name](rng, z)
        return y, (z if loss.from_logits else p)
    if loss.sparse_targets:
        y = rng.integers(0, k, size=n)
    elif loss.fused_activation == "softmax":
        y = np.eye(k)[rng.integers(0, k, size=n)]
    elif loss.fused_activation == "sigmoid":
        y = rng.integers(0, 2, size=(n, k)).astype(float)
    else:
        y = rng.normal(size=(n, k))
    if loss.fused_activation and not loss.from_logits:
        return y, activations.get(loss.fused_activation)(z)
    return y, z


@pytest.mark.parametrize("name", sorted(INSTANCES))
def test_gradient_matches_finite_differences(name, rng):
    loss = INSTANCES[name]
    y, p = example(loss, rng)
    weights = rng.uniform(0.5, 2.0, size=len(p))
    analytic = loss.gradient(y, p, weights)
    numeric = numerical_gradient(lambda: loss(y, p, weights), p)
    assert relative_error(analytic, numeric) < 1e-6


@pytest.mark.parametrize("name", sorted(n for n, l in INSTANCES.items() if l.fused_activation))
def test_fused_output_delta_equals_the_chain_rule_through_the_activation(name, rng):
    """δᴸ = ∇ₐC ⊙ σ'(zᴸ) (BP1, through the activation's Jacobian) = (a − y)/N, fused."""
    loss = INSTANCES[name]
    y, _ = example(loss, rng)
    z = rng.normal(size=(len(y), 4))
    activation = activations.get(loss.fused_activation)
    a = activation(z)
    weights = rng.uniform(0.5, 2.0, size=len(z))
    if loss.from_logits:
        chained = loss.gradient(y, z, weights)
        fused = loss.output_delta(y, z, weights)
    else:
        chained = activation.backward(z, a, loss.gradient(y, a, weights))
        fused = loss.output_delta(y, a, weights)
    np.testing.assert_allclose(fused, chained, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("name", sorted(INSTANCES))
def test_weighted_mean_is_sum_of_weighted_per_sample_losses_over_n(name, rng):
    loss = INSTANCES[name]
    y, p = example(loss, rng)
    weights = rng.uniform(0, 2, size=len(p))
    total = (loss.per_sample(y, p) * weights).sum()
    if getattr(loss, "ignore_class", None) is not None and loss.reduction != "sum":
        divisor = np.count_nonzero(y != loss.ignore_class)  # the mean of the labels kept
    else:
        divisor = {"sum": 1, "mean_with_sample_weight": weights.sum()}.get(loss.reduction, len(p))
    assert loss(y, p, weights) == pytest.approx(total / divisor)


def test_categorical_crossentropy_gradient_through_the_division_by_the_sum(rng):
    # Keras divides probabilities by their sum: rows that do not sum to 1 have a gradient
    # through that division too.
    p = rng.uniform(0.1, 1.0, size=(5, 4))
    y = np.eye(4)[rng.integers(0, 4, 5)]
    labels = y.argmax(axis=1)
    weights = rng.uniform(0.5, 2.0, size=5)
    for loss, targets in [(losses.CategoricalCrossentropy(label_smoothing=0.1), y),
                          (losses.SparseCategoricalCrossentropy(), labels),
                          (losses.CategoricalFocalCrossentropy(), y)]:
        numeric = numerical_gradient(lambda: loss(targets, p, weights), p)
        assert relative_error(loss.gradient(targets, p, weights), numeric) < 1e-6


@pytest.mark.parametrize("name", sorted(INSTANCES))
def test_config_round_trip(name):
    loss = INSTANCES[name]
    clone = losses.get(serialize(loss))
    assert type(clone) is type(loss) and clone.get_config() == loss.get_config()


@pytest.mark.parametrize("name", sorted(n for n, l in INSTANCES.items() if l.fused_activation))
def test_confident_wrong_predictions_give_finite_loss_and_gradient(name):
    loss = INSTANCES[name]
    k = 3
    if loss.sparse_targets:
        y = np.array([0, 1])
    else:
        y = np.array([[1.0, 0, 0], [0, 1.0, 0]])
    p = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]) if not loss.from_logits else np.array(
        [[-1e4, 1e4, 0.0], [1e4, -1e4, 0.0]]
    )
    assert math.isfinite(loss(y, p)) and np.all(np.isfinite(loss.gradient(y, p)))
    assert p.shape[1] == k


def test_cross_entropy_of_a_good_prediction_is_small_and_of_a_bad_one_large():
    cce = losses.get("categorical_crossentropy")
    # Natural logarithms: −ln 0.9 ≈ 0.1054 and −ln 0.1 ≈ 2.3026 (in base 10: 0.046 and 1).
    assert cce(np.array([[1.0, 0.0]]), np.array([[0.9, 0.1]])) == pytest.approx(0.105360516, abs=1e-8)
    assert cce(np.array([[1.0, 0.0]]), np.array([[0.1, 0.9]])) == pytest.approx(2.302585093, abs=1e-8)


def test_confident_right_prediction_costs_less_than_a_wrong_one():
    cce = losses.get("categorical_crossentropy")
    right = cce(np.array([[1.0, 0, 0]]), np.array([[0.78, 0.05, 0.12]]))
    wrong = cce(np.array([[0, 0, 1.0]]), np.array([[0.23, 0.59, 0.07]]))
    # These rows sum to 0.95 and 0.89: as in Keras, each is divided by its sum first.
    assert right == pytest.approx(-math.log(0.78 / 0.95)) and wrong == pytest.approx(-math.log(0.07 / 0.89))
    assert right < wrong


def test_sparse_and_one_hot_cross_entropy_agree(rng):
    p = activations.get("softmax")(rng.normal(size=(5, 3)))
    labels = np.array([0, 2, 1, 1, 0])
    one_hot = np.eye(3)[labels]
    assert losses.get("sparse_categorical_crossentropy")(labels, p) == pytest.approx(
        losses.get("categorical_crossentropy")(one_hot, p), rel=1e-12
    )


def test_binary_crossentropy_known_value():
    bce = losses.get("binary_crossentropy")
    expected = -(math.log(0.8) + math.log(1 - 0.3)) / 2
    assert bce(np.array([[1.0], [0.0]]), np.array([[0.8], [0.3]])) == pytest.approx(expected)


def test_mean_squared_error_and_the_half_sum_form():
    y, p = np.array([[1.0, 2.0]]), np.array([[0.0, 4.0]])
    assert losses.get("mse")(y, p) == pytest.approx((1 + 4) / 2)
    half = losses.MeanSquaredError(half_sum=True)
    assert half(y, p) == pytest.approx(0.5 * (1 + 4))
    np.testing.assert_allclose(half.gradient(y, p), p - y)  # ∂(½(y − ŷ)²)/∂ŷ = ŷ − y for N = 1


def test_huber_is_quadratic_inside_delta_and_linear_outside():
    huber = losses.Huber(delta=1.0)
    assert huber(np.array([[0.0]]), np.array([[0.5]])) == pytest.approx(0.125)
    assert huber(np.array([[0.0]]), np.array([[3.0]])) == pytest.approx(3.0 - 0.5)


def test_fusion_applies_only_to_the_standard_activation():
    cce = losses.get("categorical_crossentropy")
    assert cce.fuses_with(activations.get("softmax"))
    assert not cce.fuses_with(activations.get("sigmoid"))
    assert not losses.get("bce").fuses_with(activations.Sigmoid(steepness=2.0))
    assert not losses.CategoricalCrossentropy(from_logits=True).fuses_with(activations.get("softmax"))


def test_sparse_labels_out_of_range_are_reported_with_the_layer():
    scce = losses.get("sparse_categorical_crossentropy")
    with pytest.raises(ValueError, match=r"labels in \[0, 10\) for the 10 output units of Dense\(units=10\) named 'out', got labels from 0 to 10"):
        scce.prepare_targets(np.array([0, 10]), (10,), "float32", "Dense(units=10) named 'out'")


def test_one_hot_width_must_match_the_output_units():
    cce = losses.get("categorical_crossentropy")
    with pytest.raises(ValueError, match=r"\(batch, 10\), got shape \(4, 3\)"):
        cce.prepare_targets(np.eye(3)[[0, 1, 2, 0]], (10,), "float32", "Dense(units=10) named 'out'")


def test_integer_labels_for_categorical_crossentropy_get_a_hint():
    cce = losses.get("categorical_crossentropy")
    with pytest.raises(ValueError, match="to_categorical"):
        cce.prepare_targets(np.array([0, 1, 2]), (3,), "float32", "the output layer")


@pytest.mark.parametrize("make, message", [
    (lambda: losses.Huber(delta=0), "Huber delta must be a number > 0, got 0"),
    (lambda: losses.Huber(delta=float("nan")), "Huber delta must be a number > 0, got nan"),
    (lambda: losses.BinaryCrossentropy(from_logits="yes"), "BinaryCrossentropy from_logits must be True or False, got 'yes'"),
    (lambda: losses.SparseCategoricalCrossentropy(from_logits=1),
     "SparseCategoricalCrossentropy from_logits must be True or False, got 1"),
    (lambda: losses.MeanSquaredError(half_sum=None), "MeanSquaredError half_sum must be True or False, got None"),
])
def test_bad_loss_arguments_are_refused_with_the_value(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_unknown_loss_lists_valid_names():
    with pytest.raises(ValueError, match=r"Unknown loss 'crossentropy'. Valid names: .*categorical_crossentropy"):
        losses.get("crossentropy")


# -- Keras's function-style losses ---------------------------------------------------------------
FUNCTIONS = {
    losses.mean_squared_error: losses.MeanSquaredError(),
    losses.mean_absolute_error: losses.MeanAbsoluteError(),
    losses.huber: losses.Huber(),
    losses.binary_crossentropy: losses.BinaryCrossentropy(),
    losses.categorical_crossentropy: losses.CategoricalCrossentropy(),
    losses.sparse_categorical_crossentropy: losses.SparseCategoricalCrossentropy(),
    losses.mean_absolute_percentage_error: losses.MeanAbsolutePercentageError(),
    losses.mean_squared_logarithmic_error: losses.MeanSquaredLogarithmicError(),
    losses.log_cosh: losses.LogCosh(),
    losses.cosine_similarity: losses.CosineSimilarity(),
    losses.hinge: losses.Hinge(),
    losses.squared_hinge: losses.SquaredHinge(),
    losses.categorical_hinge: losses.CategoricalHinge(),
    losses.kl_divergence: losses.KLDivergence(),
    losses.poisson: losses.Poisson(),
    losses.binary_focal_crossentropy: losses.BinaryFocalCrossentropy(),
    losses.categorical_focal_crossentropy: losses.CategoricalFocalCrossentropy(),
}


@pytest.mark.parametrize("function", FUNCTIONS, ids=lambda function: function.__name__)
def test_each_function_gives_the_per_example_loss_of_its_class(function, rng):
    loss = FUNCTIONS[function]
    y, p = example(loss, rng)
    values = function(y, p)
    assert values.shape == (len(p),)
    np.testing.assert_allclose(values, loss.per_sample(y, p))
    assert values.mean() == pytest.approx(loss(y, p))


def test_functions_take_lists_and_keras_known_values():
    # Keras's documented example: categorical cross-entropy of [0.05, 0.95, 0] and [0.1, 0.8, 0.1].
    values = losses.categorical_crossentropy([[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])
    np.testing.assert_allclose(values, [0.0513, 2.3026], atol=1e-4)
    assert losses.sparse_categorical_crossentropy([1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]) \
        == pytest.approx(values)


def test_functions_keep_float32_and_take_logits(rng):
    z = rng.normal(size=(5, 3)).astype(np.float32)
    labels = rng.integers(0, 3, size=5)
    from_logits = losses.sparse_categorical_crossentropy(labels, z, from_logits=True)
    assert from_logits.dtype == np.float32
    np.testing.assert_allclose(from_logits,
                               losses.sparse_categorical_crossentropy(labels, activations.softmax(z)),
                               rtol=1e-5)


@pytest.mark.parametrize("call, message", [
    (lambda: losses.mean_squared_error([[1.0, 2.0]], [[0.5, 1.5, 1.0]]),
     r"mean_squared_error y_true and y_pred must have the same shape, got shapes \(1, 2\) and "
     r"\(1, 3\)"),
    (lambda: losses.categorical_crossentropy([[0], [1]], [[0.5, 0.5], [0.2, 0.8]]),
     r"same shape, got shapes \(2, 1\) and \(2, 2\). Hint: one integer class label per example "
     r"is loss='sparse_categorical_crossentropy'"),
    (lambda: losses.sparse_categorical_crossentropy([3], [[0.5, 0.5]]),
     r"expects labels in \[0, 2\) for the 2 output units of y_pred, got labels from 3 to 3"),
    (lambda: losses.binary_crossentropy([[1.0]], [[float("nan")]]),
     "binary_crossentropy y_pred contains 1 NaN or infinite value"),
])
def test_functions_refuse_shapes_keras_refuses(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_functions_take_the_shapes_keras_takes():
    # One prediction per example as (N,) or (N, 1): Keras adds the trailing axis to the other.
    np.testing.assert_allclose(losses.mean_squared_error([4.0, 8.0, 12.0], [[3.0], [0.0], [1.0]]),
                               [1.0, 64.0, 121.0])
    # Rank 1 on both sides is one example of k outputs: the mean over the last axis.
    assert losses.mean_squared_error([1.0, 2.0], [0.5, 1.5]) == pytest.approx(0.25)


# -- the losses beyond the cross-entropies and the squared error ---------------------------------
def test_every_registered_loss_has_a_keras_function_of_its_name():
    for _, cls in LOSSES.items():
        function = getattr(losses, cls.registry_name)
        assert function in FUNCTIONS and type(FUNCTIONS[function]) is cls


@pytest.mark.parametrize("alias, cls", [
    ("mape", losses.MeanAbsolutePercentageError), ("msle", losses.MeanSquaredLogarithmicError),
    ("logcosh", losses.LogCosh), ("log_cosh", losses.LogCosh), ("kld", losses.KLDivergence),
    ("kl_divergence", losses.KLDivergence), ("kullback_leibler_divergence", losses.KLDivergence),
    ("poisson", losses.Poisson), ("hinge", losses.Hinge), ("squared_hinge", losses.SquaredHinge),
    ("categorical_hinge", losses.CategoricalHinge), ("cosine_similarity", losses.CosineSimilarity),
    ("binary_focal_crossentropy", losses.BinaryFocalCrossentropy),
    ("categorical_focal_crossentropy", losses.CategoricalFocalCrossentropy),
])
def test_keras_string_aliases_name_the_new_losses(alias, cls):
    assert type(losses.get(alias)) is cls


def test_worked_values_of_the_regression_losses():
    y, p = np.array([[2.0, 4.0], [0.0, 1.0]]), np.array([[1.0, 5.0], [1.0, 1.0]])
    # MAPE: 100·(|2−1|/2 + |4−5|/4)/2 = 37.5; a zero target divides by ε = 1e-7.
    np.testing.assert_allclose(losses.mean_absolute_percentage_error(y, p), [37.5, 100 / 2e-7])
    # MSLE: ((ln 2 − ln 3)² + (ln 6 − ln 5)²)/2, and ((ln 2 − ln(1 + 1e-7))² + 0)/2.
    expected = [((math.log(2) - math.log(3)) ** 2 + (math.log(6) - math.log(5)) ** 2) / 2,
                (math.log(2) - math.log1p(1e-7)) ** 2 / 2]
    np.testing.assert_allclose(losses.mean_squared_logarithmic_error(y, p), expected, rtol=1e-12)
    # log cosh: (ln cosh 1 + ln cosh 1)/2 and (ln cosh 1 + 0)/2.
    np.testing.assert_allclose(losses.log_cosh(y, p),
                               [math.log(math.cosh(1)), math.log(math.cosh(1)) / 2], rtol=1e-12)
    # cosine: −(2·1 + 4·5)/(√20 √26); a zero target is the zero vector, similarity 0.
    np.testing.assert_allclose(losses.cosine_similarity(y, p),
                               [-22 / math.sqrt(20 * 26), -1 / math.sqrt(2)], rtol=1e-12)


def test_log_cosh_stays_finite_where_cosh_overflows():
    assert losses.log_cosh([[0.0]], [[1000.0]])[0] == pytest.approx(1000 - math.log(2))


def test_worked_values_of_the_hinge_losses():
    # 0/1 labels are read as −1/1: margins max(1 − (−1)(0.5), 0) = 1.5 and max(1 − 0.5, 0) = 0.5.
    y, p = np.array([[0.0, 1.0]]), np.array([[0.5, 0.5]])
    assert losses.hinge(y, p)[0] == pytest.approx(1.0)
    assert losses.hinge(2 * y - 1, p)[0] == pytest.approx(1.0)
    assert losses.squared_hinge(y, p)[0] == pytest.approx((1.5**2 + 0.5**2) / 2)
    # pos = 0.3, neg = max(0.6, 0, 0.1) = 0.6: max(0.6 − 0.3 + 1, 0) = 1.3; a wide margin costs 0.
    assert losses.categorical_hinge([[0, 1, 0]], [[0.6, 0.3, 0.1]])[0] == pytest.approx(1.3)
    assert losses.categorical_hinge([[0, 1, 0]], [[0.0, 2.0, 0.5]])[0] == 0.0


def test_worked_values_of_kl_divergence_and_poisson():
    # KL: 0.5 ln(0.5/0.25) + 0.5 ln(0.5/0.75); a zero target is ε ln(ε/ŷ), as Keras clips it.
    kld = losses.kl_divergence([[0.5, 0.5], [1.0, 0.0]], [[0.25, 0.75], [0.5, 0.5]])
    np.testing.assert_allclose(kld, [0.5 * math.log(2) + 0.5 * math.log(2 / 3),
                                     math.log(2) + 1e-7 * math.log(1e-7 / 0.5)], rtol=1e-6)
    # Poisson: ((1 − 1·ln(1 + ε)) + (1 − 2 ln(1 + ε)))/2 ≈ 1; then 2 − 3 ln(2 + ε).
    # (float64 arrays: lists are computed in float32, as Keras computes them.)
    poisson = losses.poisson(np.array([[1.0, 2.0], [3.0, 3.0]]), np.array([[1.0, 1.0], [2.0, 2.0]]))
    np.testing.assert_allclose(poisson, [1 - 1.5 * math.log1p(1e-7), 2 - 3 * math.log(2 + 1e-7)],
                               rtol=1e-9)


def test_worked_values_of_the_focal_losses():
    # Keras's documented numbers: [0.330, 0.206] binary, [2.634e-4, 0.6759] categorical.
    binary = losses.binary_focal_crossentropy([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]], gamma=2.0)
    np.testing.assert_allclose(binary, [0.330, 0.206], atol=1e-3)
    # By hand: each entry is (1 − pₜ)² · (−ln pₜ), pₜ = 0.4 for the first row's both entries.
    assert binary[0] == pytest.approx(0.6**2 * -math.log(0.4))
    categorical = losses.categorical_focal_crossentropy(
        [[0, 1, 0], [0, 0, 1]], [[0.05, 0.9, 0.05], [0.1, 0.85, 0.05]])
    np.testing.assert_allclose(categorical, [0.25 * 0.1**2 * -math.log(0.9),
                                             0.25 * 0.95**2 * -math.log(0.05)], rtol=1e-6)
    np.testing.assert_allclose(categorical, [2.63401289e-04, 6.75912094e-01], rtol=1e-6)


def test_focal_losses_without_focus_are_the_cross_entropies(rng):
    z = rng.normal(size=(5, 3))
    y = np.eye(3)[rng.integers(0, 3, 5)]
    np.testing.assert_allclose(
        losses.binary_focal_crossentropy(y, z, gamma=0.0, from_logits=True),
        losses.binary_crossentropy(y, activations.sigmoid(z)), rtol=1e-9)
    np.testing.assert_allclose(
        losses.categorical_focal_crossentropy(y, z, alpha=1.0, gamma=0.0, from_logits=True),
        losses.categorical_crossentropy(y, activations.softmax(z)), rtol=1e-9)


def _fit_targets(name, y):
    """The targets ``y`` checked as fit checks them for the loss ``name``."""
    y = np.asarray(y, dtype=float)
    return losses.get(name).prepare_targets(y, y.shape[1:], "float64", "the output layer")


# fit checks what the targets of these losses mean; the losses themselves, as Keras's,
# compute whatever they are given.
@pytest.mark.parametrize("call, message", [
    (lambda: _fit_targets("hinge", [[0.0, 2.0]]),
     r"hinge y must hold labels -1/1 or 0/1 \(0/1 are read as -1/1\), got 2"),
    (lambda: _fit_targets("squared_hinge", [[-1.0, 0.0, 1.0]]),
     r"squared_hinge y must hold labels -1/1 or 0/1 .*got -1, 0 and 1 together"),
    (lambda: _fit_targets("kl_divergence", [[1.5, -0.5]]),
     r"kl_divergence y must hold values in \[0, 1\], got values from -0.5 to 1.5"),
    (lambda: _fit_targets("poisson", [[-1.0]]),
     r"poisson y must hold values in \[0, inf\], got values from -1 to -1"),
    (lambda: _fit_targets("mean_squared_logarithmic_error", [[-2.0]]),
     r"mean_squared_logarithmic_error y must hold values in \[0, inf\]"),
    (lambda: _fit_targets("categorical_focal_crossentropy", [[1.0, 1.0]]),
     r"categorical_focal_crossentropy y must hold rows that sum to 1"),
    (lambda: _fit_targets("binary_focal_crossentropy", [[2.0]]),
     r"binary_focal_crossentropy y must hold values in \[0, 1\]"),
])
def test_new_losses_check_their_targets(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize("make, message", [
    (lambda: losses.BinaryFocalCrossentropy(alpha=1.5), r"BinaryFocalCrossentropy alpha must be a number in \[0, 1\], got 1.5"),
    (lambda: losses.BinaryFocalCrossentropy(gamma=-1), r"BinaryFocalCrossentropy gamma must be a number >= 0, got -1"),
    (lambda: losses.CategoricalFocalCrossentropy(label_smoothing=2), r"label_smoothing must be a number in \[0, 1\], got 2"),
    (lambda: losses.CosineSimilarity(axis=0), "CosineSimilarity axis must not be 0, the batch axis"),
    (lambda: losses.CosineSimilarity(axis=1.5), "CosineSimilarity axis must be"),
])
def test_new_loss_arguments_are_checked(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_a_model_learns_with_a_hinge_loss_on_zero_one_labels(rng):
    import lucidnet as ln
    x = rng.normal(size=(200, 2))
    y = (x[:, 0] + x[:, 1] > 0).astype(float)
    model = ln.Sequential([ln.Input((2,)), ln.Dense(1, activation="tanh")], seed=0)
    model.compile(optimizer=ln.optimizers.SGD(0.1), loss="hinge")
    model.fit(x, y, epochs=20, batch_size=20, verbose=0)
    assert ((model.predict(x, verbose=0)[:, 0] > 0) == (y == 1)).mean() > 0.95


KERAS_CASES = [
    ("mean_absolute_percentage_error", {}), ("mean_squared_logarithmic_error", {}),
    ("log_cosh", {}), ("cosine_similarity", {}), ("hinge", {}), ("squared_hinge", {}),
    ("categorical_hinge", {}), ("kl_divergence", {}), ("poisson", {}),
    ("binary_focal_crossentropy", {}),
    ("binary_focal_crossentropy", {"apply_class_balancing": True, "alpha": 0.4, "gamma": 1.5,
                                   "label_smoothing": 0.1}),
    ("binary_focal_crossentropy", {"from_logits": True}),
    ("categorical_focal_crossentropy", {}),
    ("categorical_focal_crossentropy", {"alpha": 0.5, "gamma": 3.0, "label_smoothing": 0.2,
                                        "from_logits": True}),
    ("binary_crossentropy", {"label_smoothing": 0.1}),
    ("binary_crossentropy", {"from_logits": True, "label_smoothing": 0.3, "reduction": "sum"}),
    ("categorical_crossentropy", {"label_smoothing": 0.2}),
    ("categorical_crossentropy", {"from_logits": True, "label_smoothing": 0.2,
                                  "reduction": "mean_with_sample_weight"}),
    ("sparse_categorical_crossentropy", {"ignore_class": 1}),
    ("sparse_categorical_crossentropy", {"from_logits": True, "ignore_class": 2,
                                         "reduction": "sum"}),
    ("mean_squared_error", {"reduction": "sum"}),
    ("huber", {"delta": 0.5, "reduction": "mean_with_sample_weight"}),
]


@pytest.mark.parametrize("name, options", KERAS_CASES, ids=lambda case: str(case))
def test_values_and_gradients_equal_keras(name, options, rng):
    os.environ.setdefault("KERAS_BACKEND", "torch")
    keras = pytest.importorskip("keras")
    torch = pytest.importorskip("torch")
    ours = LOSSES.lookup(name)(**options)
    y, p = example(ours, rng)
    if name in ("hinge", "squared_hinge"):
        y = (y > 0) * 1.0  # 0/1 labels, which both convert to −1/1
    if name == "categorical_crossentropy" and not ours.from_logits:
        p = p * rng.uniform(0.5, 1.5, size=(len(p), 1))  # rows Keras divides by their sum
    y, p = y.astype(np.int64 if ours.sparse_targets else np.float32), p.astype(np.float32)
    weights = rng.uniform(0.5, 2.0, size=len(p)).astype(np.float32)
    keras_class = getattr(keras.losses, type(ours).__name__)
    predictions = torch.tensor(p, requires_grad=True)
    value = keras_class(**options)(torch.tensor(y), predictions, sample_weight=torch.tensor(weights))
    value.backward()
    assert ours(y, p, weights) == pytest.approx(value.item(), rel=1e-6)
    np.testing.assert_allclose(ours.gradient(y, p, weights), predictions.grad.numpy(),
                               rtol=1e-5, atol=1e-7)


# -- Keras's options in training: the gradient follows the value ---------------------------------
def _training_case(name, rng, n=12, k=3):
    """(loss, output activation, x, y, sample weights) for a small model trained with ``name``."""
    x = rng.normal(size=(n, 4))
    labels = rng.integers(0, k, size=n)
    one_hot = np.eye(k)[labels]
    cases = {
        "bce(smoothed)": (losses.BinaryCrossentropy(label_smoothing=0.1), "sigmoid",
                          (rng.random((n, k)) > 0.5) * 1.0),
        "cce(smoothed, sum)": (losses.CategoricalCrossentropy(label_smoothing=0.2, reduction="sum"),
                               "softmax", one_hot),
        "cce(logits, smoothed)": (losses.CategoricalCrossentropy(from_logits=True,
                                                                 label_smoothing=0.2), None, one_hot),
        "scce(ignore_class=0)": (losses.SparseCategoricalCrossentropy(ignore_class=0), "softmax",
                                 labels),
        "scce(logits, mean_with_sample_weight)": (
            losses.SparseCategoricalCrossentropy(from_logits=True,
                                                 reduction="mean_with_sample_weight"), None, labels),
        "mse(sum)": (losses.MeanSquaredError(reduction="sum"), None, rng.normal(size=(n, k))),
    }
    loss, activation, y = cases[name]
    return loss, activation, x, y, rng.uniform(0.5, 2.0, size=n)


TRAINING_CASES = ["bce(smoothed)", "cce(smoothed, sum)", "cce(logits, smoothed)",
                  "scce(ignore_class=0)", "scce(logits, mean_with_sample_weight)", "mse(sum)"]


def _model(activation, k=3, dtype=None):
    import lucidnet as ln
    return ln.Sequential([ln.Input((4,)), ln.Dense(5, activation="tanh"),
                          ln.Dense(k, activation=activation)], seed=0, dtype=dtype)


@pytest.mark.parametrize("name", TRAINING_CASES)
def test_backpropagation_follows_the_loss_options(name, rng):
    """∂C/∂θ by backpropagation (BP1 from the loss's gradient or fused δᴸ) equals finite
    differences of the loss as configured."""
    from lucidnet.utils import gradcheck
    loss, activation, x, y, weights = _training_case(name, rng)
    model = _model(activation)
    model.compile(optimizer="sgd", loss=loss)
    report = gradcheck(model, x, y, sample_weight=weights)
    assert max(report.errors.values()) < 1e-6, report.errors


@pytest.mark.parametrize("name", TRAINING_CASES)
def test_fit_logs_the_value_of_the_loss_object_on_the_batch(name, rng):
    loss, activation, x, y, weights = _training_case(name, rng)
    model = _model(activation)
    model.compile(optimizer="sgd", loss=loss)
    expected = float(loss(y, model.predict(x, verbose=0), sample_weight=weights))
    history = model.fit(x, y, sample_weight=weights, batch_size=len(x), epochs=1, shuffle=False,
                        verbose=0)
    assert history.history["loss"][0] == pytest.approx(expected, rel=1e-5)


def test_a_loss_without_reduction_cannot_train():
    model = _model(None)
    with pytest.raises(ValueError, match="reduction=None gives one loss per example"):
        model.compile(optimizer="sgd", loss=losses.MeanSquaredError(reduction=None))
