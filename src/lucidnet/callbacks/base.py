"""Callbacks: code that runs at fixed points of training, as in Keras.

``fit`` calls ``on_train_begin``, then for each epoch ``on_epoch_begin``, for each batch
``on_train_batch_begin``/``on_train_batch_end``, then ``on_epoch_end(epoch, logs)`` with
the epoch's metrics, and finally ``on_train_end``.  A callback can stop training by
setting ``self.model.stop_training = True``.
"""

from __future__ import annotations


class Callback:
    """Base class: override the hooks you need; ``self.model`` is set by ``fit``.

    A callback only uses the model's public methods (``save``, ``get_weights``,
    ``optimizer.learning_rate``, ``stop_training``, ...), so that callbacks depend on nothing
    above them.
    """

    #: True for a callback that only writes (to the terminal, log files, checkpoints): in
    #: distributed training rank 0 runs it for the job, since every rank holds the same model
    #: and the same logs.  A callback that steers training (stops it, changes the learning
    #: rate) leaves it False, so that it runs on every rank and all ranks decide alike.
    rank_zero_only = False

    def __init__(self):
        self.model = None
        self.params: dict = {}

    def set_model(self, model) -> None:
        self.model = model

    def set_params(self, params: dict) -> None:
        self.params = params

    def on_train_begin(self, logs=None): ...
    def on_train_end(self, logs=None): ...
    def on_epoch_begin(self, epoch, logs=None): ...
    def on_epoch_end(self, epoch, logs=None): ...
    def on_train_batch_begin(self, batch, logs=None): ...
    def on_train_batch_end(self, batch, logs=None): ...
    def on_test_begin(self, logs=None): ...
    def on_test_end(self, logs=None): ...
    def on_test_batch_begin(self, batch, logs=None): ...
    def on_test_batch_end(self, batch, logs=None): ...
    def on_predict_begin(self, logs=None): ...
    def on_predict_end(self, logs=None): ...
    def on_predict_batch_begin(self, batch, logs=None): ...
    def on_predict_batch_end(self, batch, logs=None): ...


_HOOKS = [name for name in vars(Callback) if name.startswith("on_")]


class CallbackList(Callback):
    """Several callbacks behaving as one: each hook is forwarded to every callback in order."""

    def __init__(self, callbacks=None, model=None, **params):
        super().__init__()
        self.callbacks = []
        for callback in callbacks or []:
            self.append(callback)
        if model is not None:
            self.set_model(model)
        if params:
            self.set_params(params)

    def append(self, callback) -> None:
        if isinstance(callback, CallbackList):
            self.callbacks.extend(callback.callbacks)
        elif isinstance(callback, Callback):
            self.callbacks.append(callback)
        else:
            raise TypeError(
                f"callbacks must be Callback instances, got {callback!r} "
                f"(of type {type(callback).__name__})."
            )

    def set_model(self, model) -> None:
        super().set_model(model)
        for callback in self.callbacks:
            callback.set_model(model)

    def set_params(self, params) -> None:
        super().set_params(params)
        for callback in self.callbacks:
            callback.set_params(params)

    def __iter__(self):
        return iter(self.callbacks)

    def __len__(self):
        return len(self.callbacks)


def _forward(hook):
    """A CallbackList method calling ``hook`` on every callback, with logs always a dict (as
    Keras passes them), so plain functions given to LambdaCallback see the same arguments."""
    if "epoch" in hook or "batch" in hook:

        def call_all(self, index, logs=None):
            logs = {} if logs is None else logs
            for callback in self.callbacks:
                getattr(callback, hook)(index, logs)
    else:

        def call_all(self, logs=None):
            logs = {} if logs is None else logs
            for callback in self.callbacks:
                getattr(callback, hook)(logs)

    call_all.__name__ = hook
    return call_all


for _hook in _HOOKS:
    setattr(CallbackList, _hook, _forward(_hook))


class History(Callback):
    """Records every epoch's logs: ``history.history["loss"]``, ``["val_accuracy"]``, ...

    ``fit`` returns it and keeps it as ``model.history``.
    """

    def __init__(self):
        super().__init__()
        self.epoch: list[int] = []
        self.history: dict[str, list[float]] = {}

    def on_train_begin(self, logs=None):
        self.epoch = []
        self.history = {}

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(value)
