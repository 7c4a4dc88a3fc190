"""Rosenblatt's perceptron: the learning rule, the convergence theorem, XOR, one-vs-rest."""

import doctest

import numpy as np
import pytest

import lucidnet
from lucidnet import perceptron as perceptron_module
from lucidnet.datasets import digits
from lucidnet.errors import NotReadyError
from lucidnet.perceptron import Perceptron

GATE_INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
# gate: (targets, a separating line (w1, w2, b) known in advance)
SEPARABLE_GATES = {
    "AND": (np.array([0, 0, 0, 1]), (1.0, 1.0, -1.5)),
    "OR": (np.array([0, 1, 1, 1]), (1.0, 1.0, -0.5)),
}
XOR = np.array([0, 1, 1, 0])


def novikoff_bound(x, y, separator):
    """(R/γ)²: R = max ‖(x, 1)‖, γ = the margin of the normalized separator (w*, b*)."""
    x_tilde = np.hstack([x, np.ones((len(x), 1))])
    u = np.asarray(separator, dtype=float) / np.linalg.norm(separator)
    signs = np.where(y == 1, 1.0, -1.0)
    gamma = np.min(signs * (x_tilde @ u))
    assert gamma > 0, "the reference separator must classify every example correctly"
    radius = np.max(np.linalg.norm(x_tilde, axis=1))
    return (radius / gamma) ** 2


def separable_points(rng, n=200, margin=0.3):
    """Points in [-3, 3]² labelled by the line x1 − 2·x2 + 0.5 = 0, none within ``margin``."""
    separator = np.array([1.0, -2.0, 0.5])
    x = rng.uniform(-3, 3, size=(3 * n, 2))
    distance = (x @ separator[:2] + separator[2]) / np.linalg.norm(separator)
    keep = np.abs(distance) > margin
    return x[keep][:n], (distance[keep][:n] > 0).astype(int), separator


def three_blobs(rng, n=30):
    centers = np.array([[0.0, 4.0], [-4.0, -3.0], [4.0, -3.0]])
    x = np.concatenate([c + rng.normal(scale=0.5, size=(n, 2)) for c in centers])
    return x, np.repeat(np.array(["cat", "dog", "fox"]), n)


def test_docstring_examples_hold():
    assert doctest.testmod(perceptron_module).failed == 0


# ------------------------------------------------------------------ the learning rule
def test_and_gate_follows_the_rule_by_hand():
    """Worked by hand from w = 0, b = 0, η = 1, the examples in order:
    epoch 1 errs only on (1,1); epochs 2-5 make 3, 3, 2, 1 mistakes; epoch 6 none."""
    p = Perceptron(learning_rate=1.0, shuffle=False).fit(GATE_INPUTS, [0, 0, 0, 1])
    assert p.history_ == [1, 3, 3, 2, 1, 0]
    np.testing.assert_array_equal(p.weights_, [2.0, 1.0])
    assert p.bias_ == -2.0
    assert p.n_updates_ == 10
    assert p.converged_ and p.n_epochs_ == p.n_iter_ == 6


def test_first_update_adds_the_misclassified_example():
    p = Perceptron(max_epochs=1, shuffle=False).fit(GATE_INPUTS, [0, 0, 0, 1])
    # Only (1, 1) was wrong (ŷ = 0 for y = 1): w ← 0 + 1·(1 − 0)·(1, 1), b ← 0 + 1.
    np.testing.assert_array_equal(p.weights_, [1.0, 1.0])
    assert p.bias_ == 1.0
    assert p.history == [1] and not p.converged_


def test_weights_start_at_zero_so_the_learning_rate_only_scales_them():
    small = Perceptron(learning_rate=0.1, shuffle=False).fit(GATE_INPUTS, [0, 0, 0, 1])
    unit = Perceptron(learning_rate=1.0, shuffle=False).fit(GATE_INPUTS, [0, 0, 0, 1])
    assert small.history_ == unit.history_
    np.testing.assert_allclose(small.coef_, 0.1 * unit.coef_)
    np.testing.assert_allclose(small.intercept_, 0.1 * unit.intercept_)


def test_zero_weighted_sum_is_the_negative_class_as_the_step_says():
    p = Perceptron(shuffle=False).fit(GATE_INPUTS, [0, 0, 0, 1])   # w = (2, 1), b = −2
    assert p.decision_function(np.array([[1, 0]]))[0] == 0.0
    assert p.predict(np.array([[1, 0]]))[0] == 0
    assert lucidnet.activations.get("step")(np.array([0.0]))[0] == 0.0


# ------------------------------------------------------------------ convergence theorem
@pytest.mark.parametrize("gate", sorted(SEPARABLE_GATES))
def test_logic_gate_is_learned_within_the_convergence_bound(gate):
    y, separator = SEPARABLE_GATES[gate]
    p = Perceptron(shuffle=False).fit(GATE_INPUTS, y)
    assert p.converged_
    assert p.score(GATE_INPUTS, y) == 1.0
    assert p.n_updates_ <= novikoff_bound(GATE_INPUTS, y, separator)


@pytest.mark.parametrize("learning_rate, shuffle, seed",
                         [(1.0, False, None), (1.0, True, 0), (0.01, True, 1), (5.0, True, 2)])
def test_separable_set_is_learned_within_the_convergence_bound(rng, learning_rate, shuffle, seed):
    x, y, separator = separable_points(rng)
    p = Perceptron(learning_rate=learning_rate, max_epochs=1000, shuffle=shuffle,
                   seed=seed).fit(x, y)
    bound = novikoff_bound(x, y, separator)
    assert p.converged_ and p.history_[-1] == 0
    assert 0 < p.n_updates_ <= bound
    assert sum(p.history_) == p.n_updates_        # one neuron: every error is one update
    assert p.score(x, y) == 1.0


def test_converged_is_false_when_epochs_run_out_first():
    p = Perceptron(max_epochs=3, shuffle=False).fit(GATE_INPUTS, [0, 0, 0, 1])
    assert p.history_ == [1, 3, 3]
    assert not p.converged_ and p.n_epochs_ == 3


# ------------------------------------------------------------------ XOR
def test_xor_is_never_learned():
    p = Perceptron(max_epochs=100, seed=0).fit(GATE_INPUTS, XOR)
    assert not p.converged_
    assert p.n_epochs_ == 100 and min(p.history_) >= 1
    assert p.score(GATE_INPUTS, XOR) < 1.0


# ------------------------------------------------------------------ labels
@pytest.mark.parametrize("labels", [(0, 1), (-1, 1), ("no", "yes"), (False, True), (3.5, 7.0)],
                         ids=["0/1", "-1/+1", "strings", "bools", "floats"])
def test_predictions_come_back_in_the_original_labels(labels):
    y = np.array([labels[t] for t in [0, 0, 0, 1]])
    p = Perceptron(shuffle=False).fit(GATE_INPUTS, y)
    predictions = p.predict(GATE_INPUTS)
    np.testing.assert_array_equal(predictions, y)
    assert predictions.dtype == y.dtype
    assert list(p.classes_) == sorted(labels)


def test_second_sorted_label_is_the_class_that_fires():
    y = np.array(["yes", "yes", "yes", "no"])          # NAND, with "yes" sorted last
    p = Perceptron(shuffle=False).fit(GATE_INPUTS, y)
    z = p.decision_function(GATE_INPUTS)
    np.testing.assert_array_equal(p.predict(GATE_INPUTS), np.where(z > 0, "yes", "no"))


def test_column_of_labels_is_accepted():
    p = Perceptron(shuffle=False).fit(GATE_INPUTS, np.array([[0], [1], [1], [1]]))
    assert p.converged_ and p.predict(GATE_INPUTS).shape == (4,)


# ------------------------------------------------------------------ one-vs-rest
def test_three_classes_get_one_neuron_each_and_are_separated(rng):
    x, y = three_blobs(rng)
    p = Perceptron(seed=0).fit(x, y)
    assert p.coef_.shape == (3, 2) and p.intercept_.shape == (3,)
    assert p.weights_.shape == (3, 2) and p.bias_.shape == (3,)
    assert p.decision_function(x).shape == (len(x), 3)
    assert p.converged_
    assert p.score(x, y) == 1.0


def test_one_vs_rest_predicts_the_largest_weighted_sum_even_when_no_neuron_fires(rng):
    x, y = three_blobs(rng)
    p = Perceptron(seed=0).fit(x, y)
    probes = rng.uniform(-8, 8, size=(400, 2))
    z = p.decision_function(probes)
    np.testing.assert_array_equal(p.predict(probes), p.classes_[np.argmax(z, axis=1)])
    firing = (z > 0).sum(axis=1)
    assert np.any(firing != 1)     # the probes do include ties of the step outputs


def test_one_vs_rest_history_counts_examples_any_neuron_got_wrong(rng):
    x, y = three_blobs(rng)
    p = Perceptron(shuffle=False).fit(x, y)
    assert sum(p.history_) <= p.n_updates_ <= 3 * sum(p.history_)


def test_one_vs_rest_perceptron_reads_digits():
    (x_train, y_train), (x_test, y_test) = digits.load_data()
    x_train = x_train.reshape(len(x_train), -1) / digits.MAX_PIXEL
    x_test = x_test.reshape(len(x_test), -1) / digits.MAX_PIXEL
    p = Perceptron(max_epochs=10, seed=0).fit(x_train, y_train)
    assert p.coef_.shape == (10, 64)
    assert p.score(x_test, y_test) >= 0.93


# ------------------------------------------------------------------ randomness
def test_same_seed_gives_the_same_training(rng):
    x, y, _ = separable_points(rng)
    first = Perceptron(seed=7).fit(x, y)
    second = Perceptron(seed=7).fit(x, y)
    assert first.history_ == second.history_
    np.testing.assert_array_equal(first.coef_, second.coef_)


def test_shuffling_changes_the_order_of_updates(rng):
    x, y, _ = separable_points(rng)
    runs = {tuple(Perceptron(seed=seed).fit(x, y).history_) for seed in range(4)}
    assert len(runs) > 1


def test_without_shuffle_the_seed_does_not_matter(rng):
    x, y, _ = separable_points(rng)
    a = Perceptron(shuffle=False, seed=1).fit(x, y)
    b = Perceptron(shuffle=False, seed=2).fit(x, y)
    np.testing.assert_array_equal(a.coef_, b.coef_)


def test_unseeded_shuffling_follows_the_global_seed(rng):
    x, y, _ = separable_points(rng)
    lucidnet.set_random_seed(5)
    first = Perceptron().fit(x, y).history_
    lucidnet.set_random_seed(5)
    assert Perceptron().fit(x, y).history_ == first


def test_refitting_starts_again_from_zero():
    p = Perceptron(shuffle=False).fit(GATE_INPUTS, [0, 0, 0, 1])
    p.fit(GATE_INPUTS, [0, 1, 1, 1])
    fresh = Perceptron(shuffle=False).fit(GATE_INPUTS, [0, 1, 1, 1])
    assert p.history_ == fresh.history_
    np.testing.assert_array_equal(p.coef_, fresh.coef_)


# ------------------------------------------------------------------ scikit-learn conventions
def test_constructor_stores_arguments_as_given_and_checks_nothing():
    p = Perceptron(learning_rate=-1, max_epochs="many", shuffle="yes", seed=-3)
    assert p.get_params() == {"learning_rate": -1, "max_epochs": "many", "shuffle": "yes",
                              "seed": -3}


def test_get_params_rebuilds_an_equal_unfitted_copy():
    p = Perceptron(learning_rate=0.5, max_epochs=7, shuffle=False, seed=4)
    copy = Perceptron(**p.get_params(deep=True))
    assert copy.get_params() == p.get_params()
    assert repr(copy) == "Perceptron(learning_rate=0.5, max_epochs=7, shuffle=False, seed=4)"


def test_set_params_changes_the_next_fit_and_returns_self():
    p = Perceptron()
    assert p.set_params(max_epochs=2, shuffle=False) is p
    p.fit(GATE_INPUTS, XOR)
    assert p.n_epochs_ == 2


def test_set_params_rejects_an_unknown_name():
    with pytest.raises(ValueError, match=r"Invalid parameter 'epochs' for Perceptron.*max_epochs"):
        Perceptron().set_params(epochs=3)


def test_fit_returns_self_and_sets_the_fitted_attributes():
    p = Perceptron(shuffle=False)
    assert p.fit(GATE_INPUTS, [0, 0, 0, 1]) is p
    assert p.n_features_in_ == 2
    assert p.coef_.shape == (1, 2) and p.intercept_.shape == (1,)
    assert p.history is p.history_


def test_score_is_the_accuracy_and_takes_sample_weights():
    p = Perceptron(max_epochs=20, shuffle=False).fit(GATE_INPUTS, XOR)
    correct = p.predict(GATE_INPUTS) == XOR
    assert p.score(GATE_INPUTS, XOR) == correct.mean()
    weights = np.array([1.0, 2.0, 3.0, 4.0])
    assert p.score(GATE_INPUTS, XOR, sample_weight=weights) == pytest.approx(
        weights[correct].sum() / weights.sum())


# ------------------------------------------------------------------ errors
def test_predict_before_fit_names_fit():
    with pytest.raises(NotReadyError, match=r"not fitted yet: call fit\(x, y\) before predict"):
        Perceptron().predict(GATE_INPUTS)


def test_fitted_attributes_before_fit_are_attribute_errors_naming_fit():
    p = Perceptron()
    with pytest.raises(AttributeError, match=r"no history_.*fit\(x, y\)"):
        _ = p.history
    assert not hasattr(p, "weights_") and not hasattr(p, "coef_")


def test_wrong_feature_count_is_reported():
    p = Perceptron(shuffle=False).fit(GATE_INPUTS, [0, 0, 0, 1])
    with pytest.raises(ValueError, match=r"fitted on x with 2 features, but predict\(\) got x "
                                         r"with 3 features \(shape \(1, 3\)\)"):
        p.predict(np.ones((1, 3)))


def test_nan_in_x_is_located():
    x = GATE_INPUTS.astype(float)
    x[2, 1] = np.nan
    with pytest.raises(ValueError, match=r"x contains 1 NaN.*index \(2, 1\)"):
        Perceptron().fit(x, [0, 0, 0, 1])


def test_nan_label_is_located():
    with pytest.raises(ValueError, match=r"y contains NaN.*index 1"):
        Perceptron().fit(GATE_INPUTS, [0.0, np.nan, 0.0, 1.0])


def test_a_single_class_is_refused():
    with pytest.raises(ValueError, match=r"at least two classes, got only the label 1"):
        Perceptron().fit(GATE_INPUTS, [1, 1, 1, 1])


def test_one_dimensional_x_gets_a_reshape_hint():
    with pytest.raises(ValueError, match=r"shape \(4,\)\. Hint: .*reshape\(-1, 1\)"):
        Perceptron().fit(np.arange(4.0), [0, 0, 1, 1])


def test_lengths_of_x_and_y_must_agree():
    with pytest.raises(ValueError, match="same number of examples, got 4 and 3"):
        Perceptron().fit(GATE_INPUTS, [0, 1, 1])


@pytest.mark.parametrize("params, message", [
    ({"learning_rate": 0}, r"Perceptron learning_rate must be a number > 0, got 0"),
    ({"learning_rate": float("nan")}, r"Perceptron learning_rate must be a number > 0, got nan"),
    ({"learning_rate": True}, r"Perceptron learning_rate must be a number > 0, got True"),
    ({"max_epochs": 0}, r"max_epochs must be a positive integer, got 0"),
    ({"max_epochs": 2.5}, r"max_epochs must be a positive integer, got 2.5"),
    ({"shuffle": "yes"}, r"shuffle must be True or False, got 'yes'"),
    ({"seed": -1}, r"seed must be None or a non-negative integer, got -1"),
    ({"seed": 1.0}, r"seed must be None or a non-negative integer, got 1.0"),
], ids=lambda value: str(value)[:30])
def test_bad_parameters_are_reported_by_fit(params, message):
    p = Perceptron(**params)          # accepted here, as scikit-learn's constructors do
    with pytest.raises(ValueError, match=message):
        p.fit(GATE_INPUTS, [0, 0, 0, 1])
