"""The preprocessing the tutorials use: scale images, flatten them, one-hot labels, standardize.

Examples
--------
>>> import numpy as np
>>> images = np.array([[[0, 255], [51, 102]]], dtype=np.uint8)   # one 2×2 image
>>> flatten(scale_images(images))
array([[0. , 1. , 0.2, 0.4]], dtype=float32)
>>> scaler = Standardizer().fit([[1.0], [3.0]])    # μ = 2 and σ = 1, from training data only
>>> scaler.transform([[4.0]])
array([[2.]])
"""

from __future__ import annotations

import numpy as np

from .config import standardize_dtype
from .errors import NotReadyError
from .utils.data import to_categorical
from .validation import as_float_array, positive_number

#: One-hot encoding: label k becomes a row with a 1 in column k (Keras's ``to_categorical``).
one_hot = to_categorical


def scale_images(x, max_value=255, dtype=None) -> np.ndarray:
    """x / max_value: pixel intensities 0..max_value as floats in [0, 1].

    `max_value` is 255 for 8-bit images such as MNIST's, 16 for the embedded digits.
    `dtype` defaults to lucidnet's float type (float32).
    """
    positive_number("scale_images max_value", max_value)
    dtype = standardize_dtype(dtype)
    x = as_float_array("scale_images x", x, dtype)
    if x.size and (x.min() < 0 or x.max() > max_value):
        raise ValueError(
            f"scale_images expects values in [0, {max_value}], got values from {x.min()} to "
            f"{x.max()}. Hint: pass max_value= the images' largest possible value."
        )
    return x / np.asarray(max_value, dtype=dtype)


def flatten(x) -> np.ndarray:
    """Each example as one row: shape (N, d1, d2, ...) becomes (N, d1·d2·...)."""
    x = np.asarray(x)
    if x.ndim == 0:
        raise ValueError(f"flatten expects a batch of examples, got a scalar {x!r}.")
    return x.reshape(len(x), -1)


class Standardizer:
    """z = (x − μ) / σ for each feature, with μ and σ measured on the training set alone.

    Fit on the training data, then transform training and test data with the same μ and σ,
    so nothing about the test set leaks into training.  A constant feature (σ = 0) is
    divided by 1 instead, so it becomes 0 rather than NaN.  `get_config()` is plain JSON,
    so the statistics can travel with a saved model.
    """

    def __init__(self, mean=None, scale=None):
        if (mean is None) != (scale is None):
            raise ValueError("Standardizer needs both mean and scale, or neither.")
        self.mean = None if mean is None else np.asarray(mean, dtype=np.float64)
        self.scale = None if scale is None else np.asarray(scale, dtype=np.float64)
        if self.mean is not None and (
            self.mean.shape != self.scale.shape or (self.scale <= 0).any()
        ):
            raise ValueError(
                f"Standardizer scale must be positive and shaped like mean {self.mean.shape}, "
                f"got shape {self.scale.shape} with minimum {self.scale.min()}."
            )

    @property
    def fitted(self) -> bool:
        return self.mean is not None

    def fit(self, x) -> "Standardizer":
        """Measure μ and σ of each feature over the examples (axis 0) of `x`."""
        x = as_float_array("Standardizer.fit x", x, np.float64)
        if len(x) == 0:
            raise ValueError("Standardizer.fit needs at least one example, got an empty array.")
        self.mean = x.mean(axis=0)
        std = x.std(axis=0)
        self.scale = np.where(std > 0, std, 1.0)
        return self

    def transform(self, x) -> np.ndarray:
        """(x − μ) / σ, in x's float type (float32 for integer input)."""
        x, dtype = self._checked(x, "transform")
        return ((x - self.mean) / self.scale).astype(dtype)

    def fit_transform(self, x) -> np.ndarray:
        return self.fit(x).transform(x)

    def inverse_transform(self, z) -> np.ndarray:
        """x = z·σ + μ: back to the original units (e.g. a regression model's predictions)."""
        z, dtype = self._checked(z, "inverse_transform")
        return (z * self.scale + self.mean).astype(dtype)

    def get_config(self) -> dict:
        if not self.fitted:
            return {"mean": None, "scale": None}
        return {"mean": self.mean.tolist(), "scale": self.scale.tolist()}

    @classmethod
    def from_config(cls, config: dict) -> "Standardizer":
        return cls(**config)

    def _checked(self, x, method: str):
        if not self.fitted:
            raise NotReadyError(
                f"Standardizer.{method} needs a fitted Standardizer: call fit(x_train) first."
            )
        array = np.asarray(x)
        dtype = array.dtype if array.dtype.kind == "f" else np.dtype(standardize_dtype(None))
        array = as_float_array(f"Standardizer.{method} x", array, np.float64)
        if array.shape[1:] != self.mean.shape:
            raise ValueError(
                f"Standardizer was fitted on examples of shape {self.mean.shape}, but "
                f"{method} got x of shape {array.shape} (examples of shape {array.shape[1:]})."
            )
        return array, dtype
