"""scikit-learn estimators backed by lucidnet networks.

[`NeuralNetClassifier`][lucidnet.sklearn.NeuralNetClassifier] and
[`NeuralNetRegressor`][lucidnet.sklearn.NeuralNetRegressor] build a
[`lucidnet.Sequential`][lucidnet.models.Sequential] multi-layer perceptron from their parameters
(or take one from the `model=` function) and train it with `model.fit`, so they go anywhere
scikit-learn takes an estimator: `Pipeline`, `GridSearchCV`, `cross_val_score`, `clone`, pickling.
 [`Perceptron`][lucidnet.sklearn.Perceptron] is
 [`lucidnet.Perceptron`][lucidnet.perceptron.Perceptron] with scikit-learn's input checks and
 tags.  The fitted network
stays available as `model_`, so `trace`, `summary` and `save` work on it as on any
lucidnet model.

This module needs scikit-learn (`pip install "lucidnet[sklearn]"`); the rest of lucidnet
does not, and `import lucidnet` does not import it.

Examples
--------
>>> from sklearn.pipeline import make_pipeline
>>> from sklearn.preprocessing import StandardScaler
>>> x = [[0.0, 0.1], [0.2, 0.0], [0.9, 1.0], [1.0, 0.8]]
>>> classifier = make_pipeline(StandardScaler(),
...                            NeuralNetClassifier((8,), epochs=60, learning_rate=0.05,
...                                                random_state=0))
>>> classifier.fit(x, ["low", "low", "high", "high"]).predict([[0.1, 0.1], [0.95, 0.9]])
array(['low', 'high'], dtype='<U4')
"""

from __future__ import annotations

#: The oldest scikit-learn whose estimator API (``validate_data``, ``__sklearn_tags__``) this
#: module uses.
MINIMUM_SKLEARN = (1, 6)

try:
    import sklearn
except ImportError as error:  # pragma: no cover - the test extra installs scikit-learn
    raise ImportError(
        "lucidnet.sklearn needs scikit-learn, which is not installed: "
        'pip install "lucidnet[sklearn]"'
    ) from error


def _release(version: str) -> tuple[int, ...]:
    """(major, minor) of a version string such as `"1.6.1"` or `"1.7.dev0"`."""
    parts = []
    for part in version.split(".")[:2]:
        digits = "".join(ch for ch in part if ch.isdigit())
        parts.append(int(digits or 0))
    return tuple(parts)


if _release(sklearn.__version__) < MINIMUM_SKLEARN:  # pragma: no cover - depends on the install
    raise ImportError(
        f"lucidnet.sklearn needs scikit-learn >= {'.'.join(map(str, MINIMUM_SKLEARN))}, "
        f"found {sklearn.__version__}: pip install --upgrade \"lucidnet[sklearn]\""
    )

from .base import NeuralNetEstimator  # noqa: E402  (after the version check)
from .checks import NotFittedError  # noqa: E402
from .classifier import NeuralNetClassifier  # noqa: E402
from .perceptron import Perceptron  # noqa: E402
from .regressor import NeuralNetRegressor  # noqa: E402

__all__ = ["NeuralNetClassifier", "NeuralNetEstimator", "NeuralNetRegressor", "NotFittedError",
           "Perceptron"]
