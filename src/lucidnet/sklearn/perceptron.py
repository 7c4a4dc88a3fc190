"""Rosenblatt's perceptron with scikit-learn's input conventions.

[`lucidnet.Perceptron`][lucidnet.perceptron.Perceptron] already has scikit-learn's method names,
but it checks its input
in lucidnet's words and needs no scikit-learn.  This subclass adds what scikit-learn's tools
rely on: its input validation (pandas column names, sparse-input errors, the messages its
checks expect), its tags, and `random_state` in place of `seed`.  The learning rule is the
parent's, unchanged.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import validate_data

from .. import perceptron
from .checks import not_fitted, reject_sparse, seed_from


class Perceptron(ClassifierMixin, BaseEstimator, perceptron.Perceptron):
    """Rosenblatt's perceptron as a scikit-learn classifier (see
    [`lucidnet.Perceptron`][lucidnet.perceptron.Perceptron]).

    Parameters
    ----------
    learning_rate : float, optional
        η > 0, the size of each correction.
    max_epochs : int, optional
        The most passes over the training set.
    shuffle : bool, optional
        Visit the examples in a new random order every epoch.
    random_state : int, numpy.random.RandomState, numpy.random.Generator or None
        An int fixes the shuffling order; None draws it from lucidnet's global
        generator; a NumPy `RandomState` or `Generator` gives a new order at each fit.

    Attributes
    ----------
    feature_names_in_ : numpy.ndarray of str
        The column names of `X`, when it has them.

    Notes
    -----
    The fitted attributes are those of [`lucidnet.Perceptron`][lucidnet.perceptron.Perceptron]
    (`coef_`, `intercept_`, `classes_`, `history_`, `converged_`, `n_iter_`, ...).

    Examples
    --------
    >>> p = Perceptron(random_state=0).fit([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 1])  # OR
    >>> p.predict([[0, 0], [1, 1]]), p.converged_
    (array([0, 1]), True)
    """

    def __init__(self, learning_rate=1.0, max_epochs=100, shuffle=True, random_state=None):
        self.learning_rate = learning_rate
        self.max_epochs = max_epochs
        self.shuffle = shuffle
        self.random_state = random_state

    def _shuffle_seed(self):
        return seed_from(self.random_state, type(self).__name__)

    def fit(self, X, y):
        """Learn w and b from `X` (n_samples, n_features) and labels `y`; returns `self`."""
        reject_sparse(self, X)
        X, y = validate_data(self, X, y, dtype=np.float64)
        check_classification_targets(y)
        return super().fit(X, y)

    def decision_function(self, X) -> np.ndarray:
        """z = w·x + b: shape (n_samples,) for two classes, (n_samples, n_classes) otherwise."""
        return super().decision_function(self._checked_input(X, "decision_function"))

    def predict(self, X) -> np.ndarray:
        """The class of each row: the step of z for two classes, the largest z otherwise."""
        return super().predict(self._checked_input(X, "predict"))

    def _checked_input(self, X, method: str) -> np.ndarray:
        self._check_fitted(method)
        reject_sparse(self, X)
        return validate_data(self, X, reset=False, dtype=np.float64)

    def _check_fitted(self, method: str) -> None:
        if not self.__sklearn_is_fitted__():
            raise not_fitted(self, method)

    def __sklearn_is_fitted__(self) -> bool:
        return "coef_" in self.__dict__


__all__ = ["Perceptron"]
