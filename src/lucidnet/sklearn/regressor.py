"""NeuralNetRegressor: a lucidnet network as a scikit-learn regressor.

The output layer is linear unless `output_activation` names another, `Dense(k)` for k
targets, so ŷ = z = a W + b can take any value; the cost is the mean squared error unless
`loss` names another (`"mae"`, `"huber"`, or a loss object).
"""

from __future__ import annotations

from sklearn.base import RegressorMixin

from .base import Encoding, NeuralNetEstimator, Targets


class NeuralNetRegressor(RegressorMixin, NeuralNetEstimator):
    """A multi-layer perceptron regressor trained by backpropagation, scikit-learn style.

    `y` of shape (n_samples,) gives one output; (n_samples, k) gives k outputs learnt
    together.  The network learns best when the targets are of order 1: wrap it in
    `sklearn.compose.TransformedTargetRegressor(regressor, transformer=StandardScaler())`
    for targets in other units, as for the inputs (a `StandardScaler` in a pipeline).

    Its parameters are those of [`NeuralNetEstimator`][lucidnet.sklearn.NeuralNetEstimator]: the
    architecture, output activation (None: linear) and loss (None: `"mse"`), optimizer, training
    schedule, early stopping, `random_state`, `callbacks` and the `model` builder.

    Attributes
    ----------
    n_outputs_ : int
        The number of targets; the other fitted attributes are those of
        [`NeuralNetEstimator`][lucidnet.sklearn.NeuralNetEstimator].

    Examples
    --------
    >>> import numpy as np
    >>> x = np.linspace(-1, 1, 64).reshape(-1, 1)
    >>> line = NeuralNetRegressor((), learning_rate=0.05, epochs=100, random_state=0)
    >>> line.fit(x, 3 * x[:, 0] - 1).predict([[0.0], [1.0]]).round(2)   # least squares by descent
    array([-1.,  2.])
    """

    # The constructor is NeuralNetEstimator's: a regressor has no parameter of its own.
    _numeric_targets = True

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags

    # ----------------------------------------------------------------- training
    def partial_fit(self, X, y, sample_weight=None):
        """Train for one epoch on (X, y); the first call builds the network, later calls
        continue it (weights and optimizer state).  Early stopping does not apply here."""
        return self._partial_fit(X, y, sample_weight)

    def _first_targets(self, y, classes=None) -> Targets:
        values = self._as_columns(y)
        return Targets(y=values, width=values.shape[1], default_loss="mse",
                       fitted={"n_outputs_": values.shape[1]})

    def _next_targets(self, y) -> Targets:
        values = self._as_columns(y)
        if values.shape[1] != self.n_outputs_:
            raise ValueError(
                f"{type(self).__name__} was fitted on {self.n_outputs_} target(s), got y with "
                f"{values.shape[1]}."
            )
        return Targets(y=values, width=self.n_outputs_, default_loss="mse")

    def _encode(self, targets: Targets, loss) -> Encoding:
        return Encoding(targets.y, targets.width, None)

    @staticmethod
    def _as_columns(y):
        return y.reshape(-1, 1) if y.ndim == 1 else y

    # ----------------------------------------------------------------- inference
    def predict(self, X):
        """ŷ for each row of `X`: shape (n_samples,) for one target, else (n_samples, k)."""
        prediction = self._network_output(X, "predict")
        return prediction[:, 0] if self.n_outputs_ == 1 else prediction


__all__ = ["NeuralNetRegressor"]
