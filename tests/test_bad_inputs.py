"""Property-based tests: every bad input ends in a clear error, and valid odd inputs work.

The contract checked for each generated input: the call raises a ``ValueError`` or a
``TypeError`` (or a lucidnet error deriving from one) whose message names the culprit (the
argument, the layer or the class), raised from lucidnet's own code rather than from inside
NumPy, and a model that was being trained keeps its weights.  Inputs that are legitimately
valid (DataFrames, read-only and non-contiguous arrays, NumPy scalars, lists) must give the
same result as the plain array would.

The families, and how many inputs each generates in the default run (about 8,000 in all;
hypothesis stops early on a family whose space of cases is smaller than its budget):

- ``fit``/``evaluate``/``predict`` data (x, y, sample_weight, validation_data): 372;
- targets of the wrong kind for each loss (each refusal hints at the loss that fits): 60;
- the keyword arguments of ``fit``/``evaluate``/``predict``: 200 (a few valid ones skipped);
- ``compile``'s arguments: 33;
- every constructor argument of every registered layer, callback, optimizer, schedule, loss,
  metric, initializer, regularizer and constraint, and of Sequential, driven by the
  registries and the signatures (a new class is covered by being registered): for each flag,
  count or number, the values of its kind that must be refused (strings, None where it is not
  allowed, lists, complex numbers, bools for numbers, NaN and ±inf, negatives where they are
  not allowed), values it may take or refuse, and NumPy-scalar forms of a valid value, which
  must give the same settings as the Python value, plain Python values in ``get_config()``
  and the same numbers: 6,992 (layers 1,684, callbacks 820, optimizers 2,179, schedules 658,
  losses 105, metrics 1,030, initializers 194, regularizers 116, constraints 167, models 39);
- the activation, loss and metric functions called on bad arrays and mismatched shapes: 200;
- learning rates from schedules and callables that turn bad mid-training: 24;
- valid odd inputs (lists, DataFrames, read-only and non-contiguous arrays, NumPy scalars): 22;
- unknown registry names (activation=, kernel_initializer=, optimizer=, loss=, ...), each
  refusal naming the argument, the value, the close matches and the valid names: 51;
- x and y whose squares overflow the model's dtype, at fit/evaluate/train_on_batch/predict: 39;
- metrics contradicting the loss, at compile or at the first batch: 60.

``python -m tests.test_bad_inputs`` runs the default tests and prints how many bad inputs
each one checked (8,018 at the time of writing); the tests themselves print nothing.

Hypothesis runs derandomized (the ``bad-inputs`` profile), so CI sees the same inputs on
every run.  ``pytest -m slow`` reruns the file with ten times as many examples of each family.
"""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
import traceback
from collections import Counter

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lucidnet
from lucidnet import (
    Dense,
    Input,
    Sequential,
    activations,
    callbacks,
    constraints,
    initializers,
    losses,
    metrics,
    regularizers,
)
from lucidnet.layers.base import LAYERS
from lucidnet.optimizers import OPTIMIZERS
from lucidnet.optimizers.schedules import SCHEDULES

settings.register_profile(
    "bad-inputs", derandomize=True, deadline=None, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.filter_too_much],
)
#: How many times the default number of examples to run; the slow test sets it to 10.
SCALE = int(os.environ.get("LUCIDNET_BAD_INPUTS_SCALE", "1"))


def examples(count: int):
    """The profile with ``count`` examples (times SCALE)."""
    return settings(settings.get_profile("bad-inputs"), max_examples=count * SCALE)


PACKAGE = os.path.dirname(os.path.abspath(lucidnet.__file__)) + os.sep


#: How many bad inputs each test checked in this process (see :func:`report`).
CHECKED: Counter = Counter()


def _count(cases: int = 1) -> None:
    """Count ``cases`` for the test function that is running (the nearest ``test_`` frame)."""
    frame = sys._getframe(1)
    while frame is not None and not frame.f_code.co_name.startswith("test_"):
        frame = frame.f_back
    CHECKED[frame.f_code.co_name if frame is not None else "other"] += cases


def report() -> Counter:
    """Run this file's default tests in this process and print how many bad inputs each
    family checked, the total last: ``python -m tests.test_bad_inputs``."""
    counts = Counter()

    class Collect:
        def pytest_sessionfinish(self):
            for module in list(sys.modules.values()):
                if getattr(module, "__file__", None) == __file__ and module.__name__ != "__main__":
                    counts.update(module.CHECKED)

    status = pytest.main([__file__, "-q", "-p", "no:cacheprovider", "-m", "not slow"],
                         plugins=[Collect()])
    width = max(map(len, counts), default=10)
    for name, count in sorted(counts.items()):
        print(f"{name:<{width}}  {count:>6,}")
    print(f"{'total':<{width}}  {sum(counts.values()):>6,}")
    if status != 0:
        raise SystemExit(status)
    return counts


def assert_clear_error(call, *culprits: str, model=None):
    """``call()`` raises a ValueError or TypeError from lucidnet's code naming a culprit;
    ``model``'s weights stay as they were."""
    _count()
    before = None if model is None or not model.built else [w.copy() for w in model.get_weights()]
    with pytest.raises((ValueError, TypeError)) as caught:
        call()
    error = caught.value
    message = str(error)
    last = traceback.extract_tb(error.__traceback__)[-1]
    assert last.filename.startswith(PACKAGE), (
        f"{type(error).__name__} from outside lucidnet ({last.filename}:{last.lineno}): {message}"
    )
    assert any(re.search(rf"(?<![\w]){re.escape(c)}(?![\w])", message, re.IGNORECASE)
               for c in culprits), f"{message!r} names none of {culprits}"
    if before is not None:
        for old, new in zip(before, model.get_weights()):
            np.testing.assert_array_equal(old, new)
    return message


# -- the models under test ---------------------------------------------------------------------
N, FEATURES, CLASSES = 8, 4, 3

LOSS_OUTPUTS = {  # loss → (output units, activation, valid targets)
    "sparse_categorical_crossentropy": (CLASSES, "softmax", lambda: np.arange(N) % CLASSES),
    "categorical_crossentropy": (CLASSES, "softmax", lambda: np.eye(CLASSES)[np.arange(N) % CLASSES]),
    "binary_crossentropy": (1, "sigmoid", lambda: (np.arange(N) % 2).reshape(-1, 1)),
    "mse": (2, None, lambda: np.linspace(-1, 1, 2 * N).reshape(N, 2)),
}


def model_for(loss="sparse_categorical_crossentropy", metrics_=("accuracy",)):
    units, activation, _ = LOSS_OUTPUTS[loss]
    model = Sequential([Input((FEATURES,)), Dense(units, activation=activation)], seed=0)
    model.compile(optimizer="sgd", loss=loss, metrics=list(metrics_))
    return model


def valid_x():
    return np.linspace(-1, 1, N * FEATURES).reshape(N, FEATURES).astype("float32")


# -- bad arrays --------------------------------------------------------------------------------
def bad_arrays(shape):
    """Values that are never a valid array of ``shape``: wrong rank, size, kind or values."""
    n = shape[0]
    rest = shape[1:]
    ragged = [[0.0] * (rest[0] if rest else 1) for _ in range(n)]
    if n > 1:
        ragged[1] = ragged[1] + [0.0]
    nan = np.zeros(shape)
    nan.flat[len(nan.flat) // 2] = np.nan
    inf = np.zeros(shape)
    inf.flat[-1] = -np.inf
    values = {
        "string": "abc",
        "strings": np.full(shape, "a"),
        "bytes": b"\x00\x01",
        "None-filled": np.full(shape, None, dtype=object),
        "object": np.array([object()] * n, dtype=object),
        "complex": np.zeros(shape, dtype=complex) + 1j,
        "nan": nan,
        "inf": inf,
        "ragged": ragged,
        "empty": np.zeros((0,) + rest),
        "scalar": np.float64(1.0),
        "0-d": np.array(2.0),
        "dict": {"a": 1},
        "set": {1, 2},
        "too long": np.zeros((n + 3,) + rest),
        "too short": np.zeros((max(n - 3, 1),) + rest),
        "extra axis": np.zeros(shape + (2,)),
        "datetime": np.array(["2020-01-01"] * n, dtype="datetime64[D]"),
    }
    if rest:
        values["wrong width"] = np.zeros((n, rest[0] + 2) + rest[1:])
        values["flat"] = np.zeros(n * int(np.prod(rest)) + 1)
    return values


def bad_choice(shape):
    table = bad_arrays(shape)
    return st.sampled_from(sorted(table)).map(lambda key: (key, table[key]))


# -- fit, evaluate, predict: the data ----------------------------------------------------------
@examples(150)
@given(slot=st.sampled_from(["x", "y", "sample_weight"]), data=st.data(),
       loss=st.sampled_from(sorted(LOSS_OUTPUTS)))
def test_fit_refuses_bad_data_naming_it(slot, data, loss):
    model = model_for(loss)
    model.build((None, FEATURES))
    arguments = {"x": valid_x(), "y": LOSS_OUTPUTS[loss][2](), "sample_weight": np.ones(N)}
    shape = {"x": (N, FEATURES), "y": np.shape(arguments["y"]), "sample_weight": (N,)}[slot]
    key, value = data.draw(bad_choice(shape))
    if slot == "y" and key in ("extra axis", "wrong width") and loss == "mse":
        value = np.zeros((N, 5))
    if slot == "sample_weight" and key == "flat":
        value = np.zeros(N + 1)
    if slot == "y" and loss == "sparse_categorical_crossentropy" and key == "wrong width":
        value = np.zeros((N, 2))
    arguments[slot] = value
    culprits = {"x": ("x", "Dense"), "y": ("y", "targets", "labels", loss),
                "sample_weight": ("sample_weight",)}[slot]
    assert_clear_error(lambda: model.fit(**arguments, epochs=1, verbose=0), *culprits, model=model)


@examples(100)
@given(slot=st.sampled_from(["x", "y"]), data=st.data(), method=st.sampled_from(["evaluate", "train_on_batch", "test_on_batch"]))
def test_evaluate_refuses_bad_data_naming_it(slot, data, method):
    model = model_for()
    model.build((None, FEATURES))
    arguments = {"x": valid_x(), "y": np.arange(N) % CLASSES}
    key, value = data.draw(bad_choice({"x": (N, FEATURES), "y": (N,)}[slot]))
    if slot == "y" and key in ("too long", "too short", "extra axis"):
        value = np.zeros((N + 3,)) if key == "too long" else np.zeros((N, 2))
    arguments[slot] = value
    culprits = ("x", "Dense") if slot == "x" else ("y", "labels", "targets", "sparse_categorical_crossentropy")
    call = getattr(model, method)
    kwargs = {"verbose": 0} if method == "evaluate" else {}
    assert_clear_error(lambda: call(**arguments, **kwargs), *culprits, model=model)


@examples(80)
@given(data=st.data(), method=st.sampled_from(["predict", "predict_on_batch", "__call__"]))
def test_predict_refuses_bad_x_naming_it(data, method):
    model = model_for()
    model.build((None, FEATURES))
    key, value = data.draw(bad_choice((N, FEATURES)))
    if key in ("too long", "too short"):
        value = np.zeros((N, FEATURES, 1))
    call = getattr(model, method)
    kwargs = {"verbose": 0} if method == "predict" else {}
    assert_clear_error(lambda: call(value, **kwargs), "x", "inputs", model.layers[0].name)


@examples(70)
@given(data=st.data(), part=st.sampled_from(["container", "x", "y", "sample_weight"]))
def test_fit_refuses_bad_validation_data_naming_it(data, part):
    model = model_for()
    model.build((None, FEATURES))
    if part == "container":
        validation = data.draw(st.sampled_from(
            [(), (valid_x(),), "xy", 3, {"x": 1}, (valid_x(), np.arange(N), None, None)]))
        culprits = ("validation_data",)
    else:
        parts = {"x": valid_x(), "y": np.arange(N) % CLASSES, "sample_weight": np.ones(N)}
        shape = {"x": (N, FEATURES), "y": (N,), "sample_weight": (N,)}[part]
        key, value = data.draw(bad_choice(shape))
        if part == "y" and key in ("too long", "too short", "extra axis"):
            value = np.zeros((N + 3,)) if key == "too long" else np.zeros((N, 2))
        if part == "sample_weight" and key == "flat":
            value = np.zeros(N + 1)
        parts[part] = value
        validation = (parts["x"], parts["y"], parts["sample_weight"])
        culprits = (f"validation {part}", "sparse_categorical_crossentropy", "Dense")
    assert_clear_error(lambda: model.fit(valid_x(), np.arange(N) % CLASSES, epochs=1, verbose=0,
                                         validation_data=validation), *culprits, model=model)


# -- targets of the wrong kind for the loss ----------------------------------------------------
WRONG_TARGETS = {
    "binary_crossentropy": {
        "label 2": ([[0], [1], [2], [0], [1], [0], [1], [0]], "sparse_categorical_crossentropy"),
        "label -1": ([[0], [1], [-1], [0], [1], [0], [1], [0]], "binary_crossentropy"),
        "label 1.5": ([[0], [1], [1.5], [0], [1], [0], [1], [0]], "binary_crossentropy"),
        "class labels": ([[0], [1], [2], [3], [1], [0], [2], [3]], "sparse_categorical_crossentropy"),
    },
    "categorical_crossentropy": {
        "negative": (np.eye(CLASSES)[np.arange(N) % CLASSES] - np.eye(CLASSES)[0], "categorical_crossentropy"),
        "two-hot": (np.eye(CLASSES)[np.arange(N) % CLASSES] + np.eye(CLASSES)[(np.arange(N) + 1) % CLASSES], "binary_crossentropy"),
        "all-zero": (np.zeros((N, CLASSES)), "categorical_crossentropy"),
        "not one-hot": (np.full((N, CLASSES), 0.5), "categorical_crossentropy"),
        "labels in columns": (np.tile(np.arange(N).reshape(-1, 1) % CLASSES, (1, CLASSES)), "sparse_categorical_crossentropy"),
        "above one": (2 * np.eye(CLASSES)[np.arange(N) % CLASSES], "categorical_crossentropy"),
    },
}
CASES = [(loss, case) for loss, table in WRONG_TARGETS.items() for case in table]


@examples(150)
@given(case=st.sampled_from(CASES), method=st.sampled_from(["fit", "evaluate", "train_on_batch"]),
       as_list=st.booleans())
def test_targets_of_the_wrong_kind_for_the_loss_are_refused_with_a_hint(case, method, as_list):
    loss, name = case
    y, hint = WRONG_TARGETS[loss][name]
    y = np.asarray(y).tolist() if as_list else np.asarray(y)
    model = model_for(loss)
    model.build((None, FEATURES))
    kwargs = {"verbose": 0} if method != "train_on_batch" else {}
    message = assert_clear_error(lambda: getattr(model, method)(valid_x(), y, **kwargs),
                                 "y", loss, model=model)
    assert loss in message and hint in message


def test_soft_targets_stay_valid_for_the_cross_entropies():
    soft = np.full((N, CLASSES), 1 / CLASSES)
    model_for("categorical_crossentropy").fit(valid_x(), soft, epochs=1, verbose=0)
    smoothed = np.where(np.arange(N) % 2, 0.95, 0.05).reshape(-1, 1)
    model_for("binary_crossentropy").fit(valid_x(), smoothed, epochs=1, verbose=0)
    multi_label = Sequential([Input((FEATURES,)), Dense(CLASSES, activation="sigmoid")])
    multi_label.compile(loss="binary_crossentropy")
    multi_label.fit(valid_x(), np.eye(CLASSES)[np.arange(N) % CLASSES] + np.eye(CLASSES)[0] * 0,
                    epochs=1, verbose=0)


# -- keyword arguments of fit, evaluate, predict -----------------------------------------------
BAD_SCALARS = ["2", None, 1.5, -1, 0, True, float("nan"), float("inf"), [1], 1j, object()]
FIT_KEYWORDS = {  # argument → (values that are valid, so skipped)
    "batch_size": (None,),
    "epochs": (0,),
    "verbose": (0, True),  # booleans are 0 and 1, as in Keras; see the table below
    "validation_split": (0,),
    "initial_epoch": (0,),
    "steps_per_epoch": (None,),
    "validation_batch_size": (None,),
    "validation_freq": (),
    "class_weight": (None,),
    "callbacks": (None,),
}
VALID_FIT = {"epochs": {0}, "validation_split": {0}, "initial_epoch": {0}}


def _is_valid_keyword(argument, value):
    if value is None:
        return argument in ("batch_size", "steps_per_epoch", "validation_batch_size",
                            "class_weight", "callbacks", "steps")
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value in VALID_FIT.get(argument, ()):
        return True
    if argument == "verbose" and (value is True or (value in (0,) and not isinstance(value, bool))):
        return True
    if argument == "callbacks" and value == []:
        return True
    return False


@examples(120)
@given(argument=st.sampled_from(sorted(FIT_KEYWORDS)),
       value=st.sampled_from(BAD_SCALARS + [1e9, -0.5, 2.0, "epoch", {}, (1,)]))
def test_fit_refuses_bad_keywords_naming_them(argument, value):
    if _is_valid_keyword(argument, value) or (argument == "validation_freq" and value in ([1], (1,))):
        return
    if argument == "class_weight" and value == {}:
        return
    if argument == "epochs" and value == 1e9:
        value = 10**12 + 0.5
    model = model_for()
    model.build((None, FEATURES))
    assert_clear_error(lambda: model.fit(valid_x(), np.arange(N) % CLASSES,
                                         **{"verbose": 0, argument: value}),
                       argument, model=model)


@examples(80)
@given(method=st.sampled_from(["evaluate", "predict"]),
       argument=st.sampled_from(["batch_size", "verbose", "steps", "callbacks"]),
       value=st.sampled_from(BAD_SCALARS + [-0.5, 2.0, "epoch"]))
def test_evaluate_and_predict_refuse_bad_keywords_naming_them(method, argument, value):
    if _is_valid_keyword(argument, value):
        return
    model = model_for()
    model.build((None, FEATURES))
    args = (valid_x(), np.arange(N) % CLASSES) if method == "evaluate" else (valid_x(),)
    kwargs = {"verbose": 0, argument: value}
    assert_clear_error(lambda: getattr(model, method)(*args, **kwargs), argument, model=model)


@pytest.mark.parametrize("call", ["fit shuffle", "evaluate return_dict"])
def test_fit_shuffle_and_evaluate_return_dict_refuse_non_booleans(call):
    method, argument = call.split()
    model = model_for()
    assert_clear_error(lambda: getattr(model, method)(valid_x(), np.arange(N) % CLASSES,
                                                      verbose=0, **{argument: "no"}), argument)


# -- compile -----------------------------------------------------------------------------------
@examples(60)
@given(argument=st.sampled_from(["optimizer", "loss", "metrics"]),
       value=st.sampled_from(["nope", 3, 2.5, object(), ["mse"], {"class_name": "nope"},
                              {"nope": 1}, b"adam", True, ("adam",), lambda: 1]))
def test_compile_refuses_bad_arguments_naming_them(argument, value):
    if argument == "metrics" and isinstance(value, (list, tuple)):
        value = [value[0] + "_nope"]
    model = Sequential([Input((FEATURES,)), Dense(CLASSES, activation="softmax")])
    kwargs = {"optimizer": "sgd", "loss": "mse", argument: value}
    kind = {"optimizer": "optimizer", "loss": "loss", "metrics": "metric"}[argument]
    assert_clear_error(lambda: model.compile(**kwargs), argument, kind, model=model)


# -- constructors, from the registries and the signatures --------------------------------------
# Every argument of every registered class (and callback) that takes a flag, a count or a
# number is tried with the values of its kind that must be refused, with values that may be
# refused (with a clear message) or taken, and with NumPy-scalar forms of valid values, which
# must act exactly as the Python value does: the same settings, plain Python values in
# get_config() (so that model files stay JSON), the same numbers computed.
def _never_valid():
    return {"a string": "bogus", "NaN": float("nan"), "inf": float("inf"), "-inf": -float("inf"),
            "complex": 1 + 2j, "object": object(), "a dict": {"x": 1},
            "a list of strings": ["a", "b"], "bytes": b"x"}


def _refused(kind: str, optional: bool, signed: bool, valid) -> dict:
    """The values an argument of ``kind`` must refuse, beyond :func:`_never_valid`."""
    pool = {}
    if not optional:
        pool["None"] = None
    if kind == "list":  # the valid list with its first entry replaced
        bad_entries = {"True": True, "'0.1'": "0.1", "None": None, "NaN": float("nan"),
                       "inf": np.inf, "1j": 1j, "np.bool_": np.bool_(True)}
        pool.update({f"a list holding {label}": [entry, *valid[1:]]
                     for label, entry in bad_entries.items()})
    if kind == "flag":
        pool.update({"1": 1, "0": 0, "'True'": "True", "1.0": 1.0, "np.float64(0)": np.float64(0),
                     "np.int64(1)": np.int64(1), "[True]": [True]})
    elif kind == "count":
        pool.update({"a bool": True, "np.bool_": np.bool_(True), "a float": 2.5,
                     "an integral float": 3.0, "np.float64(3)": np.float64(3.0), "negative": -1,
                     "np.int64(-1)": np.int64(-1), "a list": [1], "an array": np.ones(3),
                     "np.complex128": np.complex128(1)})
    elif kind in ("number", "numbers"):
        pool.update({"a bool": True, "np.bool_": np.bool_(False), "a number as a string": "0.5",
                     "huge": 10**400, "np.complex128": np.complex128(0.5),
                     "np.float32 NaN": np.float32("nan"), "np.float64 inf": np.float64("inf")})
        if kind == "number":
            pool.update({"a list": [0.5], "an array": np.ones(3)})
        if not signed:
            pool.update({"negative": -0.5, "np.float32(-0.5)": np.float32(-0.5)})
    elif kind in ("axis", "batch range"):
        pool.update({"a bool": True, "a float": 1.5, "np.float64(1)": np.float64(1.0)})
        if kind == "batch range":
            pool["negative"] = -1
    return pool


def _either(kind: str) -> dict:
    """Values an argument of ``kind`` may refuse (naming itself) or take."""
    if kind == "count":
        return {"zero": 0, "big": 10**6}
    if kind in ("number", "numbers"):
        return {"zero": 0, "big": 1e300, "tiny": 1e-300, "an int": 2}
    if kind is None:
        return {"negative": -1, "zero": 0, "a float": 2.5, "a bool": True, "an array": np.ones(3)}
    return {}


def _numpy_forms(kind: str, value) -> dict:
    """NumPy-scalar forms of the valid ``value``, which must act as ``value.item()`` does."""
    if kind == "flag":
        return {"np.bool_": np.bool_(value), "np.bool_ (the other)": np.bool_(not value)}
    if kind in ("count", "axis", "batch range") and is_int(value):
        forms = {"np.int64": np.int64(value), "np.int32": np.int32(value),
                 "np.int64 + 1": np.int64(value + 1)}
        if value >= 0:
            forms["np.uint16"] = np.uint16(value)
        return forms
    if kind in ("number", "numbers") and isinstance(value, (int, float)):
        forms = {"np.float64": np.float64(value), "np.float32": np.float32(value),
                 "np.float16": np.float16(value), "np.int32": np.int32(round(value))}
        if kind == "numbers":
            forms["a list of NumPy floats"] = [np.float32(value), np.float64(0.75)]
            forms["an array"] = np.array([value, 0.75])
        return forms
    if kind == "list":
        return {"NumPy floats": [np.float32(entry) for entry in value],
                "NumPy integers": [np.int64(entry) for entry in value],
                "an array": np.array(value)}
    return {}


def is_int(value) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


#: Arguments whose default is no example of a valid value, with one that is.
REQUIRED = {
    ("Dense", "units"): 3, ("Dropout", "rate"): 0.5, ("GaussianNoise", "stddev"): 0.1,
    ("Activation", "activation"): "relu",
    ("GaussianDropout", "rate"): 0.5, ("AlphaDropout", "rate"): 0.5, ("Rescaling", "scale"): 0.5,
    ("Reshape", "target_shape"): (2, -1), ("Lambda", "function"): "tanh",
    ("ModelCheckpoint", "filepath"): "model.lucid",
    ("LearningRateScheduler", "schedule"): lambda epoch, lr: lr,
    ("CSVLogger", "filename"): "log.csv", ("BackupAndRestore", "backup_dir"): "backup",
    ("PrecisionAtRecall", "recall"): 0.5, ("RecallAtPrecision", "precision"): 0.5,
    ("SensitivityAtSpecificity", "specificity"): 0.5,
    ("SpecificityAtSensitivity", "sensitivity"): 0.5,
}
#: A valid value of each optional argument (default None) that takes a number, count or flag,
#: by name or (class, name); and of those whose default is an option ("epoch") beside a count.
EXAMPLES = {"seed": 3, "class_id": 1, "thresholds": 0.25, "threshold": 0.25, "num_labels": 3,
            "warmup_target": 0.2, "max_value": 6.0, "input_dim": 4, "baseline": 0.5,
            "initial_value_threshold": 0.5, ("ModelCheckpoint", "save_freq"): 100,
            ("TensorBoard", "update_freq"): 100}
#: What else a valid value of an argument needs beside it.
CONTEXT = {("AUC", "num_labels"): {"multi_label": True}}
#: The kind of the arguments whose signature does not tell it, by name or (class, name).
KINDS = {"axis": "axis", "profile_batch": "batch range", "thresholds": "numbers",
         "baseline": "number", "initial_value_threshold": "number", "learning_rate": "number",
         ("MaxNorm", "max_value"): "number", ("ModelCheckpoint", "save_freq"): "count",
         ("TensorBoard", "update_freq"): "count", "boundaries": "list", "values": "list",
         # any integer, as an axis is: ignore_class=-1 marks padding, as in Keras
         ("SparseCategoricalCrossentropy", "ignore_class"): "axis"}
#: Arguments that take None though their default is not None (Keras's Normalization(axis=None):
#: one mean and variance over every feature).
OPTIONAL = {("Normalization", "axis")}
#: Keras's Constant initializer takes an array as well as a number.
KINDS[("Constant", "value")] = "numbers"
#: The number arguments that may be negative, as in Keras, by name or (class, name); every
#: other one must refuse -0.5.  (The callbacks take min_delta's magnitude; Ftrl's power is ≤ 0.)
SIGNED = {"mean", "minval", "maxval", "value", "baseline", "initial_value_threshold",
          "learning_rate_power", "min_delta", ("BinaryAccuracy", "threshold"),
          ("Orthogonal", "gain"), ("Identity", "gain"),  # a negative gain flips the sign, as in Keras
          ("Rescaling", "scale"), ("Rescaling", "offset")}  # Rescaling(1 / 127.5, offset=-1)
#: Arguments that take anything: a name, a file-like object, a callable's hooks.
FREE = {"name", "file", "dtype", "kwargs", "hooks", "params", "callbacks", "model", "monitor",
        "log_dir", "filepath", "filename", "separator"}


def _kind(cls, parameter) -> str | None:
    """"flag", "count", "number", "numbers" (one or a list), "axis", "batch range" or None."""
    explicit = KINDS.get((cls.__name__, parameter.name), KINDS.get(parameter.name))
    if explicit:
        return explicit
    default = parameter.default
    words = set(re.findall(r"\w+", "" if parameter.annotation is parameter.empty
                           else str(parameter.annotation)))
    if words & {"list", "Sequence", "str"}:
        return None
    if isinstance(default, bool) or words == {"bool"}:
        return "flag"
    if "float" in words or isinstance(default, float):
        return "number"
    if "int" in words or type(default) is int:
        return "count"
    return None


def _parameters(cls) -> list:
    """The parameters ``cls(...)`` takes by keyword: its ``__init__``'s, then, while the one
    read passes ``**kwargs`` on, its parent's (those of Layer and Optimizer), as
    :func:`lucidnet.registry.constructor_arguments` finds the names of a config."""
    found = {}
    for klass in cls.__mro__:
        if klass is object:
            break
        if "__init__" not in vars(klass):
            continue
        parameters = list(inspect.signature(klass.__init__).parameters.values())[1:]
        for parameter in parameters:
            if parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY):
                found.setdefault(parameter.name, parameter)
        if not any(parameter.kind is parameter.VAR_KEYWORD for parameter in parameters):
            break
    return list(found.values())


def _constructor_cases(classes):
    """(class, argument, label, value, expect) for each argument of each constructor; expect
    is "refused", "either" (a clear refusal or an object) or "numpy" (as its Python value)."""
    cases = []
    for cls in classes:
        for parameter in _parameters(cls):
            if parameter.name in FREE:
                continue
            default = REQUIRED.get((cls.__name__, parameter.name), parameter.default)
            if default is inspect.Parameter.empty:
                continue
            kind = _kind(cls, parameter)
            optional = (parameter.default is None or "None" in str(parameter.annotation)
                        or (cls.__name__, parameter.name) in OPTIONAL)
            example = EXAMPLES.get((cls.__name__, parameter.name), EXAMPLES.get(parameter.name))
            valid = example if default is None or isinstance(default, str) else default
            signed = parameter.name in SIGNED or (cls.__name__, parameter.name) in SIGNED
            pools = {"refused": dict(_never_valid()), "either": _either(kind), "numpy": {}}
            if kind is None:
                pools["either"].update(pools.pop("refused"))  # a choice, a name, an array...
            else:
                pools["refused"].update(_refused(kind, optional, signed, valid))
                if valid is not None:
                    pools["numpy"] = _numpy_forms(kind, valid)
            for expect, pool in pools.items():
                for label, value in pool.items():
                    cases.append((cls, parameter.name, label, value, expect))
    return cases


def _required_arguments(cls):
    return {name: value for (owner, name), value in REQUIRED.items() if owner == cls.__name__}


def _unique(registry):
    seen, classes = set(), []
    for _, cls in registry.items():
        if cls not in seen:
            seen.add(cls)
            classes.append(cls)
    return classes


def _settings(obj) -> dict:
    """What the object keeps of its arguments: its config (without the generated layer name),
    or, for a callback, the attributes named after its constructor's arguments."""
    if hasattr(obj, "get_config"):
        config = dict(obj.get_config())
        if isinstance(obj, lucidnet.layers.Layer):
            config.pop("name", None)
        return config
    names = list(inspect.signature(type(obj).__init__).parameters)[1:]
    return {name: getattr(obj, name) for name in names if hasattr(obj, name)}


def _numpy_leaves(value, where="") -> list[str]:
    """Where a NumPy scalar or array sits in ``value`` (a config): none may, in a JSON file."""
    if isinstance(value, (np.generic, np.ndarray)):
        return [f"{where or 'the value'} is {value!r}"]
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in _numpy_leaves(item, f"{where}[{key!r}]")]
    if isinstance(value, (list, tuple)):
        return [leaf for i, item in enumerate(value) for leaf in _numpy_leaves(item, f"{where}[{i}]")]
    return []


def _python_form(value):
    """``value`` with every NumPy scalar replaced by the Python number or bool it holds."""
    if isinstance(value, (np.generic, np.ndarray)):
        return value.tolist()
    if isinstance(value, list):
        return [_python_form(item) for item in value]
    return value


_W = np.linspace(-1.5, 2.0, 12).reshape(3, 4)
_Y_ONE_HOT = np.eye(3)[[0, 1, 2, 1]]
_P = np.array([[0.7, 0.2, 0.1], [0.1, 0.6, 0.3], [0.2, 0.3, 0.5], [0.5, 0.25, 0.25]])


def _loss_numbers(loss):
    y = np.array([0, 1, 2, 1]) if loss.sparse_targets else _Y_ONE_HOT
    return loss(y, _P, sample_weight=np.array([1.0, 2.0, 0.5, 1.0])), loss.gradient(y, _P)


def _metric_numbers(metric):
    y = np.array([0, 1, 2, 1]) if metric.sparse_targets else _Y_ONE_HOT
    if isinstance(metric, (metrics.Mean, metrics.Sum)):
        metric.update_state(_P[:, 0], sample_weight=np.array([1.0, 2.0, 0.5, 1.0]))
    else:
        metric.update_state(y, _P, sample_weight=np.array([1.0, 2.0, 0.5, 1.0]))
    return metric.result()


#: What each family's objects compute, to compare a NumPy-scalar argument with its Python value.
BEHAVIOUR = {
    "losses": _loss_numbers,
    "metrics": _metric_numbers,
    "initializers": lambda init: init((3, 4), "float64", np.random.default_rng(0)),
    "regularizers": lambda regularizer: (regularizer(_W), regularizer.gradient(_W)),
    "constraints": lambda constraint: constraint(_W),
    "schedules": lambda schedule: [schedule(step) for step in (0, 1, 5, 20)],
}


def _outcome(compute, obj):
    """What ``compute(obj)`` gives, or the type of the error it raises."""
    try:
        return compute(obj)
    except (ValueError, TypeError) as error:
        return type(error).__name__


def _same_numbers(a, b) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    if isinstance(a, (tuple, list)):
        return len(a) == len(b) and all(_same_numbers(x, y) for x, y in zip(a, b))
    return (type(a) is type(b) and np.asarray(a).dtype == np.asarray(b).dtype
            and np.array_equal(a, b, equal_nan=True))


CALLBACK_CLASSES = [getattr(callbacks, name) for name in callbacks.__all__
                    if name not in ("Callback", "CallbackList", "History", "LambdaCallback")]
CONSTRUCTOR_FAMILIES = {
    "layers": _unique(LAYERS),
    "callbacks": CALLBACK_CLASSES,
    "optimizers": _unique(OPTIMIZERS),
    "schedules": _unique(SCHEDULES),
    "losses": _unique(losses.LOSSES),
    "metrics": _unique(metrics.METRICS),
    "initializers": _unique(initializers.INITIALIZERS),
    "regularizers": _unique(regularizers.REGULARIZERS),
    "constraints": _unique(constraints.CONSTRAINTS),
    "models": [Sequential],
}
SCHEDULE_ARGUMENTS = {
    "ExponentialDecay": dict(initial_learning_rate=0.1, decay_steps=10, decay_rate=0.9),
    "InverseTimeDecay": dict(initial_learning_rate=0.1, decay_steps=10, decay_rate=0.5),
    "PiecewiseConstantDecay": dict(boundaries=[10], values=[0.1, 0.01]),
    "PolynomialDecay": dict(initial_learning_rate=0.1, decay_steps=10),
    "CosineDecay": dict(initial_learning_rate=0.1, decay_steps=10),
    "CosineDecayRestarts": dict(initial_learning_rate=0.1, first_decay_steps=10),
}
for _name, _arguments in SCHEDULE_ARGUMENTS.items():
    for _argument, _value in _arguments.items():
        REQUIRED[(_name, _argument)] = _value


def _refusal_failure(cls, argument, label, value, error) -> str | None:
    """Why a refusal breaks the contract (not raised by lucidnet, or naming no culprit)."""
    last = traceback.extract_tb(error.__traceback__)[-1]
    message = str(error)
    words = {argument, argument.replace("_", " "), cls.__name__}
    # initializers and regularizers are resolved by their registry, which names the kind
    words |= {kind for kind in ("initializer", "regularizer") if argument.endswith(kind)}
    if not last.filename.startswith(PACKAGE) or not any(w in message for w in words):
        return (f"{cls.__name__}({argument}={value!r}) [{label}]: {type(error).__name__}: "
                f"{message} ({last.filename}:{last.lineno})")
    return None


def _numpy_failure(family, cls, argument, label, value, construct) -> str | None:
    """Why a NumPy-scalar argument does not act as its Python value (None when it does)."""
    shown = f"{cls.__name__}({argument}={value!r}) [{label}]"
    python = _python_form(value)
    try:
        expected = construct(python)
    except (ValueError, TypeError) as error:
        expected = error
    try:
        got = construct(value)
    except (ValueError, TypeError) as error:
        if isinstance(expected, Exception) and type(error) is type(expected):
            return _refusal_failure(cls, argument, label, value, error)
        return f"{shown}: refused ({type(error).__name__}: {error}), but {python!r} is taken"
    if isinstance(expected, Exception):
        return f"{shown}: taken, but {python!r} is refused ({expected})"
    settings_got, settings_expected = _settings(got), _settings(expected)
    leaves = _numpy_leaves(settings_got) + _numpy_leaves(settings_expected)
    if leaves:
        return f"{shown}: its settings hold NumPy values: {'; '.join(leaves)}"
    if repr(settings_got) != repr(settings_expected):
        return f"{shown}: settings {settings_got!r}, but {settings_expected!r} from {python!r}"
    compute = BEHAVIOUR.get(family)
    if compute is not None:
        a, b = _outcome(compute, got), _outcome(compute, expected)
        if not _same_numbers(a, b):
            return f"{shown}: computes {a!r}, but {b!r} from {python!r}"
    return None


# TensorBoard's Keras-only arguments warn that they do nothing: here that is expected.
@pytest.mark.filterwarnings("ignore:TensorBoard .* has no effect in lucidnet")
@pytest.mark.parametrize("family", sorted(CONSTRUCTOR_FAMILIES))
def test_constructors_refuse_bad_arguments_naming_them(family, tmp_path, monkeypatch):
    """Every argument of every registered class, with each value of its kind's pools: a
    refusal naming the argument (or the class) for a value it must refuse; a refusal or an
    object for one it may take; and for a NumPy scalar, what its Python value gives."""
    monkeypatch.chdir(tmp_path)
    cases = _constructor_cases(CONSTRUCTOR_FAMILIES[family])
    assert len(cases) >= 30
    CHECKED[f"test_constructors_refuse_bad_arguments_naming_them[{family}]"] += len(cases)
    failures = []
    for cls, argument, label, value, expect in cases:
        def construct(value, cls=cls, argument=argument):
            context = CONTEXT.get((cls.__name__, argument), {})
            return cls(**{**_required_arguments(cls), **context, argument: value})

        try:
            if expect == "numpy":
                failures.append(_numpy_failure(family, cls, argument, label, value, construct))
                continue
            construct(value)
        except (ValueError, TypeError) as error:
            failures.append(_refusal_failure(cls, argument, label, value, error))
        except Exception as error:  # noqa: BLE001 - any other exception breaks the contract
            failures.append(f"{cls.__name__}({argument}={value!r}) [{label}]: "
                            f"{type(error).__name__}: {error}")
        else:
            if expect == "refused":
                failures.append(f"{cls.__name__}({argument}={value!r}) [{label}] was accepted")
    failures = [failure for failure in failures if failure]
    assert not failures, f"{len(failures)} of {len(cases)}:\n" + "\n".join(failures)


# -- functions on bad arrays -------------------------------------------------------------------
ACTIVATION_FUNCTIONS = sorted(name for name in activations.__all__
                              if callable(getattr(activations, name))
                              and not isinstance(getattr(activations, name), type)
                              and name not in ("get", "serialize", "deserialize", "register", "names"))
LOSS_FUNCTIONS = ["mean_squared_error", "mean_absolute_error", "huber", "binary_crossentropy",
                  "categorical_crossentropy", "sparse_categorical_crossentropy"]
METRIC_FUNCTIONS = ["binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy",
                    "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy"]


def _function_bad_arrays():
    table = bad_arrays((4, 3))
    for key in ("too long", "too short", "scalar", "0-d", "empty", "flat", "wrong width",
                "extra axis", "nan", "inf"):
        table.pop(key, None)
    return table


@examples(60)
@given(name=st.sampled_from(ACTIVATION_FUNCTIONS), key=st.sampled_from(sorted(_function_bad_arrays())))
def test_activation_functions_refuse_bad_arrays_naming_them(name, key):
    value = _function_bad_arrays()[key]
    required = {"threshold": (0.0, 0.0)}.get(name, ())  # Keras's threshold(x, threshold, value)
    assert_clear_error(lambda: getattr(activations, name)(value, *required), name, "input")


@examples(80)
@given(name=st.sampled_from(LOSS_FUNCTIONS + METRIC_FUNCTIONS),
       side=st.sampled_from(["y_true", "y_pred"]), data=st.data())
def test_loss_and_metric_functions_refuse_bad_arrays_naming_them(name, side, data):
    function = getattr(losses, name, None) or getattr(metrics, name)
    sparse = "sparse" in name
    arguments = {"y_true": np.array([0, 1, 2, 1]) if sparse else np.eye(3)[[0, 1, 2, 1]],
                 "y_pred": np.full((4, 3), 1 / 3)}
    table = bad_arrays((4,) if side == "y_true" and sparse else (4, 3))
    table.pop("nan" if side == "y_pred" else "", None)
    table.pop("inf" if side == "y_pred" else "", None)
    if sparse and side == "y_pred":  # five classes for labels below three: valid, not bad
        table.pop("wrong width", None)
    key = data.draw(st.sampled_from(sorted(table)))
    arguments[side] = table[key]
    assert_clear_error(lambda: function(**arguments), side, name, "labels", "targets")


@examples(60)
@given(name=st.sampled_from(METRIC_FUNCTIONS + LOSS_FUNCTIONS),
       shape=st.sampled_from([(4,), (4, 2), (4, 5), (5, 3), (3,), (4, 3, 1)]))
def test_metric_and_loss_functions_refuse_mismatched_shapes(name, shape):
    function = getattr(losses, name, None) or getattr(metrics, name)
    sparse = "sparse" in name
    valid = (4,) if sparse else (4, 3)
    if shape == valid or (sparse and shape == (4, 1)) or (not sparse and shape == (4, 3, 1)):
        return  # as in Keras, a trailing axis of length 1 is squeezed
    y_true = np.zeros(shape, dtype=int)
    assert_clear_error(lambda: function(y_true, np.full((4, 3), 1 / 3)), "y_true", name,
                       "labels", "targets")


def test_categorical_accuracy_refuses_sparse_labels_with_a_hint():
    for function in (metrics.categorical_accuracy, metrics.top_k_categorical_accuracy):
        message = assert_clear_error(lambda: function([0, 2, 1], np.eye(3)), "y_true")
        assert "sparse_" in message


# -- learning rates that turn bad --------------------------------------------------------------
@examples(60)
@given(value=st.sampled_from([-0.1, float("nan"), float("inf"), None, "0.1", 0.0, [0.1], 1j]),
       optimizer=st.sampled_from(["sgd", "adam", "rmsprop"]))
def test_a_schedule_returning_a_bad_rate_is_refused_naming_the_step(value, optimizer):
    from lucidnet import optimizers

    if value == 0.0 and not isinstance(value, bool):
        return  # a zero rate is a valid (if idle) step, as a schedule's end often is
    schedule = lambda step: 0.1 if step < 2 else value  # noqa: E731
    model = Sequential([Input((FEATURES,)), Dense(CLASSES, activation="softmax")], seed=0)
    model.compile(optimizer=optimizers.get({"class_name": optimizer,
                                            "config": {"learning_rate": 0.1}}),
                  loss="sparse_categorical_crossentropy")
    model.optimizer.learning_rate = schedule
    message = assert_clear_error(
        lambda: model.fit(valid_x(), np.arange(N) % CLASSES, batch_size=2, epochs=1, verbose=0,
                          shuffle=False), "learning_rate")
    assert "step 2" in message


def test_an_exponential_decay_overflowing_to_inf_is_refused_naming_the_step():
    from lucidnet.optimizers.schedules import ExponentialDecay

    # Zero weights and zero targets: zero gradients, so the weights stay finite while the
    # rate grows (float64 holds step 1's 1e198), and the step whose rate overflows is refused.
    model = Sequential([Input((FEATURES,)), Dense(1, kernel_initializer="zeros")], seed=0,
                       dtype="float64")
    model.compile(optimizer="sgd", loss="mse")
    model.optimizer.learning_rate = ExponentialDecay(0.01, decay_steps=1, decay_rate=1e200)
    message = assert_clear_error(lambda: model.fit(valid_x(), np.zeros(N), batch_size=2,
                                                   verbose=0), "learning_rate")
    assert "inf at step 2" in message


def test_to_onnx_refuses_a_non_model(tmp_path):
    pytest.importorskip("onnx")
    from lucidnet.export import to_onnx

    for value in (None, "model", Dense(3), np.zeros(3)):
        assert_clear_error(lambda: to_onnx(value, tmp_path / "m.onnx"), "model")


# -- valid odd inputs give the plain array's result --------------------------------------------
def _odd_forms(x):
    read_only = x.copy()
    read_only.setflags(write=False)
    wide = np.zeros((x.shape[0], 2 * x.shape[1]), dtype=x.dtype)
    wide[:, ::2] = x
    forms = {"list": x.tolist(), "read-only": read_only, "non-contiguous": wide[:, ::2],
             "fortran": np.asfortranarray(x), "float64": x.astype("float64"),
             "int": None, "tuple": tuple(map(tuple, x.tolist()))}
    try:
        import pandas as pd

        forms["DataFrame"] = pd.DataFrame(x)
    except ImportError:
        pass
    return {k: v for k, v in forms.items() if v is not None}


@examples(30)
@given(form=st.sampled_from(["list", "read-only", "non-contiguous", "fortran", "float64",
                             "tuple", "DataFrame"]))
def test_odd_but_valid_inputs_predict_like_the_plain_array(form):
    x = valid_x()
    forms = _odd_forms(x)
    if form not in forms:
        return
    model = model_for()
    model.build((None, FEATURES))
    np.testing.assert_allclose(model.predict(forms[form], verbose=0), model.predict(x, verbose=0),
                               rtol=1e-6)


@examples(30)
@given(form=st.sampled_from(["list", "read-only", "non-contiguous", "DataFrame", "Series"]),
       scalar=st.sampled_from([np.float32(0.01), np.float64(0.01), 0.01]))
def test_odd_but_valid_inputs_fit_like_the_plain_array(form, scalar):
    x, y = valid_x(), np.arange(N) % CLASSES
    reference = model_for()
    reference.optimizer.learning_rate = 0.01
    reference.fit(x, y, epochs=2, batch_size=np.int64(4), verbose=0, shuffle=False)
    model = model_for()
    model.optimizer.learning_rate = scalar
    forms = _odd_forms(x)
    if form == "Series":
        pd = pytest.importorskip("pandas")
        xs, ys = x, pd.Series(y)
    else:
        if form not in forms:
            return
        xs, ys = forms[form], y.tolist() if form == "list" else y
    model.fit(xs, ys, epochs=np.int64(2), batch_size=4, verbose=0, shuffle=np.bool_(False))
    for got, expected in zip(model.get_weights(), reference.get_weights()):
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-7)


@pytest.mark.slow
def test_every_family_holds_with_ten_times_the_inputs():
    """This file again, in a fresh process, with ten times as many examples of each family."""
    environment = {**os.environ, "LUCIDNET_BAD_INPUTS_SCALE": "10"}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "-m", "not slow", __file__], env=environment, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stdout[-4000:]


# -- registry names: the argument, the value, the close matches and the valid names -----------
REGISTRY_ARGUMENTS = {  # argument → (call with the value, a typo, its close match)
    "activation": (lambda v: Dense(3, activation=v), "rleu", "relu"),
    "kernel_initializer": (lambda v: Dense(3, kernel_initializer=v), "glorot", "glorot_normal"),
    "bias_initializer": (lambda v: Dense(3, bias_initializer=v), "zeroes", "zeros"),
    "kernel_regularizer": (lambda v: Dense(3, kernel_regularizer=v), "l3", "l2"),
    "bias_regularizer": (lambda v: Dense(3, bias_regularizer=v), "l1l", "l1"),
    "kernel_constraint": (lambda v: Dense(3, kernel_constraint=v), "non_negg", "non_neg"),
    "bias_constraint": (lambda v: Dense(3, bias_constraint=v), "unit_nrm", "unit_norm"),
    "Activation activation": (lambda v: lucidnet.layers.Activation(v), "sigmod", "sigmoid"),
    "alpha_initializer": (lambda v: lucidnet.layers.PReLU(alpha_initializer=v), "onez", "ones"),
    "alpha_regularizer": (lambda v: lucidnet.layers.PReLU(alpha_regularizer=v), "l22", "l2"),
    "gamma_initializer": (lambda v: lucidnet.layers.BatchNormalization(gamma_initializer=v), "one", "ones"),
    "beta_initializer": (lambda v: lucidnet.layers.LayerNormalization(beta_initializer=v), "zero", "zeros"),
    "gamma_regularizer": (lambda v: lucidnet.layers.LayerNormalization(gamma_regularizer=v), "L2x", "l2"),
    "moving_variance_initializer": (
        lambda v: lucidnet.layers.BatchNormalization(moving_variance_initializer=v), "onse", "ones"),
    "optimizer": (lambda v: Sequential([Dense(1)]).compile(optimizer=v, loss="mse"), "adm", "adam"),
    "loss": (lambda v: Sequential([Dense(1)]).compile(loss=v), "mse2", "mse"),
    "metrics": (lambda v: Sequential([Dense(1)]).compile(loss="mse", metrics=[v]), "acuracy", "accuracy"),
}


@examples(60)
@given(argument=st.sampled_from(sorted(REGISTRY_ARGUMENTS)), case=st.sampled_from(["typo", "upper", "blank"]))
def test_an_unknown_registry_name_names_the_argument_and_the_close_matches(argument, case):
    call, typo, close = REGISTRY_ARGUMENTS[argument]
    value = {"typo": typo, "upper": typo.upper() + "_", "blank": " "}[case]
    message = assert_clear_error(lambda: call(value), argument.rpartition(" ")[2])
    assert f"{argument.rpartition(' ')[2]}={value!r}" in message
    assert "Valid names: " in message and close in message.partition("Valid names: ")[2]
    if case == "typo":
        assert f"Did you mean {close!r}" in message or f"{close!r}" in message.partition("Did you mean")[2]


# -- values too large for the model's dtype -----------------------------------------------------
HUGE = {"squares overflow": 3e19, "inf after the cast": 1e39, "negative": -2e19, "float64 max": 1.7e308}


@examples(80)
@given(slot=st.sampled_from(["x", "y", "validation x", "validation y"]),
       method=st.sampled_from(["fit", "evaluate", "train_on_batch", "predict"]),
       value=st.sampled_from(sorted(HUGE)), as_list=st.booleans())
def test_values_whose_squares_overflow_the_dtype_are_refused_naming_the_magnitude(slot, method, value, as_list):
    if method == "predict" and slot != "x" or method != "fit" and slot.startswith("validation"):
        return
    model = model_for("mse")
    model.build((None, FEATURES))
    x, y = valid_x().astype("float64"), LOSS_OUTPUTS["mse"][2]()
    bad = {"x": x.copy(), "y": y.copy()}[slot.rpartition(" ")[2]]
    bad.flat[3] = HUGE[value]
    bad = bad.tolist() if as_list else bad
    args = {"x": (bad, y), "y": (x, bad)}.get(slot, (x, y))
    kwargs = {"verbose": 0} if method in ("fit", "evaluate", "predict") else {}
    if slot.startswith("validation"):
        kwargs["validation_data"] = (bad, y) if slot.endswith("x") else (x, bad)
    call = getattr(model, method)
    message = assert_clear_error(lambda: call(*args[:1 if method == "predict" else 2], **kwargs),
                                 slot, model=model)
    assert f"{abs(HUGE[value]):.3g}" in message and "float32" in message
    assert 'dtype="float64"' in message


def test_values_below_the_square_root_of_the_largest_float_train():
    model = Sequential([Input((1,)), Dense(1, use_bias=False)], seed=0)
    model.compile(optimizer="sgd", loss="mse")
    model.evaluate(np.full((4, 1), 1e19), np.zeros((4, 1)), verbose=0)  # 1e38 < 3.4e38


def test_float64_models_take_what_float32_cannot_square():
    model = Sequential([Input((1,)), Dense(1)], dtype="float64", seed=0)
    model.compile(optimizer="sgd", loss="mse")
    assert np.isfinite(model.evaluate(np.full((4, 1), 1e30), np.zeros((4, 1)), verbose=0))


@pytest.mark.parametrize("optimizer", ["adam", "rmsprop", "adagrad", "adadelta", "nadam", "adamax", "sgd"])
def test_a_gradient_whose_square_overflows_stops_training_with_the_last_finite_weights(optimizer):
    # |x|, |y| < 1.8e19 pass the input check, but the gradient 2(ŷ − y)x is about 1e37.
    model = Sequential([Input((1,)), Dense(1, use_bias=False)], seed=0)
    model.compile(optimizer=optimizer, loss="mse")
    x, y = np.full((4, 1), 1e18), np.full((4, 1), -1e19)
    before = [w.copy() for w in model.get_weights()]
    with pytest.warns(RuntimeWarning, match="too large to square"):
        model.fit(x, y, epochs=2, batch_size=2, verbose=0)
    assert model.stop_training
    for old, new in zip(before, model.get_weights()):
        np.testing.assert_array_equal(old, new)
    assert model.optimizer.non_finite_slot() is None


def test_an_optimizer_slot_that_overflows_stops_training_naming_the_slot_and_the_layer():
    # Adagrad's G = Σ g² accumulates: each g² (2.25e38) fits float32, their sum does not.
    model = Sequential([Input((1,)), Dense(1, use_bias=False, kernel_initializer="zeros")], seed=0)
    model.compile(optimizer="adagrad", loss="mse")
    model.optimizer.build(model.trainable_weights)
    state = model.optimizer.get_state()
    state["G/0"] = np.full_like(state["G/0"], 3e38)
    model.optimizer.set_state(state)
    x, y = np.ones((1, 1)), np.full((1, 1), -7.5e18)  # ∂C/∂w = 2(w·x − y)x = 1.5e19
    with pytest.warns(RuntimeWarning) as caught:
        model.fit(x, y, epochs=3, verbose=0)
    message = str(caught[-1].message)
    assert "Adagrad's slot 'G' of dense" in message and "/kernel (layer 'dense" in message
    assert "became NaN or infinite" in message and "Epoch 1, batch 1" in message
    assert len(model.history.epoch) == 1 and model.stop_training


# -- a metric that contradicts the loss --------------------------------------------------------
CONTRADICTIONS = [  # (loss, output units, metric, the metric that fits)
    ("sparse_categorical_crossentropy", CLASSES, "categorical_accuracy", "sparse_categorical_accuracy"),
    ("sparse_categorical_crossentropy", CLASSES, "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy"),
    ("categorical_crossentropy", CLASSES, "sparse_categorical_accuracy", "categorical_accuracy"),
    ("categorical_crossentropy", CLASSES, "sparse_top_k_categorical_accuracy", "top_k_categorical_accuracy"),
    ("binary_crossentropy", 1, "sparse_categorical_accuracy", "binary_accuracy"),
    ("binary_crossentropy", 1, "categorical_accuracy", "binary_accuracy"),
    ("binary_crossentropy", 1, "top_k_categorical_accuracy", "binary_accuracy"),
    ("binary_crossentropy", CLASSES, "sparse_top_k_categorical_accuracy", "binary_accuracy"),
]
AGREEMENTS = [  # valid Keras code that must keep compiling and fitting
    ("sparse_categorical_crossentropy", CLASSES, "accuracy"), ("sparse_categorical_crossentropy", CLASSES, "acc"),
    ("sparse_categorical_crossentropy", CLASSES, "sparse_categorical_accuracy"),
    ("categorical_crossentropy", CLASSES, "accuracy"), ("categorical_crossentropy", CLASSES, "top_k_categorical_accuracy"),
    ("binary_crossentropy", 1, "accuracy"), ("binary_crossentropy", 1, "binary_accuracy"),
    ("binary_crossentropy", CLASSES, "categorical_accuracy"),  # multi-label rows
    ("mse", 2, "mae"), ("mse", 2, "mse"), ("mse", 2, "categorical_accuracy"),
]


@examples(60)
@given(case=st.sampled_from(CONTRADICTIONS), built=st.booleans(), as_object=st.booleans(),
       method=st.sampled_from(["fit", "evaluate", "train_on_batch"]))
def test_a_metric_contradicting_the_loss_is_refused_naming_the_right_metric(case, built, as_object, method):
    """At compile, or, when only the output width tells (a one-hot metric over a single
    sigmoid output), at the first batch, before any weight changes."""
    loss, units, metric, right = case
    activation = "softmax" if loss != "binary_crossentropy" else "sigmoid"
    model = Sequential(([Input((FEATURES,))] if built else []) + [Dense(units, activation=activation)], seed=0)
    identifier = metrics.get(metric) if as_object else metric
    needs_width = loss == "binary_crossentropy" and "sparse" not in metric
    if needs_width and not built:
        model.compile(optimizer="sgd", loss=loss, metrics=[identifier])
        y = (np.arange(N) % 2).reshape(-1, 1)
        kwargs = {"verbose": 0} if method != "train_on_batch" else {}
        message = assert_clear_error(lambda: getattr(model, method)(valid_x(), y, **kwargs), "metrics")
    else:
        message = assert_clear_error(
            lambda: model.compile(optimizer="sgd", loss=loss, metrics=[identifier]), "metrics")
    assert metric in message and loss in message and repr(right) in message


@pytest.mark.parametrize("loss, units, metric", AGREEMENTS)
def test_metrics_that_fit_the_loss_compile_and_train(loss, units, metric):
    activation = None if loss == "mse" else "sigmoid" if loss == "binary_crossentropy" else "softmax"
    model = Sequential([Input((FEATURES,)), Dense(units, activation=activation)], seed=0)
    model.compile(optimizer="sgd", loss=loss, metrics=[metric])
    y = {"sparse_categorical_crossentropy": np.arange(N) % CLASSES,
         "categorical_crossentropy": np.eye(CLASSES)[np.arange(N) % CLASSES],
         "binary_crossentropy": (np.arange(N * units).reshape(N, units) % 2),
         "mse": np.zeros((N, units))}[loss]
    history = model.fit(valid_x(), y, epochs=1, verbose=0)
    assert metric in history.history


if __name__ == "__main__":
    report()
