"""One run of the playground: the data, the real lucidnet model, the thread that trains it,
and the snapshots of its state that the page draws.

The training thread and the server's readers share the model, so every read and every
change happens with `Session.lock` held: a step is `train_on_batch` on the next batch of
this epoch's order, and a snapshot is taken between two steps, never during one.  The
thread publishes a snapshot to every listener at most `FRAMES_PER_SECOND` times a second
while playing, and after each step or epoch asked for while paused; it trains at most
`epochs_per_second` epochs a second, so that the page can follow.  Every tab of a server
listens to the same session, so all see the same run.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time

import numpy as np

from ..validation import boolean, choice, integer, number
from . import code, datasets, network, views

FRAMES_PER_SECOND = 12
#: The longest the thread holds the lock while playing, in seconds, before it lets others in.
HOLD = 0.05
#: Epochs of history kept (older ones are thinned out: every second one is dropped).
HISTORY = 400


class Session:
    """The playground's run.

    Parameters
    ----------
    data : Data or None
        Fixed data (from Python or a table); None lets the page pick a generated set.
    model : Model or None
        A model to start from (a loaded `.lucid` file); None builds one from `settings`.
    settings : Settings or None
        The starting network (default: `network.Settings()`).
    dataset : str
        The generated set to start with when `data` is None.
    save_path : str or None
        The only file "Save" may write (one the user named); None: Save is a download.
    epochs_per_second : float
        The fastest the thread trains while playing.
    """

    def __init__(self, data=None, model=None, settings=None, dataset: str = "xor",
                 save_path: str | None = None, epochs_per_second: float = 40.0):
        self.lock = threading.RLock()
        self.listeners: list = []
        self.save_path = save_path
        self.epochs_per_second = number("epochs_per_second", epochs_per_second, greater_than=0)
        self.fixed_data = data is not None
        self.data_options = {"name": data.source if data is not None else dataset,
                             "noise": 0.0, "train_ratio": 0.5, "seed": 0}
        if data is None and model is not None:
            features = model.input_shape[-1]
            self.data_options["name"] = {64: "digits", 1: "regression"}.get(features, dataset)
        self.data = data if data is not None else datasets.load(**self._load_options())
        self.settings = settings or (network.settings_of(model) if model is not None
                                     else network.Settings())
        if model is not None and not model.compiled:  # a file saved before compile: as the page says
            model.compile(optimizer=network.optimizer_class(self.settings.optimizer)(
                learning_rate=self.settings.learning_rate), loss=self.settings.output(self.data.task)[1])
        self.model = model if model is not None else network.build(self.settings, self.data)
        self._check_model_fits()
        self._start_history()
        self.playing = False
        self.problem = None  # why the training thread last stopped on its own, if it did
        self._version = 0  # of the snapshots: a listener may get them out of order
        self._wake = threading.Event()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="lucidnet-playground", daemon=True)
        self._thread.start()

    # -- what the page asks for -------------------------------------------------------
    def play(self) -> None:
        with self.lock:
            self.playing = True
            self.problem = None
        self._wake.set()

    def pause(self) -> None:
        with self.lock:
            self.playing = False
        self.publish()

    def step(self) -> None:
        """One gradient step on the next batch (pauses first)."""
        with self.lock:
            self.playing = False
            self._train_step()
        self.publish()

    def epoch(self) -> None:
        """Steps up to the end of the current epoch (pauses first)."""
        with self.lock:
            self.playing = False
            self._train_step()
            while self.position:
                self._train_step()
        self.publish()

    def reset(self, seed: int | None = None) -> None:
        """A fresh model with new initial weights (seed + 1, or `seed`), history cleared."""
        with self.lock:
            seed = self.settings.seed + 1 if seed is None else seed
            self.settings = self.settings.updated({"seed": seed})
            self.model = network.build(self.settings, self.data)
            self._start_history()
        self.publish()

    def configure(self, changes: dict) -> None:
        """New network settings.  The model is rebuilt; when every weight keeps its shape
        (an activation, a learning rate, a penalty changed) it keeps its weights, so the next
        step is the old network's with the new settings; the optimizer starts afresh."""
        with self.lock:
            settings = self.settings.updated(changes)
            model = network.build(settings, self.data)
            self._check_trainable(model, self.data)
            kept = network.carry_weights(self.model, model)
            self.settings, self.model = settings, model
            if not kept:
                self._start_history()
        self.publish()

    def set_data(self, changes: dict) -> None:
        """Another generated set, noise, train/test ratio or data seed (not for fixed data)."""
        if self.fixed_data:
            raise ValueError(f"This playground trains on the data it was given "
                             f"({self.data.source}); it cannot switch datasets.")
        unknown = sorted(set(changes) - set(self.data_options))
        if unknown:
            raise ValueError(f"Unknown data option {unknown[0]!r}; expected one of "
                             f"{sorted(self.data_options)}.")
        options = dict(self.data_options, **changes)
        options["name"] = choice("dataset", options["name"], (*datasets.GENERATED, "digits"))
        options["noise"] = number("noise", options["noise"], at_least=0, at_most=1)
        options["train_ratio"] = number("train_ratio", options["train_ratio"],
                                        at_least=0.1, at_most=0.9)
        options["seed"] = integer("seed", options["seed"], at_least=0, at_most=2**31 - 1)
        with self.lock:
            data = datasets.load(**self._load_options(options))
            model = network.build(self.settings, data)
            self._check_trainable(model, data)
            if data.num_features == self.data.num_features and data.task == self.data.task:
                network.carry_weights(self.model, model)
            self.data_options, self.data, self.model = options, data, model
            self._start_history()
        self.publish()

    def trace(self, split: str, index: int, check: bool = False) -> dict:
        """The trace panel's record of example `index` of the `split` ("train" or "test")."""
        split = choice("split", split, ("train", "test"))
        check = boolean("check", check)
        with self.lock:
            x = self.data.x_train if split == "train" else self.data.x_test
            y = self.data.y_train if split == "train" else self.data.y_test
            index = integer("index", index, at_least=0, at_most=len(x) - 1)
            record = views.trace_record(self.model, x[index:index + 1], y[index:index + 1], check)
            record.update(split=split, index=index, x=x[index].tolist(), y=float(y[index]))
        return record

    def code(self) -> str:
        """The Python of "Show code" for the current network and data."""
        with self.lock:
            options = self.data_options
            return code.python_code(self.settings, self.data, options["noise"],
                                    options["train_ratio"], options["seed"])

    def model_file(self) -> bytes:
        """The current model as the bytes of a `.lucid` file."""
        handle, path = tempfile.mkstemp(suffix=".lucid")
        os.close(handle)
        try:
            with self.lock:
                self.model.save(path)
            with open(path, "rb") as stored:
                return stored.read()
        finally:
            os.remove(path)

    def save(self) -> str:
        """Write the model to the file the user named; returns its path."""
        if self.save_path is None:
            raise ValueError("No model file was named to save to: start the playground with "
                             "--save FILE (or save_path=), or download the model instead.")
        with self.lock:
            self.model.save(self.save_path)
        return self.save_path

    def options(self) -> dict:
        """What the page's menus offer."""
        from .. import activations, losses, optimizers

        return {"activations": activations.names(), "losses": losses.names(),
                "optimizers": optimizers.names(),
                "datasets": [] if self.fixed_data else [*datasets.GENERATED, "digits"],
                "max_layers": network.MAX_LAYERS, "max_units": network.MAX_UNITS,
                "can_save": self.save_path is not None}

    def snapshot(self) -> dict:
        """Everything the views draw, as plain numbers and lists."""
        with self.lock:
            data, model = self.data, self.model
            train = views.scores(model, data.x_train, data.y_train)
            test = views.scores(model, data.x_test, data.y_test)
            self._version += 1
            state = {
                "version": self._version, "problem": self.problem, "epoch": self.epoch_count, "step": self.step_count, "playing": self.playing,
                "settings": self.settings.to_dict(), "data_options": dict(self.data_options),
                "task": data.task, "features": data.num_features, "source": data.source,
                "loss": train["loss"], "accuracy": train["accuracy"],
                "val_loss": test["loss"], "val_accuracy": test["accuracy"],
                "history": list(self.history), "weights": views.weights(model),
                "distributions": views.distributions(model, data.x_train[:500]),
                "boundary": views.boundary(model, data),
                "neurons": views.neuron_maps(model, data.num_features)
                if data.num_features <= 2 else None,
                "last_batch": self.last_batch, "points": data.points(),
            }
        return state

    # -- listeners --------------------------------------------------------------------
    def publish(self) -> None:
        """Send a snapshot to every listener.  Two threads may publish at once (the training
        thread and a paused step), so a listener keeps the state of the highest `version`."""
        if not self.listeners:
            return
        state = self.snapshot()
        for listener in list(self.listeners):
            listener(state)

    def close(self) -> None:
        """Stop the training thread."""
        self._closed = True
        self.playing = False
        self._wake.set()
        self._thread.join(timeout=5)

    # -- the training ------------------------------------------------------------------
    def _load_options(self, options=None) -> dict:
        options = options or self.data_options
        return {"name": options["name"], "noise": options["noise"],
                "train_ratio": options["train_ratio"], "seed": options["seed"]}

    def _check_model_fits(self) -> None:
        features = self.model.input_shape[-1]
        if features != self.data.num_features:
            raise ValueError(f"The model takes {features} input features but the data "
                             f"({self.data.source}) has {self.data.num_features}.")

    @staticmethod
    def _check_trainable(model, data) -> None:
        """Raise the model's own ValueError now, for a loss that cannot take these targets
        (say, categorical cross-entropy on 0/1 labels), rather than in the training thread."""
        views.scores(model, data.x_train[:8], data.y_train[:8])

    def _start_history(self) -> None:
        self.epoch_count = 0
        self.step_count = 0
        self.position = 0
        self.last_batch = None
        self._order = self._epoch_order()
        self._norms = []
        self.history = [self._record(None)]

    def _epoch_order(self) -> np.ndarray:
        # The shuffle of each epoch depends only on the model's seed and the epoch.
        rng = np.random.default_rng([self.settings.seed, self.epoch_count])
        return rng.permutation(len(self.data.x_train))

    def _record(self, norms) -> dict:
        train = views.scores(self.model, self.data.x_train, self.data.y_train)
        test = views.scores(self.model, self.data.x_test, self.data.y_test)
        return {"epoch": self.epoch_count, "loss": train["loss"], "val_loss": test["loss"],
                "accuracy": train["accuracy"], "val_accuracy": test["accuracy"],
                "gradient_norms": norms,
                "activation_spreads": views.spreads(self.model, self.data.x_train[:500])}

    def _train_step(self) -> None:
        size = self.settings.batch_size
        batch = self._order[self.position:self.position + size]
        self.model.train_on_batch(self.data.x_train[batch], self.data.y_train[batch])
        self._norms.append(views.gradient_norms(self.model))
        self.last_batch = batch.tolist()
        self.step_count += 1
        self.position += size
        if self.position >= len(self._order):
            self.epoch_count += 1
            self.position = 0
            self._order = self._epoch_order()
            self.history.append(self._record(np.mean(self._norms, axis=0).tolist()))
            self._norms = []
            if len(self.history) > HISTORY:
                self.history = self.history[:1] + self.history[1::2][1:] + self.history[-1:]

    def _run(self) -> None:
        last_frame, epoch_started = 0.0, None
        while not self._closed:
            if not self.playing:
                self._wake.wait()
                self._wake.clear()
                continue
            if epoch_started is None:
                epoch_started = time.monotonic()
            ended = self._train_for(HOLD)
            if self.problem or time.monotonic() - last_frame >= 1.0 / FRAMES_PER_SECOND:
                last_frame = time.monotonic()
                self.publish()
            if not ended:
                time.sleep(0.0005)  # let the page's requests take the lock
                continue
            rest = 1.0 / self.epochs_per_second - (time.monotonic() - epoch_started)
            epoch_started = None
            if rest > 0:
                self._wake.wait(rest)  # a close, or a press of play, ends the wait at once
            self._wake.clear()

    def _train_for(self, seconds: float) -> bool:
        """Steps, with the lock held, until the epoch ends (True) or `seconds` pass.  A step
        that fails pauses the run and leaves its message in `problem` for the page."""
        deadline = time.monotonic() + seconds
        with self.lock:
            epoch = self.epoch_count
            try:
                while self.playing and self.epoch_count == epoch:
                    self._train_step()
                    if time.monotonic() > deadline:
                        break
            except (ValueError, TypeError, ArithmeticError) as error:
                self.playing = False
                self.problem = f"Training paused: {error}"
            return self.epoch_count != epoch
