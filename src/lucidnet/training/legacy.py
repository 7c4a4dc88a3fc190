"""tf.keras 2's prediction helpers that Keras 3 removed, kept working with a warning.

:class:`LegacyPredictions` is a base class of :class:`lucidnet.models.Model`; it uses only
the model's public ``predict`` and ``name``.
"""

from __future__ import annotations

import warnings

import numpy as np

from ..errors import warn_deprecated


class LegacyPredictions:
    """``predict_classes`` and ``predict_proba``, removed in tf.keras 2.6."""

    def predict_classes(self, x, batch_size: int = 32, verbose=0) -> np.ndarray:
        """Deprecated (removed in tf.keras 2.6): class labels, as tf.keras 2.0–2.5 gave them.

        The argmax of each output row when the output has several units (softmax), else
        ``output > 0.5`` as int32 of shape (N, 1) (one sigmoid unit).  Write
        ``np.argmax(model.predict(x), axis=-1)`` or ``(model.predict(x) > 0.5).astype("int32")``.
        """
        warn_deprecated("model.predict_classes(x)",
                        "np.argmax(model.predict(x), axis=-1) for a softmax output, or "
                        '(model.predict(x) > 0.5).astype("int32") for one sigmoid unit')
        probabilities = self.predict(x, batch_size=batch_size, verbose=verbose)
        if probabilities.shape[-1] > 1:
            return probabilities.argmax(axis=-1)
        return (probabilities > 0.5).astype("int32")

    def predict_proba(self, x, batch_size: int = 32, verbose=0) -> np.ndarray:
        """Deprecated (removed in tf.keras 2.6): :meth:`predict`, which already returns the
        probabilities of a softmax or sigmoid output; warns when the outputs leave [0, 1]."""
        warn_deprecated("model.predict_proba(x)", "model.predict(x)")
        probabilities = self.predict(x, batch_size=batch_size, verbose=verbose)
        if probabilities.min() < 0 or probabilities.max() > 1:
            warnings.warn(
                f"Model {self.name!r} returns values outside [0, 1], which are not "
                f"probabilities: its last layer has no softmax or sigmoid.", UserWarning,
                stacklevel=2)
        return probabilities
