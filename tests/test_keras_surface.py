"""The Keras names a Sequential-network user reaches, and what ``lucidnet.keras`` has of them.

:data:`SURFACE` is the list.  Every "yes" must resolve under ``lucidnet.keras`` (to lucidnet's
own object), every deprecated spelling must work and warn with its modern spelling at the
caller's line, and every "not yet" must still be missing, so that a name which lands turns
this test red until its row says "yes".  ``docs/keras.md`` shows the same list as tables;
:func:`test_the_docs_table_is_the_surface` fails when the page and the list disagree, and
``LUCIDNET_WRITE_KERAS_TABLE=1 pytest tests/test_keras_surface.py`` rewrites the page's tables.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import subprocess
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

import lucidnet
import lucidnet.keras as keras

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "keras.md"
BEGIN = "<!-- surface: begin (written by tests/test_keras_surface.py) -->"
END = "<!-- surface: end -->"

YES, NOT_YET = "yes", "not yet"


@dataclass(frozen=True)
class Deprecated:
    """A tf.keras 2 spelling that Keras 3 dropped: it works here and warns with ``modern``."""

    modern: str

    def __str__(self) -> str:
        return f"deprecated alias: write `{self.modern}`"


#: group -> [(name, status)].  A group is a module of Keras (its names are attributes of the
#: module of the same name under lucidnet.keras), or "model." / "layer." for the methods and
#: attributes of a Sequential model and of a (Dense) layer.
SURFACE: dict[str, list[tuple[str, object]]] = {
    "keras": [
        ("Sequential", YES), ("Input", YES), ("Layer", YES), ("Loss", YES), ("Metric", YES),
        ("Optimizer", YES), ("Initializer", YES), ("Regularizer", YES), ("Model", YES),
        ("KerasTensor", YES),
    ],
    "keras.models": [
        ("Sequential", YES), ("load_model", YES), ("save_model", YES), ("clone_model", YES),
        ("model_from_json", YES), ("Model", YES),
    ],
    "keras.layers": [
        ("Dense", YES), ("Input", YES), ("InputLayer", YES),
        ("InputLayer(input_shape=...)", Deprecated("keras.layers.InputLayer(shape=...)")),
        ("Layer", YES), ("Activation", YES), ("Dropout", YES), ("Flatten", YES),
        ("ReLU", YES), ("LeakyReLU", YES), ("PReLU", YES), ("ELU", YES),
        ("Softmax", YES), ("BatchNormalization", YES), ("LayerNormalization", YES),
        ("GaussianNoise", YES), ("GaussianDropout", YES), ("AlphaDropout", YES),
        ("Reshape", YES), ("Normalization", YES), ("Rescaling", YES),
        ("Lambda", YES), ("Identity", YES), ("ActivityRegularization", YES),
        ("UnitNormalization", YES),
    ],
    "keras.activations": [
        ("sigmoid", YES), ("softmax", YES), ("log_softmax", YES), ("relu", YES),
        ("tanh", YES), ("elu", YES), ("selu", YES), ("gelu", YES),
        ("leaky_relu", YES), ("softplus", YES), ("softsign", YES),
        ("swish", YES), ("silu", YES), ("hard_sigmoid", YES), ("linear", YES),
        ("exponential", YES), ("relu6", YES), ("mish", YES), ("celu", YES),
        ("hard_silu", YES), ("hard_swish", YES), ("get", YES), ("log_sigmoid", YES),
        ("sparse_sigmoid", YES), ("hard_tanh", YES), ("tanh_shrink", YES), ("squareplus", YES),
        ("sparse_plus", YES), ("hard_shrink", YES), ("soft_shrink", YES), ("threshold", YES),
        ("glu", NOT_YET), ("sparsemax", NOT_YET),
    ],
    "keras.losses": [
        ("Loss", YES), ("MeanSquaredError", YES), ("MeanAbsoluteError", YES), ("Huber", YES),
        ("BinaryCrossentropy", YES), ("CategoricalCrossentropy", YES),
        ("SparseCategoricalCrossentropy", YES), ("mean_squared_error", YES),
        ("mean_absolute_error", YES), ("huber", YES), ("binary_crossentropy", YES),
        ("categorical_crossentropy", YES), ("sparse_categorical_crossentropy", YES),
        ("MeanAbsolutePercentageError", YES), ("MeanSquaredLogarithmicError", YES),
        ("LogCosh", YES), ("Hinge", YES), ("KLDivergence", YES),
        ("BinaryFocalCrossentropy", YES), ("SquaredHinge", YES), ("CategoricalHinge", YES),
        ("Poisson", YES), ("CosineSimilarity", YES), ("CategoricalFocalCrossentropy", YES),
        ("mean_absolute_percentage_error", YES), ("mean_squared_logarithmic_error", YES),
        ("log_cosh", YES), ("hinge", YES), ("squared_hinge", YES), ("categorical_hinge", YES),
        ("kl_divergence", YES), ("poisson", YES), ("cosine_similarity", YES),
        ("binary_focal_crossentropy", YES), ("categorical_focal_crossentropy", YES),
        ("get", YES),
    ],
    "keras.metrics": [
        ("Metric", YES), ("BinaryAccuracy", YES), ("CategoricalAccuracy", YES),
        ("SparseCategoricalAccuracy", YES), ("TopKCategoricalAccuracy", YES),
        ("SparseTopKCategoricalAccuracy", YES), ("MeanSquaredError", YES),
        ("MeanAbsoluteError", YES), ("RootMeanSquaredError", YES), ("Precision", YES),
        ("Recall", YES), ("binary_accuracy", YES), ("categorical_accuracy", YES),
        ("sparse_categorical_accuracy", YES), ("top_k_categorical_accuracy", YES),
        ("sparse_top_k_categorical_accuracy", YES), ("Accuracy", YES), ("AUC", YES),
        ("F1Score", YES), ("Mean", YES), ("get", YES),
        ("Sum", YES), ("MeanMetricWrapper", YES), ("R2Score", YES), ("FBetaScore", YES),
        ("TruePositives", YES), ("FalsePositives", YES), ("TrueNegatives", YES),
        ("FalseNegatives", YES), ("PrecisionAtRecall", YES), ("RecallAtPrecision", YES),
        ("SensitivityAtSpecificity", YES), ("SpecificityAtSensitivity", YES),
        ("BinaryCrossentropy", YES), ("CategoricalCrossentropy", YES),
        ("SparseCategoricalCrossentropy", YES),
        ("MeanAbsolutePercentageError", YES),
        ("MeanSquaredLogarithmicError", YES), ("LogCoshError", YES), ("KLDivergence", YES),
        ("Poisson", YES), ("Hinge", YES), ("SquaredHinge", YES), ("CategoricalHinge", YES),
        ("CosineSimilarity", YES), ("mean_absolute_percentage_error", YES),
        ("mean_squared_logarithmic_error", YES), ("log_cosh", YES), ("kl_divergence", YES),
        ("poisson", YES), ("hinge", YES), ("squared_hinge", YES), ("categorical_hinge", YES),
        ("cosine_similarity", YES),
    ],
    "keras.optimizers": [
        ("Optimizer", YES), ("SGD", YES), ("RMSprop", YES), ("Adam", YES), ("AdamW", YES),
        ("Adagrad", YES), ("Adadelta", YES), ("Nadam", YES), ("Adamax", YES), ("Lion", YES),
        ("Ftrl", YES), ("get", YES),
    ],
    "keras.optimizers.schedules": [
        ("LearningRateSchedule", YES), ("ExponentialDecay", YES), ("InverseTimeDecay", YES),
        ("PiecewiseConstantDecay", YES), ("PolynomialDecay", YES), ("CosineDecay", YES),
        ("CosineDecayRestarts", YES),
    ],
    "keras.callbacks": [
        ("Callback", YES), ("History", YES), ("EarlyStopping", YES), ("ModelCheckpoint", YES),
        ("ReduceLROnPlateau", YES), ("LearningRateScheduler", YES), ("TerminateOnNaN", YES),
        ("CSVLogger", YES), ("LambdaCallback", YES), ("TensorBoard", YES),
        ("ProgbarLogger", YES), ("CallbackList", YES), ("BackupAndRestore", YES),
        ("RemoteMonitor", YES),
    ],
    "keras.initializers": [
        ("Initializer", YES), ("Zeros", YES), ("Ones", YES), ("Constant", YES),
        ("RandomNormal", YES), ("RandomUniform", YES), ("VarianceScaling", YES),
        ("GlorotUniform", YES), ("GlorotNormal", YES), ("HeUniform", YES), ("HeNormal", YES),
        ("LecunUniform", YES), ("LecunNormal", YES), ("zeros", YES), ("ones", YES),
        ("constant", YES), ("random_normal", YES), ("random_uniform", YES),
        ("variance_scaling", YES), ("glorot_uniform", YES), ("glorot_normal", YES),
        ("he_uniform", YES), ("he_normal", YES), ("lecun_uniform", YES), ("lecun_normal", YES),
        ("TruncatedNormal", YES), ("truncated_normal", YES), ("Orthogonal", YES),
        ("Identity", YES), ("orthogonal", YES), ("identity", YES),
    ],
    "keras.regularizers": [
        ("Regularizer", YES), ("L1", YES), ("L2", YES), ("L1L2", YES), ("l1", YES), ("l2", YES),
        ("l1_l2", YES), ("OrthogonalRegularizer", YES), ("orthogonal_regularizer", YES),
    ],
    "keras.constraints": [
        ("Constraint", YES), ("MaxNorm", YES), ("NonNeg", YES), ("UnitNorm", YES),
        ("MinMaxNorm", YES), ("max_norm", YES), ("non_neg", YES), ("unit_norm", YES),
        ("min_max_norm", YES), ("get", YES),
    ],
    "keras.utils": [
        ("to_categorical", YES), ("normalize", YES), ("set_random_seed", YES),
        ("np_utils.to_categorical", Deprecated("keras.utils.to_categorical")),
        ("PyDataset", YES), ("Sequence", Deprecated("keras.utils.PyDataset")),
        ("plot_model", YES), ("split_dataset", YES), ("get_file", YES),
        ("Progbar", YES), ("register_keras_serializable", YES), ("pad_sequences", YES),
        ("clear_session", YES), ("get_custom_objects", YES), ("get_registered_name", YES),
        ("get_registered_object", YES), ("custom_object_scope", YES),
        ("CustomObjectScope", YES), ("serialize_keras_object", YES),
        ("deserialize_keras_object", YES),
    ],
    "keras.saving": [
        ("load_model", YES), ("save_model", YES), ("register_keras_serializable", YES),
        ("get_custom_objects", YES), ("get_registered_name", YES), ("get_registered_object", YES),
        ("custom_object_scope", YES), ("CustomObjectScope", YES),
        ("serialize_keras_object", YES), ("deserialize_keras_object", YES),
    ],
    "keras.preprocessing": [
        ("sequence.pad_sequences", YES),
    ],
    "keras.ops": [
        ("convert_to_tensor", YES), ("convert_to_numpy", YES), ("cast", YES), ("shape", YES),
        ("argmax", YES), ("argmin", YES), ("max", YES), ("min", YES), ("sum", YES), ("mean", YES),
        ("top_k", YES), ("abs", YES), ("absolute", YES), ("square", YES), ("sqrt", YES),
        ("exp", YES), ("log", YES), ("clip", YES), ("where", YES), ("relu", YES),
        ("sigmoid", YES), ("softmax", YES), ("one_hot", YES), ("expand_dims", YES),
        ("reshape", YES), ("stack", YES), ("concatenate", YES), ("matmul", YES),
        ("arange", YES), ("zeros", YES), ("ones", YES), ("log_softmax", YES),
    ],
    "keras.datasets": [
        ("mnist.load_data", YES), ("fashion_mnist.load_data", YES),
        ("cifar10.load_data", YES), ("boston_housing.load_data", YES),
        ("cifar100.load_data", YES), ("california_housing.load_data", YES),
        ("imdb.load_data", YES), ("imdb.get_word_index", YES), ("reuters.load_data", YES),
        ("reuters.get_word_index", YES), ("reuters.get_label_names", YES),
    ],
    "keras.backend": [
        ("clear_session", YES), ("floatx", YES), ("set_floatx", YES), ("epsilon", YES),
        ("backend", YES), ("set_epsilon", YES), ("image_data_format", YES),
        ("set_image_data_format", YES),
    ],
    "model.": [
        ("add", YES), ("compile", YES), ("fit", YES), ("evaluate", YES), ("predict", YES),
        ("train_on_batch", YES), ("test_on_batch", YES), ("predict_on_batch", YES),
        ("summary", YES), ("count_params", YES), ("get_layer", YES), ("layers", YES),
        ("build", YES), ("built", YES), ("input_shape", YES), ("output_shape", YES),
        ("weights", YES), ("trainable_weights", YES), ("non_trainable_weights", YES),
        ("get_weights", YES), ("set_weights", YES), ("save", YES), ("save_weights", YES),
        ("load_weights", YES), ("get_config", YES), ("from_config", YES), ("to_json", YES),
        ("get_compile_config", YES), ("metrics", YES), ("metrics_names", YES),
        ("reset_metrics", YES), ("optimizer", YES), ("loss", YES), ("history", YES),
        ("stop_training", YES), ("name", YES), ("dtype", YES),
        ("predict_classes", Deprecated("np.argmax(model.predict(x), axis=-1)")),
        ("predict_proba", Deprecated("model.predict(x)")),
        ("pop", YES), ("trainable", YES), ("inputs", YES), ("outputs", YES), ("input", YES),
        ("output", YES),
        ("fit_generator", Deprecated("model.fit(generator, ...)")),
        ("evaluate_generator", Deprecated("model.evaluate(generator, ...)")),
        ("predict_generator", Deprecated("model.predict(generator, ...)")), ("export", YES),
    ],
    "layer.": [
        ("name", YES), ("trainable", YES), ("built", YES), ("build", YES), ("weights", YES),
        ("trainable_weights", YES), ("non_trainable_weights", YES), ("get_weights", YES),
        ("set_weights", YES), ("get_config", YES), ("from_config", YES), ("count_params", YES),
        ("add_weight", YES), ("compute_output_shape", YES), ("input_shape", YES),
        ("output_shape", YES), ("kernel", YES), ("bias", YES), ("units", YES),
        ("activation", YES), ("input", YES), ("output", YES),
    ],
}

#: How each deprecated spelling is used; each call must warn.
USES = {
    ("keras.layers", "InputLayer(input_shape=...)"): lambda: keras.layers.InputLayer(input_shape=(3,)),
    ("keras.utils", "np_utils.to_categorical"): lambda: _fresh_import("lucidnet.keras.utils.np_utils"),
    ("keras.utils", "Sequence"): lambda: type("Batches", (keras.utils.Sequence,), {}),
    ("model.", "predict_classes"): lambda: _model().predict_classes(np.zeros((2, 4))),
    ("model.", "predict_proba"): lambda: _model().predict_proba(np.zeros((2, 4))),
    ("model.", "fit_generator"): lambda: _model().fit_generator(_batches(), steps_per_epoch=2,
                                                                 verbose=0),
    ("model.", "evaluate_generator"): lambda: _model().evaluate_generator(_batches(), steps=2),
    ("model.", "predict_generator"): lambda: _model().predict_generator(_batches(), steps=2),
}


def _batches():
    while True:
        yield np.zeros((2, 4)), np.zeros(2, dtype=int)


def _fresh_import(name):
    sys.modules.pop(name, None)
    return importlib.import_module(name)


def _model():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def owner(group: str):
    """What the names of ``group`` are attributes of (None: a module lucidnet.keras lacks)."""
    if group == "model.":
        return _model()
    if group == "layer.":
        return _model().layers[0]
    try:
        return importlib.import_module("lucidnet.keras" + group[len("keras"):])
    except ModuleNotFoundError:
        return None


def spelled(group: str, name: str) -> str:
    return f"{group}{name}" if group.endswith(".") else f"{group}.{name}"


def resolve(group: str, name: str):
    """The object ``name`` (dotted for a submodule's function) names, or AttributeError."""
    target = owner(group)
    if target is None:
        raise AttributeError(f"there is no lucidnet.keras module for {group}")
    for part in name.split("."):
        target = getattr(target, part)
    return target


def rows(status_kind):
    return [pytest.param(group, name, status, id=spelled(group, name))
            for group, entries in SURFACE.items() for name, status in entries
            if (status_kind is Deprecated and isinstance(status, Deprecated))
            or status == status_kind]


# -- the list against lucidnet ---------------------------------------------------------------
@pytest.mark.parametrize("group, name, status", rows(YES))
def test_every_yes_resolves_under_lucidnet_keras(group, name, status):
    resolve(group, name)


@pytest.mark.parametrize("group, name, status", rows(NOT_YET))
def test_every_not_yet_is_still_missing(group, name, status):
    try:
        resolve(group, name)
    except AttributeError:
        return
    pytest.fail(f"{spelled(group, name)} exists now: mark its row 'yes' in SURFACE and "
                f"rewrite docs/keras.md (see this module's docstring).")


@pytest.mark.parametrize("group, name, status", rows(Deprecated))
def test_every_deprecated_spelling_works_and_names_the_modern_one(group, name, status):
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        USES[group, name]()
    found = [w for w in record if issubclass(w.category, DeprecationWarning)]
    assert found, f"{spelled(group, name)} did not warn"
    modern = status.modern.removeprefix("keras.layers.")
    assert modern in str(found[0].message)
    assert found[0].filename == __file__  # the user's line, not lucidnet's


def test_every_deprecated_spelling_has_a_use():
    assert set(USES) == {(group, name) for group, name, _ in
                         (param.values for param in rows(Deprecated))}


def test_a_module_name_is_the_very_object_of_the_lucidnet_module():
    for group, entries in SURFACE.items():
        if group in ("keras", "model.", "layer.") or owner(group) is None:
            continue
        lucid = importlib.import_module("lucidnet" + group[len("keras"):])
        for name, status in entries:
            if status == YES and "." not in name:
                assert resolve(group, name) is getattr(lucid, name), spelled(group, name)


# -- the faces ---------------------------------------------------------------------------------
FACES = ["activations", "backend", "callbacks", "constraints", "initializers", "layers", "losses",
         "metrics", "models", "ops", "optimizers", "optimizers.schedules", "regularizers",
         "saving", "utils"]


@pytest.mark.parametrize("module", FACES)
def test_each_lucidnet_module_keras_names_has_a_face_with_its_whole_all(module):
    if importlib.util.find_spec(f"lucidnet.{module}") is None:
        pytest.skip(f"lucidnet.{module} does not exist yet")
    lucid = importlib.import_module(f"lucidnet.{module}")
    try:
        face = importlib.import_module(f"lucidnet.keras.{module}")
    except ModuleNotFoundError:
        pytest.fail(f"lucidnet.{module} exists: add src/lucidnet/keras/{module}.py holding "
                    f"'from ..{module} import *' and 'from ..{module} import __all__', as "
                    f"the other faces do, and mark its rows in SURFACE.")
    assert list(face.__all__) == list(lucid.__all__)
    for name in lucid.__all__:
        if not (module == "optimizers" and name == "schedules"):  # a face of its own
            assert getattr(face, name) is getattr(lucid, name), name


def test_keras_submodules_are_real_modules():
    from lucidnet.keras.datasets import mnist
    from lucidnet.keras.layers import Dense
    from lucidnet.keras.optimizers.schedules import ExponentialDecay
    from lucidnet.keras.preprocessing.sequence import pad_sequences

    assert Dense is lucidnet.layers.Dense
    assert ExponentialDecay is lucidnet.optimizers.schedules.ExponentialDecay
    assert mnist.load_data is lucidnet.datasets.mnist.load_data
    assert pad_sequences is lucidnet.utils.pad_sequences
    assert keras.optimizers.schedules is sys.modules["lucidnet.keras.optimizers.schedules"]


def test_import_lucidnet_does_not_import_the_keras_face_and_from_lucidnet_import_keras_works():
    code = ("import sys, lucidnet; assert 'lucidnet.keras' not in sys.modules; "
            "from lucidnet import keras; assert keras.layers.Dense is lucidnet.Dense; "
            "assert lucidnet.keras is keras")
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    subprocess.run([sys.executable, "-c", code], check=True, env=environment, timeout=60)


def test_a_keras_notebook_runs_unchanged_on_the_face():
    (x_train, y_train), (x_test, y_test) = lucidnet.datasets.digits.load_data()
    x_train = x_train.reshape(len(x_train), -1).astype("float32") / 16
    x_test = x_test.reshape(len(x_test), -1).astype("float32") / 16
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input(shape=(64,)),
        keras.layers.Dense(32, activation="relu",
                           kernel_regularizer=keras.regularizers.l2(1e-4)),
        keras.layers.Dropout(0.1),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-2),
                  loss=keras.losses.CategoricalCrossentropy(),
                  metrics=["accuracy"])
    history = model.fit(x_train, keras.utils.to_categorical(y_train, 10), epochs=20,
                        batch_size=64, validation_split=0.1, verbose=0,
                        callbacks=[keras.callbacks.EarlyStopping(patience=3,
                                                                 restore_best_weights=True)])
    _, accuracy = model.evaluate(x_test, keras.utils.to_categorical(y_test, 10), verbose=0)
    assert accuracy > 0.9 and "val_accuracy" in history.history
    assert np.mean(np.argmax(model.predict(x_test, verbose=0), axis=-1) == y_test) == \
        pytest.approx(accuracy)


# -- the page ----------------------------------------------------------------------------------
def surface_tables() -> str:
    """The tables of docs/keras.md, one per group, written from SURFACE."""
    counts = {YES: 0, "deprecated": 0, NOT_YET: 0}
    lines = []
    for group, entries in SURFACE.items():
        title = {"model.": "Model methods and attributes (`model = keras.Sequential(...)`)",
                 "layer.": "Layer methods and attributes (`layer = model.layers[0]`, a Dense)"}
        lines += ["", f"### {title.get(group, f'`{group}`')}", "", "| Keras | lucidnet |",
                  "| --- | --- |"]
        for name, status in entries:
            counts["deprecated" if isinstance(status, Deprecated) else status] += 1
            lines.append(f"| `{spelled(group, name)}` | {status} |")
    summary = (f"{sum(counts.values())} names: {counts[YES]} yes, {counts['deprecated']} "
               f"deprecated aliases, {counts[NOT_YET]} not yet.")
    return "\n".join([BEGIN, "", summary, *lines, "", END])


def test_the_docs_table_is_the_surface():
    text = PAGE.read_text(encoding="utf-8")
    assert BEGIN in text and END in text, f"{PAGE} lost its surface markers"
    before, rest = text.split(BEGIN, 1)
    _, after = rest.split(END, 1)
    expected = before + surface_tables() + after
    if os.environ.get("LUCIDNET_WRITE_KERAS_TABLE") == "1":
        PAGE.write_text(expected, encoding="utf-8")
    assert text == expected, ("docs/keras.md's tables differ from SURFACE: run "
                              "LUCIDNET_WRITE_KERAS_TABLE=1 pytest tests/test_keras_surface.py")
