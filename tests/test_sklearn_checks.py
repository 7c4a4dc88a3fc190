"""scikit-learn's own estimator checks, run on every estimator of ``lucidnet.sklearn``.

Each network estimator is checked with its defaults and once more with the optional parts
switched on (two hidden layers, dropout, an L2 penalty, early stopping, another optimizer
and cost), and once with a network of its own from ``model=`` and a callback, so that those
code paths meet the same checks.
"""

import re

import pytest

pytest.importorskip("sklearn")

from sklearn.utils.estimator_checks import parametrize_with_checks  # noqa: E402

from lucidnet import Dense, Input, Sequential  # noqa: E402
from lucidnet.callbacks import EarlyStopping  # noqa: E402
from lucidnet.sklearn import (  # noqa: E402
    NeuralNetClassifier, NeuralNetEstimator, NeuralNetRegressor, Perceptron,
)

#: Why the networks fail scikit-learn's exact sample-weight check, the reason scikit-learn
#: itself declares for its mini-batch SGD estimators (SGDClassifier, SGDRegressor, Perceptron).
SAMPLE_WEIGHT_IS_NOT_REPETITION = (
    "mini-batch training: a weight of 2 doubles an example's share of one batch's gradient, "
    "while a repeated example lands in another batch and changes the number of steps, so "
    "the two fits agree in expectation only, not to 1e-7"
)


# Builders for model=, at module level so that the estimators pickle.
def small_classifier_network(n_features_in, n_outputs):
    output = "sigmoid" if n_outputs == 1 else "softmax"
    return Sequential([Input((n_features_in,)), Dense(16, "tanh"), Dense(n_outputs, output)])


def small_regressor_network(n_features_in, n_outputs):
    return Sequential([Dense(16, "tanh"), Dense(n_outputs)])     # built by the estimator


ESTIMATORS = [
    NeuralNetClassifier(),
    NeuralNetClassifier((16, 8), dropout=0.1, l2=1e-4, early_stopping=True,
                        optimizer="rmsprop", loss="mse"),
    NeuralNetClassifier(model=small_classifier_network, learning_rate=0.01,
                        callbacks=[EarlyStopping(monitor="loss", patience=3)]),
    NeuralNetRegressor(),
    NeuralNetRegressor((16, 8), activation="tanh", loss="huber", dropout=0.1,
                       early_stopping=True, optimizer="sgd", learning_rate=0.01),
    NeuralNetRegressor(model=small_regressor_network, learning_rate=0.01,
                       callbacks=[EarlyStopping(monitor="loss", patience=3)]),
    Perceptron(),
]


def expected_failed_checks(estimator):
    # scikit-learn 1.6 replaced the "_xfail_checks" tag by this declaration.
    if isinstance(estimator, NeuralNetEstimator):
        return {"check_sample_weight_equivalence_on_dense_data": SAMPLE_WEIGHT_IS_NOT_REPETITION}
    return {}


SCIKIT_LEARN_CHECKS = parametrize_with_checks(ESTIMATORS,
                                              expected_failed_checks=expected_failed_checks)


def stable_id(value) -> str:
    """scikit-learn's test id less the memory addresses in a function's or callback's repr,
    so that a test has the same id in every run (for -k, --lf and the like)."""
    return re.sub(r"at0x[0-9a-f]+", "", SCIKIT_LEARN_CHECKS.kwargs["ids"](value))


@pytest.mark.parametrize(*SCIKIT_LEARN_CHECKS.args, ids=stable_id)
def test_estimator_passes_scikit_learn_checks(estimator, check):
    check(estimator)
