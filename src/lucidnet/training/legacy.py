"""tf.keras 2's model methods that Keras 3 removed, kept working with a warning.

`LegacyPredictions` and `LegacyGenerators` are base classes of
[lucidnet.models.Model][]; they use only the model's public `fit`, `evaluate`,
`predict` and `name`.
"""

from __future__ import annotations

import warnings

import numpy as np

from ..errors import warn_deprecated
from ..validation import boolean, non_negative_int, positive_int


class LegacyPredictions:
    """`predict_classes` and `predict_proba`, removed in tf.keras 2.6."""

    def predict_classes(self, x, batch_size: int = 32, verbose=0) -> np.ndarray:
        """Deprecated (removed in tf.keras 2.6): class labels, as tf.keras 2.0–2.5 gave them.

        The argmax of each output row when the output has several units (softmax), else
        `output > 0.5` as int32 of shape (N, 1) (one sigmoid unit).  Write
        `np.argmax(model.predict(x), axis=-1)` or `(model.predict(x) > 0.5).astype("int32")`.
        """
        warn_deprecated("model.predict_classes(x)",
                        "np.argmax(model.predict(x), axis=-1) for a softmax output, or "
                        '(model.predict(x) > 0.5).astype("int32") for one sigmoid unit')
        probabilities = self.predict(x, batch_size=batch_size, verbose=verbose)
        if probabilities.shape[-1] > 1:
            return probabilities.argmax(axis=-1)
        return (probabilities > 0.5).astype("int32")

    def predict_proba(self, x, batch_size: int = 32, verbose=0) -> np.ndarray:
        """Deprecated (removed in tf.keras 2.6): `predict`, which already returns the
        probabilities of a softmax or sigmoid output; warns when the outputs leave [0, 1]."""
        warn_deprecated("model.predict_proba(x)", "model.predict(x)")
        probabilities = self.predict(x, batch_size=batch_size, verbose=verbose)
        if probabilities.min() < 0 or probabilities.max() > 1:
            warnings.warn(
                f"Model {self.name!r} returns values outside [0, 1], which are not "
                f"probabilities: its last layer has no softmax or sigmoid.", UserWarning,
                stacklevel=2)
        return probabilities


def check_queue_arguments(max_queue_size, workers, use_multiprocessing) -> None:
    """tf.keras 2's generator-queue arguments: checked, then unused (batches are read in order)."""
    positive_int("max_queue_size", max_queue_size)
    non_negative_int("workers", workers)
    boolean("use_multiprocessing", use_multiprocessing)


class LegacyGenerators:
    """`fit_generator`, `evaluate_generator` and `predict_generator`, removed in Keras 3:
    each warns and calls `fit`/`evaluate`/`predict`, which take generators themselves."""

    def fit_generator(self, generator, steps_per_epoch: int | None = None, epochs: int = 1,
                      verbose=1, callbacks=None, validation_data=None,
                      validation_steps: int | None = None, validation_freq=1,
                      class_weight: dict | None = None, max_queue_size: int = 10,
                      workers: int = 1, use_multiprocessing: bool = False,
                      shuffle: bool = True, initial_epoch: int = 0):
        """Deprecated (tf.keras 2): `fit`, which takes the generator or PyDataset itself.

        tf.keras 2's queue arguments (`max_queue_size`, `workers`, `use_multiprocessing`)
        are checked and not used: lucidnet reads the batches in order, in the calling thread
        (see [lucidnet.utils.PyDataset][]).
        """
        warn_deprecated("model.fit_generator(generator, ...)", "model.fit(generator, ...)")
        check_queue_arguments(max_queue_size, workers, use_multiprocessing)
        return self.fit(generator, epochs=epochs, verbose=verbose, callbacks=callbacks,
                        validation_data=validation_data, shuffle=shuffle,
                        class_weight=class_weight, initial_epoch=initial_epoch,
                        steps_per_epoch=steps_per_epoch, validation_steps=validation_steps,
                        validation_freq=validation_freq)

    def evaluate_generator(self, generator, steps: int | None = None, callbacks=None,
                           max_queue_size: int = 10, workers: int = 1,
                           use_multiprocessing: bool = False, verbose=0):
        """Deprecated (tf.keras 2): `evaluate`, which takes the generator itself."""
        warn_deprecated("model.evaluate_generator(generator, ...)", "model.evaluate(generator, ...)")
        check_queue_arguments(max_queue_size, workers, use_multiprocessing)
        return self.evaluate(generator, steps=steps, callbacks=callbacks, verbose=verbose)

    def predict_generator(self, generator, steps: int | None = None, callbacks=None,
                          max_queue_size: int = 10, workers: int = 1,
                          use_multiprocessing: bool = False, verbose=0):
        """Deprecated (tf.keras 2): `predict`, which takes the generator itself."""
        warn_deprecated("model.predict_generator(generator, ...)", "model.predict(generator, ...)")
        check_queue_arguments(max_queue_size, workers, use_multiprocessing)
        return self.predict(generator, steps=steps, callbacks=callbacks, verbose=verbose)
