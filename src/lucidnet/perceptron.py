"""Rosenblatt's perceptron: one threshold neuron and the learning rule that trains it.

The neuron computes a weighted sum of its inputs and fires when that sum is positive (σ is
`activations.get("step")`):

```formula
z = w·x + b,    ŷ = σ(z) = 1 if z > 0 else 0
```

and learns one example at a time, changing its weights only when it is wrong:

```formula
w ← w + η (y − ŷ) x,    b ← b + η (y − ŷ)
```

Because y − ŷ is 0 for a correct answer and ±1 for a wrong one, a mistake on a positive
example adds ηx to w and a mistake on a negative example subtracts it: the boundary
w·x + b = 0 is pushed toward the side the example belongs to.  No gradient is involved;
the step has none to give (see [`lucidnet.activations.Step`][lucidnet.activations.Step]).
"""

from __future__ import annotations

import inspect

import numpy as np

from . import activations
from .config import make_generator
from .errors import NotReadyError
from .validation import (
    as_float_array,
    boolean,
    choice_or,
    non_negative_int,
    positive_int,
    positive_number,
    same_length,
)


class Perceptron:
    """Rosenblatt's perceptron (1958): a step-threshold neuron trained by his mistake rule.

    For an example x with target y ∈ {0, 1}:

    ```formula
    z = w·x + b,    ŷ = 1 if z > 0 else 0
    w ← w + η (y − ŷ) x,    b ← b + η (y − ŷ)
    ```

    The examples are visited one at a time, in order or reshuffled every epoch, and
    training stops after the first epoch in which no example was misclassified: from then
    on the weights no longer change.  The weights and the bias start at zero, as in the
    classic algorithm.  With zero starting weights η only scales w and b (every update is
    η times ±x), so the sequence of mistakes and the predictions do not depend on η.

    Convergence theorem (Novikoff, 1962).  Append the constant input 1 to every example,
    x̃ = (x, 1), so that b is one more weight.  If some unit vector u classifies every
    example correctly with margin γ > 0 (u·x̃ ≥ γ for class 1, ≤ −γ for class 0) and
    R = max ‖x̃‖, the rule makes at most (R/γ)² updates, whatever η and whatever the order
    of the examples.  Any separating hyperplane gives a valid γ (normalize (w*, b*) to
    length 1 first); the widest-margin one gives the tightest bound.  `n_updates_`
    counts the updates, so the bound can be checked.

    When no separating hyperplane exists the rule never settles.  XOR is the classic case:
    no line puts (0, 1) and (1, 0) on one side and (0, 0) and (1, 1) on the other
    (Minsky & Papert, 1969), so every epoch has at least one error and `converged_`
    stays False.  A hidden layer fixes it; this 2-4-1 network, trained by backpropagation,
    classifies all four points:

    ```python
    model = lucidnet.Sequential([lucidnet.layers.Input((2,)),
                                 lucidnet.layers.Dense(4, activation="tanh"),
                                 lucidnet.layers.Dense(1, activation="sigmoid")], seed=3)
    model.compile(optimizer=lucidnet.optimizers.Adam(0.05), loss="binary_crossentropy")
    model.fit(x, y, epochs=500, batch_size=4, verbose=0)
    ```

    More than two classes are handled one-vs-rest: one neuron per class, each trained by
    the same rule to answer "this class or not?".  The step outputs cannot pick a class on
    their own (several neurons may fire, or none), so
    [`predict`][lucidnet.perceptron.Perceptron.predict] takes the class whose
    weighted sum z is largest, the neuron most confidently on its positive side.

    Parameters
    ----------
    learning_rate : float, optional
        η > 0, the size of each correction.
    max_epochs : int, optional
        The most passes over the training set.
    shuffle : bool, optional
        Whether to visit the examples in a new random order every epoch; `False`
        visits them in the given order, as in the hand-worked examples of the textbooks.
    seed : int or None
        Seeds the shuffling generator (`numpy.random.Generator`); with `None` it is
        drawn from the global generator that
        [`lucidnet.set_random_seed`][lucidnet.utils.set_random_seed] resets.

    Attributes
    ----------
    classes_ : numpy.ndarray
        The sorted distinct labels; `predict` returns values from it.
    coef_ : numpy.ndarray
        Weights, shape (1, n_features) for two classes, (n_classes, n_features) otherwise.
    intercept_ : numpy.ndarray
        Biases, shape (1,) or (n_classes,).
    weights_ : numpy.ndarray
        The textbook w: for two classes a vector (`coef_[0]`), otherwise the same array as
        `coef_`.
    bias_ : float or numpy.ndarray
        The textbook b: for two classes a float (`intercept_[0]`), otherwise the same array
        as `intercept_`.
    history_ : list of int
        The number of misclassified examples in each epoch (for one-vs-rest, examples that
        at least one neuron got wrong); also `history`.
    converged_ : bool
        True when an epoch had no error before `max_epochs` ran out.
    n_epochs_ : int
        The epochs actually run; also `n_iter_`.
    n_updates_ : int
        The total number of neuron updates (for two classes, the mistakes).
    n_features_in_ : int
        The number of input features seen in `fit`.

    Notes
    -----
    The attributes are set by [`fit`][lucidnet.perceptron.Perceptron.fit]; reading one
    earlier raises an `AttributeError` that says so.

    Computations run in float64: the model is tiny, and the decision z > 0 is then made
    on exact sums for the small integer inputs of the logic-gate examples.

    References
    ----------
    F. Rosenblatt (1958), "The perceptron: a probabilistic model for information storage
    and organization in the brain", Psychological Review 65(6); A. B. J. Novikoff (1962),
    "On convergence proofs on perceptrons"; M. Minsky & S. Papert (1969), "Perceptrons".

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    >>> p = Perceptron(shuffle=False).fit(x, [0, 0, 0, 1])     # logical AND
    >>> p.history, p.converged_
    ([1, 3, 3, 2, 1, 0], True)
    >>> p.weights_, p.bias_
    (array([2., 1.]), -2.0)
    >>> p.predict(x)
    array([0, 0, 0, 1])
    """

    def __init__(self, learning_rate=1.0, max_epochs=100, shuffle=True, seed=None):
        # As in scikit-learn, the constructor only records its arguments; fit checks them.
        self.learning_rate = learning_rate
        self.max_epochs = max_epochs
        self.shuffle = shuffle
        self.seed = seed

    # ----------------------------------------------------------------- parameters
    @classmethod
    def _param_names(cls) -> list[str]:
        signature = inspect.signature(cls.__init__)
        return [name for name in signature.parameters if name != "self"]

    def get_params(self, deep: bool = True) -> dict:
        """The constructor arguments, as given (`deep` is accepted for scikit-learn)."""
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self, **params) -> Perceptron:
        """Change constructor arguments; they take effect at the next
        [`fit`][lucidnet.perceptron.Perceptron.fit]."""
        valid = self._param_names()
        for name, value in params.items():
            if name not in valid:
                raise ValueError(
                    f"Invalid parameter {name!r} for {type(self).__name__}. "
                    f"Valid parameters are: {', '.join(valid)}."
                )
            setattr(self, name, value)
        return self

    def __repr__(self) -> str:
        defaults = {
            name: parameter.default
            for name, parameter in inspect.signature(type(self).__init__).parameters.items()
        }
        changed = [
            f"{name}={value!r}" for name, value in self.get_params().items()
            if value is not defaults[name] and value != defaults[name]
        ]
        return f"{type(self).__name__}({', '.join(changed)})"

    # ----------------------------------------------------------------- training
    def fit(self, x, y) -> Perceptron:
        """Learn w and b from examples `x` (n, n_features) and labels `y` (n,).

        Labels may be any values (0/1, −1/+1, strings); with two classes the second of the
        sorted labels plays the part of y = 1.  Returns `self`.
        """
        learning_rate, max_epochs, shuffle, seed = self._checked_params()
        x = self._checked_x(x, "fit")
        y = self._checked_y(y)
        same_length("x", x, "y", y)
        if len(x) == 0:
            raise ValueError("Perceptron.fit needs at least one example, got 0.")

        classes, y_index = np.unique(y, return_inverse=True)
        if len(classes) < 2:
            raise ValueError(
                f"Perceptron.fit needs examples of at least two classes, got only the label "
                f"{classes.tolist()[0]!r} (one class): there is nothing to separate."
            )
        # Targets in {0, 1}, one column per neuron: the second class for a binary problem,
        # "is it class k?" for neuron k in one-vs-rest.
        if len(classes) == 2:
            t = y_index[:, None].astype(np.float64)
        else:
            t = (y_index[:, None] == np.arange(len(classes))).astype(np.float64)

        n_examples, n_features = x.shape
        W = np.zeros((t.shape[1], n_features))
        b = np.zeros(t.shape[1])
        step = activations.get("step")
        rng = make_generator(seed) if shuffle else None

        history: list[int] = []
        n_updates = 0
        for _ in range(max_epochs):
            order = rng.permutation(n_examples) if rng is not None else range(n_examples)
            errors = 0
            for i in order:
                y_hat = step(W @ x[i] + b)
                e = t[i] - y_hat                      # y − ŷ, one entry per neuron
                if e.any():
                    W += learning_rate * np.outer(e, x[i])
                    b += learning_rate * e
                    errors += 1
                    n_updates += int(np.count_nonzero(e))
            history.append(errors)
            if errors == 0:
                break

        self.classes_ = classes
        self.coef_ = W
        self.intercept_ = b
        self.n_features_in_ = n_features
        self.history_ = history
        self.converged_ = history[-1] == 0
        self.n_epochs_ = len(history)
        self.n_iter_ = self.n_epochs_
        self.n_updates_ = n_updates
        return self

    # ----------------------------------------------------------------- inference
    def decision_function(self, x) -> np.ndarray:
        """The weighted sums z = w·x + b: shape (n,) for two classes, (n, n_classes) otherwise."""
        return self._weighted_sums(x, "decision_function")

    def predict(self, x) -> np.ndarray:
        """Class labels: the step of z for two classes, the class of the largest z otherwise."""
        return self._labels(self._weighted_sums(x, "predict"))

    def score(self, x, y, sample_weight=None) -> float:
        """Accuracy: the (weighted) fraction of examples whose predicted label equals `y`."""
        y = self._checked_y(y)
        predictions = self._labels(self._weighted_sums(x, "score"))
        same_length("x", predictions, "y", y)
        return float(np.average(predictions == y, weights=sample_weight))

    def _weighted_sums(self, x, method: str) -> np.ndarray:
        self._check_fitted(method)
        x = self._checked_x(x, method)
        z = x @ self.coef_.T + self.intercept_
        return z[:, 0] if len(self.classes_) == 2 else z

    def _labels(self, z: np.ndarray) -> np.ndarray:
        if len(self.classes_) == 2:
            fires = activations.get("step")(z).astype(np.intp)
            return self.classes_[fires]
        return self.classes_[np.argmax(z, axis=1)]

    # ----------------------------------------------------------------- fitted views
    @property
    def history(self) -> list[int]:
        """Misclassified examples per epoch (the same list as `history_`)."""
        return self._fitted_attribute("history_")

    @property
    def weights_(self) -> np.ndarray:
        """w: a vector for two classes, one row per class otherwise."""
        coef = self._fitted_attribute("coef_")
        return coef[0] if len(self.classes_) == 2 else coef

    @property
    def bias_(self):
        """b: a float for two classes, one per class otherwise."""
        intercept = self._fitted_attribute("intercept_")
        return float(intercept[0]) if len(self.classes_) == 2 else intercept

    # ----------------------------------------------------------------- checks
    def _fitted_attribute(self, name: str):
        try:
            return self.__dict__[name]
        except KeyError:
            # An AttributeError, so that hasattr() and getattr(..., default) keep working.
            raise AttributeError(
                f"This {type(self).__name__} is not fitted yet, so it has no {name}. "
                f"Call fit(x, y) first."
            ) from None

    def _check_fitted(self, method: str) -> None:
        if "coef_" not in self.__dict__:
            raise NotReadyError(
                f"This {type(self).__name__} is not fitted yet: call fit(x, y) before "
                f"{method}()."
            )

    def _shuffle_seed(self):
        """The seed of the generator that orders each epoch's examples: the `seed` parameter."""
        return self.seed

    def _checked_params(self) -> tuple[float, int, bool, int | None]:
        rate = positive_number("Perceptron learning_rate", self.learning_rate)
        max_epochs = positive_int("Perceptron max_epochs", self.max_epochs)
        shuffle = boolean("Perceptron shuffle", self.shuffle)
        seed = choice_or(non_negative_int, "Perceptron seed", self._shuffle_seed(), (None,))
        return rate, max_epochs, shuffle, seed

    def _checked_x(self, x, method: str) -> np.ndarray:
        x = as_float_array("x", x, np.float64)
        if x.ndim != 2:
            hint = (" Hint: for a single feature use x.reshape(-1, 1); for a single example "
                    "x.reshape(1, -1)." if x.ndim == 1 else
                    " Hint: flatten each example first, e.g. x.reshape(len(x), -1).")
            raise ValueError(
                f"Perceptron.{method} expects x of shape (n_examples, n_features), got "
                f"shape {x.shape}.{hint}"
            )
        expected = self.__dict__.get("n_features_in_")
        if method != "fit" and expected is not None and x.shape[1] != expected:
            raise ValueError(
                f"Perceptron was fitted on x with {expected} features, but {method}() got x "
                f"with {x.shape[1]} features (shape {x.shape})."
            )
        return x

    @staticmethod
    def _checked_y(y) -> np.ndarray:
        y = np.asarray(y)
        if y.ndim == 2 and y.shape[1] == 1:
            y = y[:, 0]
        if y.ndim != 1:
            raise ValueError(
                f"Perceptron expects y as one label per example, shape (n_examples,), got "
                f"shape {y.shape}. Hint: for one-hot targets pass y.argmax(axis=1)."
            )
        if y.dtype.kind == "f" and not np.isfinite(y).all():
            where = int(np.flatnonzero(~np.isfinite(y))[0])
            raise ValueError(
                f"y contains NaN or infinite labels; the first is {y[where]} at index {where}."
            )
        return y


__all__ = ["Perceptron"]
