"""NeuralNetClassifier: a lucidnet network as a scikit-learn classifier.

The class docstring has the table of tasks: which output layer and cost each kind of `y`
gets, and how `loss` and `output_activation` change them.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import ClassifierMixin
from sklearn.utils.class_weight import compute_class_weight
from sklearn.utils.multiclass import check_classification_targets, type_of_target
from sklearn.utils.validation import column_or_1d

from ..utils import to_categorical
from ..validation import non_negative_number
from .base import Encoding, NeuralNetEstimator, Targets

#: What ``type_of_target`` calls each task this classifier handles.
SINGLE_LABEL = ("binary", "multiclass")
MULTILABEL = "multilabel-indicator"


class NeuralNetClassifier(ClassifierMixin, NeuralNetEstimator):
    """A multi-layer perceptron classifier trained by backpropagation, scikit-learn style.

    The task, read from `y`, picks the output layer and the cost unless
    `output_activation` and `loss` say otherwise:

    | `y`                                 | output layer            | cost (`loss=None`)  |
    | ------------------------------------- | ----------------------- | --------------------- |
    | two labels (binary)                   | `Dense(1, "sigmoid")` | binary cross-entropy  |
    | k > 2 exclusive labels (multi-class)  | `Dense(k, "softmax")` | sparse categorical CE |
    | a 0/1 matrix (n, k) (multi-label)     | `Dense(k, "sigmoid")` | binary cross-entropy  |

    A loss made for a softmax output (`"sparse_categorical_crossentropy"`,
    `"categorical_crossentropy"`) gets one unit per class even for two classes, with a
    softmax unless `output_activation` names another; it trains on class indices (the
    sparse loss) or one-hot rows.  Any other loss (`"mse"`, for instance) trains on the 0/1
    column (binary), one-hot rows (multi-class) or the label matrix (multi-label).

    Labels may be any values (ints, strings); they are mapped to 0..k−1 in sorted order,
    kept in `classes_`, and mapped back by
    [`predict`][lucidnet.sklearn.NeuralNetClassifier.predict].  `predict_proba` returns the
    network's probabilities: P(class) per column for single-label problems, P(label j is on) per
    column for multi-label ones.

    It takes the parameters of [`NeuralNetEstimator`][lucidnet.sklearn.NeuralNetEstimator] (the
    architecture, output activation and loss, optimizer, training schedule, early stopping,
    `random_state`, `callbacks`, the `model` builder) and one of its own.

    Parameters
    ----------
    class_weight : dict, str or None
        `{label: weight}` multiplying the cost of each class's examples (labels
        left out weigh 1), `"balanced"` for n_samples / (n_classes · count of the class),
        or None.  Not available for multi-label targets.

    Attributes
    ----------
    classes_ : numpy.ndarray
        The labels (sorted) for single-label problems, `[0, 1, ..., k−1]` (the columns) for
        multi-label ones; the other fitted attributes are those of
        [`NeuralNetEstimator`][lucidnet.sklearn.NeuralNetEstimator].

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]] * 8, dtype=float)
    >>> y = np.array(["no", "yes", "yes", "no"] * 8)                       # XOR
    >>> xor = NeuralNetClassifier((8,), activation="tanh", learning_rate=0.05, epochs=200,
    ...                           batch_size=8, random_state=0).fit(x, y)
    >>> xor.predict([[0, 0], [0, 1], [1, 0], [1, 1]])
    array(['no', 'yes', 'yes', 'no'], dtype='<U3')
    >>> xor.classes_, xor.predict_proba([[0, 1]]).shape
    (array(['no', 'yes'], dtype='<U3'), (1, 2))
    """

    def __init__(
        self,
        hidden_layer_sizes=(100,),
        activation="relu",
        *,
        output_activation=None,
        loss=None,
        optimizer="adam",
        learning_rate=0.001,
        batch_size=32,
        epochs=100,
        dropout=0.0,
        l2=0.0,
        class_weight=None,
        early_stopping=False,
        validation_fraction=0.1,
        patience=10,
        random_state=None,
        verbose=0,
        callbacks=None,
        model=None,
        shuffle=True,
        warm_start=False,
        dtype=None,
    ):
        # scikit-learn reads an estimator's parameters from its __init__ signature, so the one
        # estimator with a parameter of its own spells them all out, as scikit-learn's do.
        super().__init__(
            hidden_layer_sizes, activation, output_activation=output_activation, loss=loss,
            optimizer=optimizer, learning_rate=learning_rate, batch_size=batch_size,
            epochs=epochs, dropout=dropout, l2=l2, early_stopping=early_stopping,
            validation_fraction=validation_fraction, patience=patience,
            random_state=random_state, verbose=verbose, callbacks=callbacks, model=model,
            shuffle=shuffle, warm_start=warm_start, dtype=dtype,
        )
        self.class_weight = class_weight

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_label = True
        return tags

    # ----------------------------------------------------------------- training
    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """Train for one epoch on (X, y): for data that arrives in chunks, or to watch each epoch.

        The first call builds the network and needs `classes`, every label that any chunk
        will hold (e.g. `np.unique(y_all)`), since a chunk may lack some; a multi-label
        `y` names its classes by its columns and needs none.  Later calls continue the
        same network and optimizer state.  Early stopping does not apply here.
        """
        if isinstance(self.class_weight, str) and self.class_weight == "balanced":
            raise ValueError(
                f"class_weight={self.class_weight!r} is computed from the whole training set, "
                f"which partial_fit never sees. Compute the weights once, e.g. "
                f"dict(zip(classes, sklearn.utils.class_weight.compute_class_weight("
                f"'balanced', classes=classes, y=y_all))), and pass that dict as class_weight."
            )
        if classes is None and not self.__sklearn_is_fitted__() and type_of_target(y) != MULTILABEL:
            raise ValueError(
                f"The first call to {type(self).__name__}.partial_fit needs classes=, every "
                f"label that any chunk will hold (e.g. np.unique(y_all)): one chunk may lack some."
            )
        return self._partial_fit(X, y, sample_weight, classes)

    def _first_targets(self, y, classes=None) -> Targets:
        y, kind = self._checked_labels(y)
        if kind == MULTILABEL:
            if classes is not None and len(classes) != y.shape[1]:
                raise ValueError(
                    f"{type(self).__name__}: multi-label y has {y.shape[1]} columns, so its "
                    f"classes are its columns; got classes={list(classes)!r}."
                )
            return self._multilabel_targets(y, np.arange(y.shape[1]))
        classes = np.unique(y if classes is None else np.asarray(classes))
        if len(classes) < 2:
            raise ValueError(
                f"{type(self).__name__} needs examples of at least two classes, but y holds "
                f"one class only ({classes.tolist()[0]!r}): there is nothing to tell apart."
            )
        return self._single_label_targets(y, classes)

    def _next_targets(self, y) -> Targets:
        y, kind = self._checked_labels(y)
        if self._multilabel != (kind == MULTILABEL):
            raise ValueError(
                f"{type(self).__name__} was fitted on "
                f"{'multi-label' if self._multilabel else 'single-label'} targets and can "
                f"only continue on the same kind, got {kind} targets."
            )
        if self._multilabel:
            if y.shape[1] != len(self.classes_):
                raise ValueError(
                    f"{type(self).__name__} was fitted on {len(self.classes_)} labels, got y "
                    f"with {y.shape[1]} columns."
                )
            return self._multilabel_targets(y, self.classes_)
        return self._single_label_targets(y, self.classes_)

    def _checked_labels(self, y) -> tuple[np.ndarray, str]:
        """`y` as 1-D labels or a 0/1 matrix, with the kind `type_of_target` gives it."""
        if y.ndim == 2 and y.shape[1] == 1:
            y = column_or_1d(y, warn=True)  # scikit-learn's warning for a column vector
        check_classification_targets(y)
        kind = type_of_target(y)
        if kind not in SINGLE_LABEL and kind != MULTILABEL:
            raise ValueError(
                f"{type(self).__name__} handles binary, multiclass and multi-label (a 0/1 "
                f"matrix) targets, got {kind} targets of shape {y.shape}."
            )
        return y, kind

    def _single_label_targets(self, y, classes) -> Targets:
        index = np.searchsorted(classes, y)
        unknown = (index >= len(classes)) | (classes[np.minimum(index, len(classes) - 1)] != y)
        if unknown.any():
            raise ValueError(
                f"y holds labels that are not among the classes {classes.tolist()!r}: "
                f"{np.unique(y[unknown]).tolist()!r}. The labels of the first fit are all this "
                f"estimator knows; with partial_fit, pass every label to the first call as "
                f"classes=."
            )
        binary = len(classes) == 2
        return Targets(
            y=index, width=len(classes),
            default_loss="binary_crossentropy" if binary else "sparse_categorical_crossentropy",
            weights=self._class_weights(classes, index), stratify=index,
            fitted={"classes_": classes, "n_outputs_": 1, "_multilabel": False},
        )

    def _multilabel_targets(self, y, classes) -> Targets:
        if self.class_weight is not None:
            raise ValueError(
                f"{type(self).__name__} class_weight is for single-label targets; for multi-"
                f"label y weigh the examples with sample_weight instead."
            )
        return Targets(
            y=y, width=y.shape[1], default_loss="binary_crossentropy",
            fitted={"classes_": classes, "n_outputs_": y.shape[1], "_multilabel": True},
        )

    def _encode(self, targets: Targets, loss) -> Encoding:
        k = targets.width
        if targets.y.ndim == 2:                                   # multi-label
            if loss.fused_activation == "softmax":
                raise ValueError(
                    f"{type(self).__name__}: loss {loss.name!r} is for exclusive classes, one "
                    f"per example, but multi-label y may switch on several labels at once. "
                    f"Use loss='binary_crossentropy' (the default) or another per-label loss."
                )
            return Encoding(targets.y, k, "sigmoid")
        # A softmax's loss wants one unit per class; otherwise two classes share one sigmoid.
        one_per_class = k > 2 or loss.fused_activation == "softmax"
        if loss.sparse_targets or not one_per_class:
            values = targets.y                                    # indices, or the 0/1 column
        else:
            values = to_categorical(targets.y, k)
        return Encoding(values, k if one_per_class else 1,
                        "softmax" if one_per_class else "sigmoid")

    def _class_weights(self, classes, index) -> np.ndarray | None:
        """Each example's class weight from `class_weight` (None when it is None)."""
        class_weight = self.class_weight
        if class_weight is None:
            return None
        table = np.ones(len(classes))
        if isinstance(class_weight, str) and class_weight == "balanced":
            present = np.unique(index)
            table[present] = compute_class_weight("balanced", classes=present, y=index)
        elif isinstance(class_weight, dict):
            known = set(classes.tolist())
            unknown = [label for label in class_weight if label not in known]
            if unknown:
                raise ValueError(
                    f"class_weight names labels {unknown!r} that are not among the classes "
                    f"{classes.tolist()!r}."
                )
            for label, weight in class_weight.items():
                table[np.searchsorted(classes, label)] = non_negative_number(
                    f"{type(self).__name__} class_weight[{label!r}]", weight
                )
        else:
            raise ValueError(
                f"{type(self).__name__} class_weight must be None, 'balanced' or a dict "
                f"{{label: weight}}, got {class_weight!r}."
            )
        return table[index]

    # ----------------------------------------------------------------- inference
    def predict_proba(self, X) -> np.ndarray:
        """P(class | x), shape (n_samples, n_classes); each row sums to 1 for single-label
        targets, each column is one label's own probability for multi-label ones."""
        a = self._network_output(X, "predict_proba")
        if a.shape[1] == 1 and not self._multilabel:
            return np.hstack([1.0 - a, a])     # σ(z) is P(second class); the first gets 1 − σ(z)
        return a

    def predict_log_proba(self, X) -> np.ndarray:
        """log P(class | x): the log of
        [`predict_proba`][lucidnet.sklearn.NeuralNetClassifier.predict_proba] (−inf where it is
        0)."""
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))

    def predict(self, X) -> np.ndarray:
        """The most probable class of each row, or, for multi-label targets, a 0/1 row with a
        1 for each label whose probability exceeds ½."""
        probabilities = self.predict_proba(X)
        if self._multilabel:
            return (probabilities > 0.5).astype(np.int64)
        return self.classes_[np.argmax(probabilities, axis=1)]


__all__ = ["NeuralNetClassifier"]
