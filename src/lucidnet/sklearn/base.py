"""What the network estimators share: their parameters, the network they build, how they train.

A subclass says only what its targets are: how `y` is read (class indices, a 0/1 label
matrix or values), which loss the task picks, how the targets are encoded for a given loss
(the output layer's width and default activation), and how the network's output becomes a
prediction.  Everything else, from the input checks to the training loop, is here once.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse
from sklearn.base import BaseEstimator
from sklearn.utils.validation import validate_data

from .. import losses, optimizers
from ..callbacks import Callback, EarlyStopping
from ..layers import Dense
from ..models import Sequential
from ..registry import resolve
from ..utils import train_test_split
from ..validation import as_float_array, boolean, number, positive_int
from .checks import NotFittedError, not_fitted, reject_sparse, seed_from
from .network import check_output_units, from_builder, mlp

#: The input dtypes kept as they are; anything else is converted to float64 first.
FLOAT_DTYPES = (np.float64, np.float32)
#: Rows per forward pass at prediction time: enough that Python's per-batch cost vanishes
#: behind the matrix products, few enough that the activations stay small.
PREDICT_BATCH_SIZE = 1024


@dataclass(frozen=True)
class Targets:
    """The targets of one fit as read from `y`, before they are encoded for a loss.

    `y` holds class indices (n,), a 0/1 label matrix (n, k) or target values (n, k);
    `width` is k, the number of classes, labels or target columns; `default_loss` is the
    loss the task picks when the `loss` parameter is None.  `weights` are per-example
    factors of the cost (each example's class weight), which multiply any `sample_weight`
    and so weigh the early-stopping hold-out the same way as the training data;
    `stratify` keeps each class's share in that hold-out; `fitted` holds the attributes
    that describe `y` (`classes_`, `n_outputs_`), set on the estimator only once
    training has succeeded.
    """

    y: np.ndarray
    width: int
    default_loss: str
    weights: np.ndarray | None = None
    stratify: np.ndarray | None = None
    fitted: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Encoding:
    """Targets in the form one loss trains on: `values` for `model.fit`, the `units` of
    the output layer, and the output `activation` the task picks for them."""

    values: np.ndarray
    units: int
    activation: str | None


class NeuralNetEstimator(BaseEstimator):
    """A scikit-learn estimator that builds and trains a lucidnet multi-layer perceptron.

    The network is `Input(n_features)`, then for each entry of `hidden_layer_sizes` a
    `Dense(units, activation)` (followed by `Dropout(dropout)` when `dropout > 0`),
    then the output layer the task needs, unless `model` builds another.  It is trained by
    mini-batch gradient descent with `model.fit`: backpropagation computes the gradients
    (BP1–BP4) and the optimizer steps.

    Parameters
    ----------
    hidden_layer_sizes : tuple of int, optional
        Units of each hidden layer, e.g. `(64, 32)`; `()` leaves none,
        which makes the classifier a logistic regression and the regressor a linear one.
    activation : str, optional
        The activation σ of the hidden layers, any name of [`lucidnet.activations`][lucidnet.activations].
    output_activation : str or None
        The output layer's activation; None picks it from the task: sigmoid
        for binary and multi-label targets, softmax for multi-class ones, linear (none) for
        regression.
    loss : str, Loss or None
        The cost, a name of [`lucidnet.losses`][lucidnet.losses] or a loss object; None picks it
        from the task: `"binary_crossentropy"` for binary and multi-label targets,
        `"sparse_categorical_crossentropy"` for multi-class ones, `"mse"` for regression.
    optimizer : str, optional
        A name of [`lucidnet.optimizers`][lucidnet.optimizers] (`"adam"`, `"sgd"`, `"rmsprop"`,
        ...) or an optimizer object, which is copied so that fitting never changes it.
    learning_rate : float, optional
        The step size η given to the optimizer; `None` keeps the optimizer's own.
    batch_size : int, optional
        Examples per gradient step.
    epochs : int, optional
        Passes over the training data in `fit` (at most that many with early stopping).
    dropout : float, optional
        The fraction of each hidden layer's units dropped at every training step.
    l2 : float, optional
        The λ of the weight penalty λ Σ W² added to the cost for every kernel
        ([`lucidnet.regularizers.L2`][lucidnet.regularizers.L2]); 0 turns it off.
    early_stopping : bool, optional
        Hold out `validation_fraction` of the training data (stratified for
        classifiers), stop once the validation loss has not improved for `patience` epochs,
        and keep the weights of the best epoch.
    validation_fraction : float, optional
        The share held out when `early_stopping` is on, in (0, 1).
    patience : int, optional
        Epochs without improvement of the validation loss before stopping.
    random_state : int, numpy.random.RandomState, numpy.random.Generator or None
        An int fixes the initial weights, dropout masks, shuffling order and
        hold-out split, so two fits give the same model; `None` draws them from lucidnet's
        global generator (reset by [`lucidnet.set_random_seed`][lucidnet.utils.set_random_seed]),
        so fits differ; a NumPy `RandomState` or `Generator` gives a new seed at each fit.
    verbose : int, optional
        0 silent, 1 a progress bar per epoch, 2 one line per epoch.
    callbacks : list of Callback or None
        A list of [`lucidnet.callbacks`][lucidnet.callbacks] objects given to `model.fit`.  Each
        fit trains with deep copies of them, so the list stays as given (scikit-learn's rule for
        parameters, and `clone` copies it anyway): what a callback writes (files, a
        `LambdaCallback`'s functions, `model.stop_training`) takes effect, its attributes
        after training are the copy's.
    model : Model or None
        None, or a function `model(n_features_in, n_outputs)` that returns a new,
        uncompiled or compiled, [`lucidnet.Sequential`][lucidnet.models.Sequential], called at
        every fresh fit in place of the network above (`hidden_layer_sizes`, `activation`,
        `output_activation`, `dropout`, `l2` and `dtype` then have no effect).
        `n_outputs` is the number of output units the targets need: 1 for binary targets
        (one sigmoid giving P(second class)), the number of classes for multi-class ones,
        of labels for multi-label ones, of targets for regression; its last layer must have
        that many, with an activation that suits the task.  A network without an input
        shape is built for `n_features_in`; its initial weights follow `random_state`
        unless the function passes its own `seed=` to `Sequential`.  An uncompiled
        network is compiled with `optimizer`, `learning_rate` and `loss`, so a grid
        search can tune them; a network the function compiled keeps its own optimizer and
        loss, and the targets are encoded for that loss.  Use a function defined at module
        level so that the estimator can be pickled.
    shuffle : bool, optional
        Reshuffle the training examples before every epoch.
    warm_start : bool, optional
        When True, `fit` on an already fitted estimator continues training the
        same network (its architecture, weights and optimizer state) for `epochs` more
        epochs instead of starting anew; the data must have the same features and targets
        of the same kind.
    dtype : str or None
        The network's float type, `"float32"` or `"float64"`; `None` follows the
        data, as scikit-learn's own MLP does: float32 for float32 `X`, float64 otherwise.
        float32 halves memory and is faster on large data, but its last bits then depend
        on how many rows a matrix product takes at once, so predicting a subset can differ
        from predicting all rows by about 1e-7.  Predictions are returned as float64.

    Attributes
    ----------
    model_ : Sequential
        The trained [`lucidnet.Sequential`][lucidnet.models.Sequential]: `summary`, `trace`,
        `explain`, `save` and the plots work on it as on any lucidnet model.
    history_ : dict of str to list of float
        Per-epoch training records, `{"loss": [...], "val_loss": [...], ...}`, over
        every call to `fit`/`partial_fit` that trained this network.
    loss_curve_ : list of float
        `history_["loss"]`, the training cost of each epoch.
    n_iter_ : int
        The number of epochs this network has been trained for.
    n_features_in_ : int
        The number of input features seen at the first fit.
    feature_names_in_ : numpy.ndarray of str
        Their names, when `X` had column names.
    coefs_, intercepts_ : list of numpy.ndarray
        Every Dense layer's W and b, input side first (as in scikit-learn's
        MLP).
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
        # scikit-learn's rule: the constructor stores the parameters untouched; fit checks them.
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.output_activation = output_activation
        self.loss = loss
        self.optimizer = optimizer
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.epochs = epochs
        self.dropout = dropout
        self.l2 = l2
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.patience = patience
        self.random_state = random_state
        self.verbose = verbose
        self.callbacks = callbacks
        self.model = model
        self.shuffle = shuffle
        self.warm_start = warm_start
        self.dtype = dtype

    # ----------------------------------------------------------------- what subclasses define
    #: Whether ``y`` must be numeric (regression) rather than any labels (classification).
    _numeric_targets = False

    def _first_targets(self, y: np.ndarray, classes=None) -> Targets:
        """The `Targets` of a first fit; `classes` comes from `partial_fit` only."""
        raise NotImplementedError

    def _next_targets(self, y: np.ndarray) -> Targets:
        """The `Targets` of data that continues training the fitted network."""
        raise NotImplementedError

    def _encode(self, targets: Targets, loss) -> Encoding:
        """`targets` in the form `loss` (a [`lucidnet.losses.Loss`][lucidnet.losses.Loss]) trains
        on."""
        raise NotImplementedError

    # ----------------------------------------------------------------- training
    def fit(self, X, y, sample_weight=None):
        """Build a network for `X` (n_samples, n_features) and `y`, train it, return `self`.

        `sample_weight` (one non-negative weight per example) multiplies each example's
        share of the cost and of its gradient.  With `warm_start=True` a fitted estimator
        keeps training its network instead.
        """
        owner = type(self).__name__
        warm_start = boolean(f"{owner} warm_start", self.warm_start)
        return self._train(X, y, sample_weight, epochs=self._checked_epochs(),
                           resume=warm_start and self.__sklearn_is_fitted__(),
                           early_stopping=boolean(f"{owner} early_stopping", self.early_stopping))

    def _partial_fit(self, X, y, sample_weight=None, classes=None):
        """One epoch over (X, y): builds the network at the first call, continues it after."""
        return self._train(X, y, sample_weight, epochs=1, resume=self.__sklearn_is_fitted__(),
                           early_stopping=False, classes=classes)

    def _train(self, X, y, sample_weight, *, epochs: int, resume: bool, early_stopping: bool,
               classes=None):
        reject_sparse(self, X)
        X, y = validate_data(self, X, y, reset=not resume, multi_output=True,
                             y_numeric=self._numeric_targets, dtype=FLOAT_DTYPES)
        if scipy.sparse.issparse(y):     # a sparse label matrix: labels are few, densify
            y = y.toarray()
        targets = self._next_targets(y) if resume else self._first_targets(y, classes)
        sample_weight = self._example_weights(sample_weight, targets.weights, len(X))
        callbacks = self._callback_copies()
        seed = self._fit_seed()
        if resume:
            model = self.model_
            encoding = self._encode(targets, model.loss)
        else:
            model, encoding = self._new_network(X, targets, seed)

        if early_stopping:
            x, y, weight, validation = self._hold_out(X, encoding.values, targets.stratify,
                                                      sample_weight, seed)
            # First, so that it restores the best weights before the user's callbacks end.
            callbacks.insert(0, EarlyStopping(monitor="val_loss", patience=self.patience,
                                              restore_best_weights=True))
        else:
            x, y, weight, validation = X, encoding.values, sample_weight, None
        trained = self.n_iter_ if resume else 0
        # Class weights arrive inside ``weight`` rather than as model.fit's class_weight, which
        # weighs the training loss only: early stopping must judge the same weighted cost.
        history = model.fit(
            x, y, batch_size=self.batch_size, epochs=trained + epochs, initial_epoch=trained,
            verbose=self.verbose, shuffle=self.shuffle, sample_weight=weight,
            validation_data=validation, callbacks=callbacks,
        )
        # Only now, with training done, does the estimator take on the new state.
        if resume:
            for key, values in history.history.items():
                self.history_.setdefault(key, []).extend(values)
        else:
            self.history_ = {key: list(values) for key, values in history.history.items()}
            for name, value in targets.fitted.items():
                setattr(self, name, value)
        self.model_ = model
        self.n_iter_ = trained + len(history.epoch)
        self.loss_curve_ = self.history_["loss"]
        return self

    def _example_weights(self, sample_weight, class_weights, n_samples: int):
        """wₙ = sample_weight[n] × (class weight of example n), or None when neither is given."""
        if sample_weight is not None:
            sample_weight = as_float_array("sample_weight", sample_weight, np.float64)
            if sample_weight.shape != (n_samples,):
                raise ValueError(
                    f"sample_weight must hold one weight per sample, shape ({n_samples},), got "
                    f"shape {sample_weight.shape}."
                )
        if class_weights is not None:
            sample_weight = class_weights if sample_weight is None else sample_weight * class_weights
        if sample_weight is not None and not sample_weight.any():
            raise ValueError(
                f"{type(self).__name__}: every example's weight is zero, so none would count in "
                f"the cost; give at least one example a positive weight."
            )
        return sample_weight

    def _callback_copies(self) -> list[Callback]:
        """Fresh copies of the `callbacks` parameter for one fit, which never alters it."""
        callbacks = self.callbacks
        if callbacks is None:
            return []
        if not isinstance(callbacks, (list, tuple)) \
                or not all(isinstance(callback, Callback) for callback in callbacks):
            raise TypeError(
                f"{type(self).__name__} callbacks must be a list of lucidnet callbacks such as "
                f"[EarlyStopping(monitor='loss')], got {callbacks!r}."
            )
        try:
            return copy.deepcopy(list(callbacks))
        except (TypeError, copy.Error) as error:
            raise TypeError(
                f"{type(self).__name__} trains with a copy of each callback, so that fit leaves "
                f"the callbacks parameter as given, but {callbacks!r} cannot be copied: {error}"
            ) from error

    def _hold_out(self, X, values, stratify, sample_weight, seed: int):
        """Split off `validation_fraction` of the data for early stopping:
        (x_train, y_train, weight_train, (x_val, y_val[, weight_val]))."""
        fraction = number(f"{type(self).__name__} validation_fraction", self.validation_fraction,
                          greater_than=0, below=1)
        if int(np.ceil(fraction * len(X))) >= len(X):
            raise ValueError(
                f"{type(self).__name__} with early_stopping=True holds out "
                f"validation_fraction={fraction} of the data, which leaves nothing to train on "
                f"with {len(X)} sample(s). Pass more data or early_stopping=False."
            )
        arrays = [X, values] + ([] if sample_weight is None else [sample_weight])
        parts = train_test_split(*arrays, test_size=fraction, stratify=stratify,
                                 seed=seed)
        train, held_out = parts[0::2], parts[1::2]
        weight_train = None if sample_weight is None else train[2]
        return train[0], train[1], weight_train, tuple(held_out)

    # ----------------------------------------------------------------- the network
    def _new_network(self, X, targets: Targets, seed: int) -> tuple[Sequential, Encoding]:
        """The compiled network of a fresh fit, and the targets encoded for its loss."""
        owner = type(self).__name__
        loss = resolve("loss", losses.get,
                       copy.deepcopy(targets.default_loss if self.loss is None else self.loss))
        encoding = self._encode(targets, loss)
        if self.model is None:
            output_activation = self.output_activation
            network = mlp(
                owner, X.shape[1], hidden_layer_sizes=self.hidden_layer_sizes,
                activation=self.activation, dropout=self.dropout, l2=self.l2,
                units=encoding.units,
                output_activation=encoding.activation if output_activation is None else output_activation,
                dtype=self._network_dtype(X.dtype), seed=seed,
                # NeuralNetClassifier → "neural_net_classifier", as lucidnet names layers.
                name=re.sub(r"(?<!^)(?=[A-Z])", "_", owner).lower(),
            )
        else:
            network = from_builder(owner, self.model, X.shape[1], encoding.units, seed)
        if network.compiled:
            # The builder chose its own optimizer and loss: the targets follow that loss.
            encoding = self._encode(targets, network.loss)
        else:
            network.compile(optimizer=self._new_optimizer(), loss=loss)
        check_output_units(owner, network, encoding.units, network.loss)
        return network, encoding

    def _network_dtype(self, input_dtype) -> str:
        # As scikit-learn's own MLP does, float32 data gets a float32 network unless told.
        if self.dtype is not None:
            return self.dtype
        return "float32" if input_dtype == np.float32 else "float64"

    def _new_optimizer(self):
        # A copy, so that the optimizer given as a parameter never accumulates training state.
        optimizer = resolve("optimizer", optimizers.get, copy.deepcopy(self.optimizer))
        if self.learning_rate is not None:
            optimizer.learning_rate = self.learning_rate
        return optimizer

    def _checked_epochs(self) -> int:
        return positive_int(f"{type(self).__name__} epochs", self.epochs)

    def _fit_seed(self) -> int:
        """The seed of this fit's network and hold-out split, drawn as `random_state` says."""
        return seed_from(self.random_state, type(self).__name__)

    # ----------------------------------------------------------------- inference
    def _network_output(self, X, method: str) -> np.ndarray:
        """aᴸ for every row of `X`, checked against the fit, as float64."""
        self._check_fitted(method)
        reject_sparse(self, X)
        X = validate_data(self, X, reset=False, dtype=FLOAT_DTYPES)
        output = self.model_.predict(X, batch_size=PREDICT_BATCH_SIZE, verbose=0)
        return output.astype(np.float64, copy=False)

    @property
    def coefs_(self) -> list[np.ndarray]:
        """W of every Dense layer, input side first; shape (inputs, units) each (plain arrays,
        as scikit-learn's, viewing the layers' weights)."""
        self._check_fitted("coefs_")
        return [np.asarray(layer.kernel) for layer in self.model_.layers if isinstance(layer, Dense)]

    @property
    def intercepts_(self) -> list[np.ndarray]:
        """b of every Dense layer, input side first (plain arrays)."""
        self._check_fitted("intercepts_")
        return [None if layer.bias is None else np.asarray(layer.bias)
                for layer in self.model_.layers if isinstance(layer, Dense)]

    # ----------------------------------------------------------------- checks
    def __sklearn_is_fitted__(self) -> bool:
        return "model_" in self.__dict__

    def _check_fitted(self, method: str) -> None:
        if not self.__sklearn_is_fitted__():
            raise not_fitted(self, method)


__all__ = ["Encoding", "NeuralNetEstimator", "NotFittedError", "Targets"]
