import csv
import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

import lucidnet as ln
from lucidnet import Dense, Input, Sequential
from lucidnet.callbacks import (Callback, CallbackList, CSVLogger, EarlyStopping, LambdaCallback,
                                LearningRateScheduler, ModelCheckpoint, ProgbarLogger,
                                ReduceLROnPlateau, TerminateOnNaN)


@pytest.fixture
def data(rng):
    x = rng.normal(size=(64, 4))
    y = (x[:, 0] + 0.5 * x[:, 1] > 0).astype(int)
    return x, y


def make_model(seed=0, learning_rate=0.01):
    model = Sequential([Input((4,)), Dense(6, activation="tanh"), Dense(2, activation="softmax")],
                       seed=seed)
    model.compile(optimizer=ln.optimizers.SGD(learning_rate=learning_rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


class Script(Callback):
    """Overwrites a logged value with a scripted sequence, to drive monitor-based callbacks."""

    def __init__(self, key, values):
        super().__init__()
        self.key, self.values = key, values

    def on_epoch_end(self, epoch, logs=None):
        logs[self.key] = self.values[epoch]


class WeightRecorder(Callback):
    def on_train_begin(self, logs=None):
        self.per_epoch = []

    def on_epoch_end(self, epoch, logs=None):
        self.per_epoch.append(self.model.get_weights())


def assert_same_weights(first, second):
    assert len(first) == len(second)
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)


# -- EarlyStopping ---------------------------------------------------------------------------

def test_early_stopping_stops_after_patience_epochs_without_improvement(data):
    model = make_model()
    script = Script("val_loss", [1.0, 0.8, 0.9, 0.85, 0.95, 0.7, 0.6])
    stopper = EarlyStopping(monitor="val_loss", patience=3)
    history = model.fit(*data, epochs=7, verbose=0, callbacks=[script, stopper])
    assert history.epoch == [0, 1, 2, 3, 4]
    assert stopper.stopped_epoch == 4 and stopper.best == 0.8


def test_early_stopping_restores_best_weights_bit_for_bit(data):
    model = make_model()
    recorder = WeightRecorder()
    script = Script("val_loss", [1.0, 0.5, 0.7, 0.8, 0.9])
    stopper = EarlyStopping(patience=2, restore_best_weights=True)
    model.fit(*data, epochs=5, verbose=0, callbacks=[script, recorder, stopper])
    assert stopper.stopped_epoch == 3
    assert_same_weights(model.get_weights(), recorder.per_epoch[1])


def test_early_stopping_restores_best_weights_when_training_runs_to_the_end(data):
    model = make_model()
    recorder = WeightRecorder()
    script = Script("val_loss", [1.0, 0.4, 0.6, 0.5])
    stopper = EarlyStopping(patience=10, restore_best_weights=True)
    model.fit(*data, epochs=4, verbose=0, callbacks=[script, recorder, stopper])
    assert stopper.stopped_epoch == 0
    assert_same_weights(model.get_weights(), recorder.per_epoch[1])


def test_early_stopping_min_delta_mode_max_and_start_from_epoch(data):
    model = make_model()
    script = Script("val_accuracy", [0.1, 0.5, 0.505, 0.508, 0.509, 0.51, 0.6])
    stopper = EarlyStopping(monitor="val_accuracy", min_delta=0.01, patience=2, start_from_epoch=1)
    history = model.fit(*data, epochs=7, verbose=0, callbacks=[script, stopper])
    assert stopper.watch.direction == "max"
    assert history.epoch == [0, 1, 2, 3]  # 0.505 and 0.508 are not 0.01 better than 0.5


def test_early_stopping_baseline_stops_a_run_that_never_beats_it(data):
    model = make_model()
    script = Script("val_loss", [0.9, 0.8, 0.7, 0.6, 0.5])
    stopper = EarlyStopping(patience=2, baseline=0.55)
    history = model.fit(*data, epochs=5, verbose=0, callbacks=[script, stopper])
    assert history.epoch == [0, 1]


def test_unknown_monitor_warns_once_and_names_the_available_keys(data):
    model = make_model()
    with pytest.warns(UserWarning, match=r"'val_los', which is not in the logs; available keys: accuracy, loss") as caught:
        model.fit(*data, epochs=3, verbose=0, callbacks=[EarlyStopping(monitor="val_los", mode="min")])
    assert len([w for w in caught if "val_los" in str(w.message)]) == 1


def test_auto_mode_refuses_a_monitor_whose_direction_no_metric_declares(data):
    model = make_model()
    with pytest.raises(ValueError, match=r"monitor='val_los', but which way is better cannot be "
                                         r"determined.*mode='max'.*mode='min'"):
        model.fit(*data, epochs=3, verbose=0, callbacks=[EarlyStopping(monitor="val_los")])


# -- ModelCheckpoint ----------------------------------------------------------------------

def test_checkpoint_formats_the_file_name_with_epoch_and_logs(data, tmp_path):
    model = make_model()
    pattern = str(tmp_path / "ckpt-{epoch:02d}-{loss:.3f}.safetensors")
    history = model.fit(*data, epochs=2, verbose=0, callbacks=[ModelCheckpoint(pattern)])
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [f"ckpt-{e + 1:02d}-{loss:.3f}.safetensors" for e, loss in enumerate(history.history["loss"])]


def test_checkpoint_save_best_only_writes_only_on_improvement(data, tmp_path):
    model = make_model()
    recorder = WeightRecorder()
    path = tmp_path / "best.safetensors"
    script = Script("val_loss", [0.9, 0.5, 0.7, 0.6])
    checkpoint = ModelCheckpoint(path, monitor="val_loss", save_best_only=True)
    model.fit(*data, epochs=4, verbose=0, callbacks=[script, recorder, checkpoint])
    fresh = make_model(seed=5)
    fresh.load_weights(path)
    assert_same_weights(fresh.get_weights(), recorder.per_epoch[1])


def test_checkpoint_writes_a_full_model_file_including_the_epoch_it_ends(data, tmp_path):
    model = make_model()
    model.fit(*data, epochs=2, verbose=0, callbacks=[ModelCheckpoint(tmp_path / "last.lucid")])
    loaded = ln.saving.load_model(tmp_path / "last.lucid")
    assert loaded.optimizer.iterations == model.optimizer.iterations
    assert loaded.history.epoch == [0, 1]
    assert loaded.history.history["loss"] == model.history.history["loss"]
    assert_same_weights(loaded.get_weights(), model.get_weights())


def test_checkpoint_with_save_weights_only_writes_a_weights_file(data, tmp_path):
    model = make_model()
    path = tmp_path / "weights.safetensors"
    model.fit(*data, epochs=1, verbose=0, callbacks=[ModelCheckpoint(path, save_weights_only=True)])
    with pytest.raises(ln.saving.ModelFileError, match="holds weights only"):
        ln.saving.load_model(path)
    fresh = make_model(seed=5)
    fresh.load_weights(path)
    assert_same_weights(fresh.get_weights(), model.get_weights())


def test_resuming_from_a_checkpoint_matches_the_run_that_wrote_it(data, tmp_path):
    model = Sequential([Input((4,)), Dense(6, activation="tanh"), ln.Dropout(0.25),
                        Dense(2, activation="softmax")], seed=0)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    pattern = str(tmp_path / "ckpt-{epoch}.lucid")
    model.fit(*data, epochs=4, batch_size=16, verbose=0, callbacks=[ModelCheckpoint(pattern)])
    resumed = ln.saving.load_model(tmp_path / "ckpt-2.lucid")
    resumed.fit(*data, epochs=4, batch_size=16, verbose=0,
                initial_epoch=resumed.history.epoch[-1] + 1)
    assert_same_weights(resumed.get_weights(), model.get_weights())


def test_checkpoint_killed_mid_write_leaves_the_previous_file_intact(tmp_path):
    """A process killed while it rewrites the checkpoint leaves the old file or the new one."""
    path = tmp_path / "big.safetensors"
    script = textwrap.dedent(f"""
        import numpy as np, sys
        import lucidnet as ln
        model = ln.Sequential([ln.Input((1500,)), ln.Dense(1500)], seed=0)
        value = 0.0
        while True:
            model.set_weights([np.full((1500, 1500), value, "float32"), np.full(1500, value, "float32")])
            model.save_weights({str(path)!r})
            if value == 0.0:
                print("saved", flush=True)
            value += 1.0
    """)
    for delay in (0.05, 0.13, 0.29):
        process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
        assert process.stdout.readline().strip() == "saved"
        time.sleep(delay)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        model = Sequential([Input((1500,)), Dense(1500)], seed=1)
        model.load_weights(path)  # never a truncated or mixed file
        kernel, bias = model.get_weights()
        assert kernel.min() == kernel.max() == bias[0] == bias[-1]


# -- learning rate ----------------------------------------------------------------------------

def test_reduce_lr_on_plateau_reduces_at_the_right_epochs(data):
    model = make_model(learning_rate=1.0)
    #            epoch: 0    1    2    3    4    5    6    7    8
    losses = [1.0, 0.9, 0.95, 0.93, 0.94, 0.92, 0.91, 0.96, 0.97]
    reducer = ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=2, cooldown=1, min_delta=0.0,
                                min_lr=0.2)
    history = model.fit(*data, epochs=9, verbose=0, callbacks=[Script("val_loss", losses), reducer])
    # History logs the rate each epoch trained with. Patience runs out at the end of epoch 3
    # (two epochs without beating 0.9): 1.0 → 0.5. As in Keras, the one cooldown epoch is
    # already over when epoch 4 is judged, so 0.94 and 0.92 exhaust patience again at epoch 5
    # (0.5 → 0.25) and 0.91, 0.96 at epoch 7, where min_lr caps the cut: 0.25 → 0.2.
    assert history.history["learning_rate"] == [1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.25, 0.25, 0.2]


def test_reduce_lr_never_goes_below_min_lr(data):
    model = make_model(learning_rate=1.0)
    reducer = ReduceLROnPlateau(monitor="val_loss", factor=0.1, patience=1, min_lr=0.05)
    history = model.fit(*data, epochs=4, verbose=0, callbacks=[Script("val_loss", [1, 1, 1, 1]), reducer])
    assert history.history["learning_rate"] == [1.0, 1.0, 0.1, 0.05]


def test_learning_rate_scheduler_sets_the_rate_each_epoch_and_history_logs_it(data):
    model = make_model(learning_rate=0.1)
    scheduler = LearningRateScheduler(lambda epoch, lr: lr * 0.5 if epoch > 0 else lr)
    history = model.fit(*data, epochs=3, verbose=0, callbacks=[scheduler])
    assert history.history["learning_rate"] == [0.1, 0.05, 0.025]


# -- resuming with the callbacks that steer training -----------------------------------------

def straight_and_resumed(data, tmp_path, make_callbacks, epochs, stop_after):
    """A run of ``epochs`` epochs, and one that stops after ``stop_after`` epochs, is saved by
    ModelCheckpoint, loaded, and resumed with fresh callbacks of the same configuration:
    ((model, history, callbacks) of the first, the same of the resumed)."""
    straight, straight_callbacks = make_model(learning_rate=1.0), make_callbacks()
    straight_history = straight.fit(*data, epochs=epochs, batch_size=16, verbose=0,
                                    callbacks=straight_callbacks)
    interrupted = make_model(learning_rate=1.0)
    checkpoint = ModelCheckpoint(str(tmp_path / "ckpt-{epoch}.lucid"))
    interrupted.fit(*data, epochs=stop_after, batch_size=16, verbose=0,
                    callbacks=make_callbacks() + [checkpoint])
    resumed = ln.load_model(tmp_path / f"ckpt-{stop_after}.lucid")
    resumed_callbacks = make_callbacks()
    resumed_history = resumed.fit(*data, epochs=epochs, batch_size=16, verbose=0,
                                  initial_epoch=stop_after, callbacks=resumed_callbacks)
    return ((straight, straight_history, straight_callbacks),
            (resumed, resumed_history, resumed_callbacks))


def assert_resumed_as_never_stopped(straight, resumed, stop_after):
    (model, history, _), (resumed_model, resumed_history, _) = straight, resumed
    assert_same_weights(resumed_model.get_weights(), model.get_weights())
    assert resumed_history.epoch == history.epoch[stop_after:]
    assert resumed_history.history == {key: values[stop_after:]
                                       for key, values in history.history.items()}


@pytest.mark.parametrize("stop_after", [3, 4, 5, 7])
def test_a_resumed_run_reduces_the_learning_rate_when_the_uninterrupted_one_does(data, tmp_path,
                                                                                 stop_after):
    #        epoch: 0    1    2     3     4     5     6     7     8     9
    scores = [1.0, 0.9, 0.95, 0.93, 0.94, 0.92, 0.91, 0.96, 0.85, 0.97]

    def callbacks():
        return [Script("score", scores),
                ReduceLROnPlateau(monitor="score", mode="min", factor=0.5, patience=2, cooldown=1,
                                  min_delta=0.0, min_lr=0.2)]

    straight, resumed = straight_and_resumed(data, tmp_path, callbacks, 10, stop_after)
    assert_resumed_as_never_stopped(straight, resumed, stop_after)
    assert straight[1].history["learning_rate"] == [1.0] * 4 + [0.5] * 2 + [0.25] * 2 + [0.2] * 2
    assert resumed[2][1].get_state() == straight[2][1].get_state()


@pytest.mark.parametrize("stop_after", [2, 4, 5])
def test_a_resumed_run_stops_early_and_restores_the_best_weights_as_the_uninterrupted_one(
        data, tmp_path, stop_after):
    #        epoch: 0    1    2     3    4     5     6     7
    scores = [1.0, 0.8, 0.85, 0.7, 0.75, 0.76, 0.77, 0.6]

    def callbacks():
        return [Script("score", scores),
                EarlyStopping(monitor="score", mode="min", patience=3, restore_best_weights=True)]

    straight, resumed = straight_and_resumed(data, tmp_path, callbacks, 8, stop_after)
    assert_resumed_as_never_stopped(straight, resumed, stop_after)
    stopper, resumed_stopper = straight[2][1], resumed[2][1]
    assert stopper.stopped_epoch == resumed_stopper.stopped_epoch == 6
    assert resumed_stopper.best_epoch == stopper.best_epoch == 3


def test_a_resumed_run_follows_the_learning_rate_schedule_as_the_uninterrupted_one(data, tmp_path):
    def callbacks():  # lr ← lr/2 from epoch 2 on: it reads the rate the optimizer has
        return [LearningRateScheduler(lambda epoch, lr: lr / 2 if epoch >= 2 else lr)]

    straight, resumed = straight_and_resumed(data, tmp_path, callbacks, 6, 3)
    assert_resumed_as_never_stopped(straight, resumed, 3)
    assert straight[1].history["learning_rate"] == [1.0, 1.0, 0.5, 0.25, 0.125, 0.0625]


def test_saved_callback_states_are_restored_after_on_train_begin_and_used_once(data, tmp_path):
    class Counter(Callback):
        def on_train_begin(self, logs=None):
            self.count = 0

        def on_epoch_end(self, epoch, logs=None):
            self.count += 1

        def get_state(self):
            return {"count": self.count}

        def set_state(self, state):
            self.count = state["count"]

    model = make_model()
    model.fit(*data, epochs=3, verbose=0,
              callbacks=[Counter(), ModelCheckpoint(str(tmp_path / "ckpt.lucid"))])
    resumed = ln.load_model(tmp_path / "ckpt.lucid")
    assert resumed.saved_callback_states == {"Counter": [{"count": 3}],
                                             "ModelCheckpoint": [{"best": None, "batches_seen": 0}]}
    counter = Counter()
    resumed.fit(*data, epochs=5, initial_epoch=3, verbose=0,
                callbacks=[counter, ModelCheckpoint(str(tmp_path / "again.lucid"))])
    assert counter.count == 5
    assert resumed.saved_callback_states is None  # a second fit starts its callbacks afresh


def test_a_saved_state_no_callback_takes_is_reported(data, tmp_path):
    model = make_model()
    model.fit(*data, epochs=2, verbose=0, callbacks=[
        EarlyStopping(monitor="loss", patience=5), ModelCheckpoint(str(tmp_path / "ckpt.lucid"))])
    resumed = ln.load_model(tmp_path / "ckpt.lucid")
    with pytest.warns(RuntimeWarning, match=r"EarlyStopping \(number 1 of its class\)"):
        resumed.fit(*data, epochs=3, initial_epoch=2, verbose=0)


@pytest.mark.parametrize("value, error, message", [
    (float("nan"), ValueError, r"callbacks\['Bad'\]\[0\]\['x'\]: it is nan"),
    ("text", TypeError, r"callbacks\['Bad'\]\[0\]\['x'\]: it is str"),
    ([np.arange(3)], TypeError, r"callbacks\['Bad'\]\[0\]\['x'\]\[0\]: it is int64"),
])
def test_a_checkpoint_refuses_a_callback_state_a_model_file_cannot_hold(data, tmp_path, value,
                                                                        error, message):
    class Bad(Callback):
        def get_state(self):
            return {"x": value}

    path = tmp_path / "ckpt.lucid"
    with pytest.raises(error, match=message):
        make_model().fit(*data, epochs=1, verbose=0, callbacks=[Bad(), ModelCheckpoint(str(path))])
    assert not path.exists()


# -- TerminateOnNaN, CSVLogger, LambdaCallback ------------------------------------------------

def test_terminate_on_nan_stops_and_keeps_finite_weights(data, capsys):
    x, y = data
    model = Sequential([Input((4,)), Dense(1)], seed=0)
    model.compile(optimizer=ln.optimizers.SGD(learning_rate=1e6), loss="mse")
    with pytest.warns(RuntimeWarning), np.errstate(all="ignore"):
        history = model.fit(x, y * 1e15, epochs=20, batch_size=8, verbose=0, callbacks=[TerminateOnNaN()])
    assert "Invalid loss, terminating training" in capsys.readouterr().out
    assert len(history.epoch) < 20
    assert all(np.isfinite(w).all() for w in model.get_weights())


def test_csv_logger_writes_one_row_per_epoch_and_the_header_once(data, tmp_path):
    path = tmp_path / "log.csv"
    model = make_model()
    first = model.fit(*data, epochs=2, verbose=0, callbacks=[CSVLogger(path)])
    model.fit(*data, epochs=1, verbose=0, callbacks=[CSVLogger(path, append=True)])
    with open(path) as file:
        rows = list(csv.reader(file))
    # Without validation, Keras's columns still name the val_ values, written NA.
    assert rows[0] == ["epoch", "accuracy", "loss", "val_accuracy", "val_loss"]
    assert len(rows) == 4 and rows.count(rows[0]) == 1
    assert float(rows[1][2]) == pytest.approx(first.history["loss"][0])
    assert rows[1][3:] == ["NA", "NA"]


def test_lambda_callback_calls_the_given_functions(data):
    calls = []
    callback = LambdaCallback(on_train_begin=lambda logs: calls.append("begin"),
                              on_epoch_end=lambda epoch, logs: calls.append(("epoch", epoch, "loss" in logs)),
                              on_batch_end=lambda batch, logs: calls.append("batch"))
    make_model().fit(*data, epochs=2, batch_size=32, verbose=0, callbacks=[callback])
    assert calls == ["begin", "batch", "batch", ("epoch", 0, True), "batch", "batch", ("epoch", 1, True)]


def test_lambda_callback_warns_of_a_hook_name_nothing_calls_and_keeps_it_as_keras_does():
    with pytest.warns(UserWarning, match="'on_epoch_finish', which is not a callback hook"):
        callback = LambdaCallback(on_epoch_finish=print)
    assert callback.on_epoch_finish is print


# -- arguments --------------------------------------------------------------------------------

@pytest.mark.parametrize("make, message", [
    (lambda: EarlyStopping(patience=-1), "EarlyStopping patience must be a non-negative integer, got -1"),
    (lambda: EarlyStopping(patience=2.5), "EarlyStopping patience must be a non-negative integer, got 2.5"),
    (lambda: EarlyStopping(min_delta=float("nan")), "EarlyStopping min_delta must be a finite number, got nan"),
    (lambda: EarlyStopping(baseline=float("nan")), "EarlyStopping baseline must be a finite number, got nan"),
    (lambda: EarlyStopping(mode="best"), "EarlyStopping mode must be one of 'auto', 'min' or 'max', got 'best'"),
    (lambda: EarlyStopping(restore_best_weights="no"),
     "EarlyStopping restore_best_weights must be True or False, got 'no'"),
    (lambda: EarlyStopping(start_from_epoch=-1),
     "EarlyStopping start_from_epoch must be a non-negative integer, got -1"),
    (lambda: ReduceLROnPlateau(factor=1.0), r"ReduceLROnPlateau factor must be a number in \(0, 1\), got 1.0"),
    (lambda: ReduceLROnPlateau(factor=float("nan")), r"ReduceLROnPlateau factor must be a number in \(0, 1\), got nan"),
    (lambda: ReduceLROnPlateau(patience=-1), "ReduceLROnPlateau patience must be a non-negative integer, got -1"),
    (lambda: ReduceLROnPlateau(cooldown=-2), "ReduceLROnPlateau cooldown must be a non-negative integer, got -2"),
    (lambda: ReduceLROnPlateau(min_lr=float("nan")), "ReduceLROnPlateau min_lr must be a number >= 0, got nan"),
    (lambda: ReduceLROnPlateau(min_delta=float("inf")), "ReduceLROnPlateau min_delta must be a finite number, got inf"),
    (lambda: LearningRateScheduler(lambda epoch, lr: lr, verbose=-1),
     "LearningRateScheduler verbose must be a non-negative integer, got -1"),
    (lambda: ModelCheckpoint("m.lucid", save_freq=0),
     "ModelCheckpoint save_freq must be 'epoch' or a positive integer, got 0"),
    (lambda: ModelCheckpoint("m.lucid", save_freq="batch"),
     "ModelCheckpoint save_freq must be 'epoch' or a positive integer, got 'batch'"),
    (lambda: ModelCheckpoint("m.lucid", verbose=True), "ModelCheckpoint verbose must be a non-negative integer, got True"),
    (lambda: ModelCheckpoint("m.lucid", save_best_only="yes"),
     "ModelCheckpoint save_best_only must be True or False, got 'yes'"),
    (lambda: ModelCheckpoint("m.lucid", initial_value_threshold=float("nan")),
     "ModelCheckpoint initial_value_threshold must be a finite number, got nan"),
    (lambda: ProgbarLogger(refresh_seconds=-1), "ProgbarLogger refresh_seconds must be a number >= 0, got -1"),
    (lambda: CSVLogger("log.csv", append="yes"), "CSVLogger append must be True or False, got 'yes'"),
])
def test_bad_callback_arguments_are_refused_with_the_value_received(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_callback_arguments_take_numpy_scalars_as_plain_numbers():
    stopping = EarlyStopping(patience=np.int64(3), min_delta=np.float32(0.5), baseline=np.float64(1.0))
    reducer = ReduceLROnPlateau(factor=np.float32(0.5), cooldown=np.int32(1), min_lr=np.float32(0.25))
    checkpoint = ModelCheckpoint("m.lucid", save_freq=np.int64(4), save_best_only=np.bool_(True))
    values = [stopping.patience, stopping.watch.min_delta, stopping.baseline, reducer.factor,
              reducer.cooldown, reducer.min_lr, checkpoint.save_freq, checkpoint.save_best_only]
    assert values == [3, 0.5, 1.0, 0.5, 1, 0.25, 4, True]
    assert [type(v) for v in values] == [int, float, float, float, int, float, int, bool]


def test_a_schedule_that_produces_nan_stops_fit_with_the_value(data):
    model = make_model()
    scheduler = LearningRateScheduler(lambda epoch, lr: float("nan") if epoch else lr)
    with pytest.raises(ValueError, match="The learning rate LearningRateScheduler produced must be a number > 0, got nan"):
        model.fit(*data, epochs=2, verbose=0, callbacks=[scheduler])


def test_a_callback_list_is_accepted_as_callbacks(data):
    seen = []
    callbacks = CallbackList([LambdaCallback(on_epoch_end=lambda epoch, logs: seen.append(epoch))])
    make_model().fit(*data, epochs=2, verbose=0, callbacks=callbacks)
    assert seen == [0, 1]


def test_a_failing_callback_stops_training_and_its_error_is_re_raised_unchanged(data):
    model = make_model()
    error = KeyError("boom")
    snapshots = []

    class Failing(Callback):
        def on_train_batch_end(self, batch, logs=None):
            snapshots.append(self.model.get_weights())
            if batch == 1:
                raise error

    with pytest.raises(KeyError) as caught:
        model.fit(*data, epochs=3, batch_size=16, verbose=0, callbacks=[Failing()])
    assert caught.value is error
    assert_same_weights(model.get_weights(), snapshots[-1])


def test_evaluate_and_predict_call_their_hooks(data):
    events = []
    hooks = {name: (lambda *args, name=name: events.append(name)) for name in
             ("on_test_begin", "on_test_batch_end", "on_test_end", "on_predict_begin",
              "on_predict_batch_end", "on_predict_end")}
    model = make_model()
    model.evaluate(*data, batch_size=32, verbose=0, callbacks=[LambdaCallback(**hooks)])
    model.predict(data[0], batch_size=64, verbose=0, callbacks=[LambdaCallback(**hooks)])
    assert events == ["on_test_begin", "on_test_batch_end", "on_test_batch_end", "on_test_end",
                      "on_predict_begin", "on_predict_batch_end", "on_predict_end"]


# -- fit options --------------------------------------------------------------------------------

def test_class_weight_equals_the_matching_sample_weights(data):
    x, y = data
    weighted, by_sample = make_model(), make_model()
    weighted.fit(x, y, epochs=2, verbose=0, shuffle=False, class_weight={0: 0.3, 1: 2.0})
    by_sample.fit(x, y, epochs=2, verbose=0, shuffle=False, sample_weight=np.where(y == 1, 2.0, 0.3))
    for a, b in zip(weighted.get_weights(), by_sample.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-6)


def test_weighted_gradients_match_finite_differences(data, rng):
    x, y = data
    model = Sequential([Input((4,)), Dense(5, activation="tanh"), Dense(2, activation="softmax")], seed=0)
    model.compile(loss="sparse_categorical_crossentropy")
    report = ln.utils.gradcheck(model, x[:10], y[:10], sample_weight=rng.uniform(0, 3, 10))
    assert report.passed(1e-6), str(report)


def test_validation_freq_validates_only_on_chosen_epochs(data):
    history = make_model().fit(*data, epochs=4, verbose=0, validation_split=0.25, validation_freq=2)
    assert len(history.history["loss"]) == 4 and len(history.history["val_loss"]) == 2
    history = make_model().fit(*data, epochs=4, verbose=0, validation_split=0.25, validation_freq=[1, 4])
    assert len(history.history["val_loss"]) == 2


def test_steps_per_epoch_limits_the_batches(data):
    batches = []
    make_model().fit(*data, epochs=2, batch_size=8, steps_per_epoch=3, verbose=0,
                     callbacks=[LambdaCallback(on_train_batch_end=lambda b, logs: batches.append(b))])
    assert batches == [0, 1, 2, 0, 1, 2]


def test_steps_per_epoch_above_the_batches_of_the_data_gives_short_epochs_with_a_warning(data):
    # 64 examples in batches of 32 are 2 batches; as in Keras, each epoch of 10 steps ends
    # with the pass, and the next starts a new one.
    batches = []
    with pytest.warns(UserWarning, match=r"steps_per_epoch=10: the pass over the 2 batches of "
                                         r"the data ended after 2 batches of epoch 1"):
        history = make_model().fit(*data, epochs=2, batch_size=32, steps_per_epoch=10, verbose=0,
                                   callbacks=[LambdaCallback(on_train_batch_end=lambda b, logs: batches.append(b))])
    assert batches == [0, 1, 0, 1] and history.epoch == [0, 1]


def test_initial_epoch_resumes_the_epoch_count(data):
    history = make_model().fit(*data, epochs=5, initial_epoch=3, verbose=0)
    assert history.epoch == [3, 4]


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"class_weight": {0: 1.0, 7: 2.0}}, ValueError, r"class_weight has label 7, but the model's output has classes 0..1"),
        ({"sample_weight": np.ones(10)}, ValueError, "x and sample_weight must have the same number of examples, got 64 and 10"),
        ({"validation_split": 1.0}, ValueError, r"validation_split must be a number in \[0, 1\), got 1.0"),
        ({"validation_split": -0.1}, ValueError, r"validation_split must be a number in \[0, 1\)"),
        ({"validation_data": (np.zeros((5, 3)), np.zeros(5))}, ValueError, r"expected inputs with 4 features, got shape \(5, 3\)"),
        ({"validation_data": (np.zeros((5, 4)), np.zeros(4))}, ValueError, "validation x and validation y must have the same number of examples, got 5 and 4"),
        ({"validation_data": np.zeros((5, 4))}, ValueError, "validation_data must be a tuple"),
        ({"validation_freq": 0}, ValueError, "validation_freq must be a positive integer"),
        ({"callbacks": EarlyStopping()}, TypeError, "callbacks must be a list of Callback objects"),
        ({"callbacks": ["early"]}, TypeError, "callbacks must be Callback instances"),
    ],
)
def test_bad_fit_arguments_are_explained_before_any_training(data, kwargs, error, message):
    model = make_model()
    before = model.get_weights()
    with pytest.raises(error, match=message):
        model.fit(*data, epochs=2, verbose=0, **kwargs)
    assert_same_weights(before, model.get_weights())


# -- progress output --------------------------------------------------------------------------

def test_verbose_0_prints_nothing(data, capsys):
    make_model().fit(*data, epochs=2, verbose=0, validation_split=0.25)
    assert capsys.readouterr().out == ""


def test_verbose_false_prints_nothing_and_true_shows_the_bar_as_in_keras(data, capsys):
    make_model().fit(*data, epochs=2, verbose=False, validation_split=0.25)
    assert capsys.readouterr().out == ""
    make_model().fit(*data, epochs=2, batch_size=8, verbose=True, validation_split=0.25)
    captured = capsys.readouterr()
    assert "6/6" in captured.out + captured.err  # verbose=1's bar: 48 examples in batches of 8


def test_verbose_2_prints_one_line_per_epoch(data, capsys):
    make_model().fit(*data, epochs=3, verbose=2, validation_split=0.25)
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("Epoch 1/3 - ") and "loss: " in lines[0] and "val_accuracy: " in lines[0]


def test_verbose_1_shows_a_bar_per_epoch_with_final_metrics(data, capsys):
    make_model().fit(*data, epochs=2, batch_size=8, verbose=1, validation_split=0.25)
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert "Epoch 1/2" in output and "Epoch 2/2" in output
    assert "6/6" in output  # 48 training examples in batches of 8
    assert "val_loss: " in output and "step" in output


def test_verbose_auto_is_one_line_per_epoch_when_output_is_not_a_terminal(data, capsys):
    make_model().fit(*data, epochs=2)
    assert len(capsys.readouterr().out.strip().splitlines()) == 2


def test_evaluate_verbose_prints_the_metrics(data, capsys):
    make_model().evaluate(*data, verbose=2)
    assert "loss: " in capsys.readouterr().out


@pytest.mark.parametrize("filepath, message", [
    ("ckpt-{epoch", r"is not a valid pattern \(expected '}' before end of string\)"),
    ("ckpt-{0}.lucid", r"has the field \{0\}; a field names a logged value"),
    ("ckpt-{epoch.real}.lucid", r"has the field \{epoch.real\}"),
    ("ckpt-{val_loss:.3q}.lucid", r"cannot be filled in \(Unknown format code 'q'"),
])
def test_a_malformed_checkpoint_filepath_is_refused_when_the_callback_is_made(filepath, message):
    with pytest.raises(ValueError, match=message):
        ModelCheckpoint(filepath)


def test_a_checkpoint_field_no_epoch_logs_is_refused_before_the_first_epoch(data, tmp_path):
    model = make_model()
    before = model.get_weights()
    with pytest.raises(ValueError, match=r"names \['val_acc'\], which no epoch logs; it may use"):
        model.fit(*data, epochs=2, verbose=0,
                  callbacks=[ModelCheckpoint(str(tmp_path / "m-{val_acc:.2f}.lucid"))])
    assert_same_weights(before, model.get_weights())


def test_a_checkpoint_field_missing_from_this_run_s_logs_names_what_they_hold(data, tmp_path):
    # val_loss is a name fit can log, but this run has no validation data.
    with pytest.raises(ValueError, match=r"needs \['val_loss'\], which epoch 1's logs do not hold"):
        make_model().fit(*data, epochs=1, verbose=0,
                         callbacks=[ModelCheckpoint(str(tmp_path / "m-{val_loss:.2f}.lucid"),
                                                    monitor="loss")])


@pytest.mark.parametrize("stop_after", [2, 3, 4])
def test_a_resumed_run_saves_the_best_checkpoints_the_uninterrupted_one_saves(data, tmp_path, stop_after):
    #        epoch: 0    1    2     3    4    5
    scores = [1.0, 0.8, 0.9, 0.85, 0.7, 0.95]

    def run(directory, epochs, initial_epoch=0, model=None):
        directory.mkdir(exist_ok=True)
        model = model or make_model(learning_rate=1.0)
        best = ModelCheckpoint(str(directory / "best-{epoch}.lucid"), monitor="score", mode="min",
                               save_best_only=True)
        every = ModelCheckpoint(str(directory / "ckpt-{epoch}.lucid"))
        model.fit(*data, epochs=epochs, batch_size=16, verbose=0, initial_epoch=initial_epoch,
                  callbacks=[Script("score", scores), best, every])
        return sorted(path.name for path in directory.glob("best-*")), best

    straight, straight_checkpoint = run(tmp_path / "straight", 6)
    assert straight == ["best-1.lucid", "best-2.lucid", "best-5.lucid"]
    run(tmp_path / "first", stop_after)
    resumed_model = ln.load_model(tmp_path / "first" / f"ckpt-{stop_after}.lucid")
    resumed, resumed_checkpoint = run(tmp_path / "resumed", 6, stop_after, resumed_model)
    assert resumed == [name for name in straight if int(name[5:-6]) > stop_after]
    assert resumed_checkpoint.get_state() == straight_checkpoint.get_state()
