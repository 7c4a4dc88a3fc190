"""All the plots that describe one training run, written to a directory in one call."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .canvas import require_matplotlib
from .functions import decision_boundary
from .images import first_kernel, first_layer_weights, looks_like_images, misclassified
from .training import confusion_matrix, learning_curves, predicted_vs_true

#: Output activations whose values are class probabilities, so class plots make sense.
CLASSIFIER_OUTPUTS = ("softmax", "sigmoid")


def save_training_plots(model, history, x_test, y_test, directory, image_shape=None, labels=None,
                        best="auto", y_train=None):
    """Write the PNGs that fit this model and data into `directory`; return their paths.

    Always `learning_curves.png` (`best` is passed on to
    [lucidnet.plot.learning_curves][]: `None` when the model kept is not the best epoch's,
    as without early stopping).  For a classifier (a softmax or sigmoid output layer):
    `confusion_matrix.png` on the test data, and with 2 input features
    `decision_boundary.png`; for any other model, `predicted_vs_true.png`, with the mean
    of `y_train` (when given) as the constant baseline.  When the inputs are pictures (`image_shape` given, or a
    square number of at least 16 features, as 8 × 8 or 28 × 28): `misclassified.png` for
    a classifier, and `first_layer_weights.png`.  The directory is created if needed.
    """
    require_matplotlib("save_training_plots")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []

    def save(name, draw, *args, **kwargs):
        path = directory / f"{name}.png"
        draw(*args, path=path, **kwargs)
        paths.append(path)

    save("learning_curves", learning_curves, history, best=best)
    x_test = np.asarray(x_test)
    images = looks_like_images(x_test, image_shape)
    if _is_classifier(model):
        y_pred = model.predict(x_test, verbose=0)
        save("confusion_matrix", confusion_matrix, y_test, y_pred, labels=labels)
        if images:
            save("misclassified", misclassified, x_test, y_test, y_pred,
                 image_shape=image_shape, labels=labels)
        if x_test.ndim == 2 and x_test.shape[1] == 2:
            save("decision_boundary", decision_boundary, model, x_test, y_test, labels=labels)
    else:
        baseline = None if y_train is None else float(np.mean(y_train))
        save("predicted_vs_true", predicted_vs_true, y_test, model.predict(x_test, verbose=0),
             baseline=baseline)
    # The weights are pictures only when the first layer sees the raw pixels.
    if images and first_kernel(model).shape[0] == x_test[0].size:
        if image_shape is None and x_test.ndim >= 3:
            image_shape = x_test.shape[1:]
        save("first_layer_weights", first_layer_weights, model, image_shape=image_shape)
    return paths


def _is_classifier(model) -> bool:
    activation = getattr(model.output_layer, "activation", None)
    return getattr(activation, "name", None) in CLASSIFIER_OUTPUTS
