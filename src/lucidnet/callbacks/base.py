"""Callbacks: code that runs at fixed points of training, as in Keras.

`fit` calls `on_train_begin`, then for each epoch `on_epoch_begin`, for each batch
`on_train_batch_begin`/`on_train_batch_end`, then `on_epoch_end(epoch, logs)` with
the epoch's metrics, and finally `on_train_end`.  A callback can stop training by
setting `self.model.stop_training = True`.

A callback that changes training keeps state across epochs (EarlyStopping's patience count,
ReduceLROnPlateau's best value).  It declares that state with `get_state()` and takes it
back with `set_state(state)`, so that a model file can hold it and a resumed run continue
exactly.  When `fit(..., initial_epoch=k)` resumes, the order is: every callback's
`on_train_begin` (which starts it afresh), then `set_state` with the saved state, then
epoch `k`; so `on_train_begin` never overwrites a restored state.
"""

from __future__ import annotations

import warnings


class Callback:
    """Base class: override the hooks you need; `self.model` is set by `fit`.

    A callback only uses the model's public methods (`save`, `get_weights`,
    `optimizer.learning_rate`, `stop_training`, ...), so that callbacks depend on nothing
    above them.
    """

    #: True for a callback that only writes (to the terminal, log files, checkpoints): in
    #: distributed training rank 0 runs it for the job, since every rank holds the same model
    #: and the same logs.  A callback that steers training (stops it, changes the learning
    #: rate) leaves it False, so that it runs on every rank and all ranks decide alike.
    rank_zero_only = False
    #: True for a callback that must see, at every hook, what the other callbacks did
    #: (BackupAndRestore saves their states at the end of each epoch): `fit` calls it after
    #: the other callbacks passed to it, whatever the order of the list.
    runs_last = False

    def __init__(self):
        self.model = None
        self.params: dict = {}

    def set_model(self, model) -> None:
        self.model = model

    def set_params(self, params: dict) -> None:
        self.params = params

    def get_state(self) -> dict:
        """The state this callback carries from one epoch to the next, for a model file:
        `{name: value}` with each value a finite number, `None`, or a list of NumPy
        arrays (weights, for instance).  Empty for a callback that keeps none."""
        return {}

    def set_state(self, state: dict) -> None:
        """Take back what [get_state][lucidnet.callbacks.Callback.get_state] returned; called
        after `on_train_begin`."""
        if state:
            raise ValueError(f"{type(self).__name__} keeps no state, got {sorted(state)}.")

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


def check_state_keys(owner: str, state: dict, names) -> None:
    """Refuse a state for `owner` whose keys are not exactly `names` (a forged or foreign
    file), naming what is missing and what is unexpected."""
    missing, unexpected = sorted(set(names) - state.keys()), sorted(state.keys() - set(names))
    if missing or unexpected:
        raise ValueError(f"The saved state of {owner} must have the keys {sorted(names)}: "
                         f"missing {missing or 'none'}, unexpected {unexpected or 'none'}.")


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

    def get_states(self) -> dict[str, list[dict]]:
        """`{class name: [state of each callback of that class, in order]}`, for the classes
        that have a callback with some state; a callback is found again by its class's name and
        its position among the callbacks of that class."""
        states: dict[str, list[dict]] = {}
        for callback in self.callbacks:
            states.setdefault(type(callback).__name__, []).append(dict(callback.get_state()))
        return {name: entries for name, entries in states.items() if any(entries)}

    def set_states(self, states: dict[str, list[dict]]) -> None:
        """Give each callback the state saved for its class and position (see
        [get_states][lucidnet.callbacks.CallbackList.get_states]); a saved state that no
        callback takes is reported by a warning."""
        by_class: dict[str, list[Callback]] = {}
        for callback in self.callbacks:
            by_class.setdefault(type(callback).__name__, []).append(callback)
        for name, entries in states.items():
            matching = by_class.get(name, [])
            for index, state in enumerate(entries):
                if index < len(matching):
                    matching[index].set_state(state)
                elif state:
                    warnings.warn(
                        f"The saved run had a {name} (number {index + 1} of its class) with "
                        f"state {sorted(state)}; no such callback was passed to fit, so that "
                        f"state is not used.", RuntimeWarning, stacklevel=3)

    def __len__(self):
        return len(self.callbacks)


def _forward(hook):
    """A CallbackList method calling `hook` on every callback, with logs always a dict (as
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
    """Records every epoch's logs: `history.history["loss"]`, `["val_accuracy"]`, ...

    `fit` returns it and keeps it as `model.history`.
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
