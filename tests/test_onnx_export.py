"""ONNX export: the exported graph computes model.predict, checked by running it."""

import json

import numpy as np
import pytest

from lucidnet import (
    Activation,
    BatchNormalization,
    Dense,
    Dropout,
    Flatten,
    GaussianNoise,
    Input,
    LayerNormalization,
    Normalization,
    NotReadyError,
    Sequential,
    activations,
    initializers,
    layers,
)
from lucidnet.export import to_onnx
from lucidnet.export.onnx import (
    ACTIVATION_LOWERINGS,
    DEFAULT_OPSET,
    register_activation,
)
from lucidnet.layers import Layer

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
ReferenceEvaluator = pytest.importorskip("onnx.reference").ReferenceEvaluator

TOLERANCE = 1e-5

# Every exportable activation, with the non-default settings that change its graph.
ACTIVATION_CASES = [
    "linear", "step", "sigmoid", {"class_name": "sigmoid", "config": {"scale": 2.0, "steepness": 0.5}},
    "hard_sigmoid", "hard_silu", "tanh", "relu", "relu6",
    {"class_name": "relu", "config": {"max_value": 2.5}},
    {"class_name": "relu", "config": {"threshold": 1.5}},
    {"class_name": "relu", "config": {"negative_slope": 0.25, "max_value": 4.0, "threshold": 1.0}},
    {"class_name": "leaky_relu", "config": {"negative_slope": 0.05}},
    "elu", {"class_name": "elu", "config": {"alpha": 0.4}}, "celu",
    {"class_name": "celu", "config": {"alpha": 0.4}}, "selu", "gelu",
    {"class_name": "gelu", "config": {"approximate": True}}, "softplus", "softsign", "swish", "mish",
    "exponential", "softmax", "log_softmax", "log_sigmoid", "sparse_sigmoid", "hard_tanh",
    "tanh_shrink", "squareplus", {"class_name": "squareplus", "config": {"b": 0.5}}, "sparse_plus",
    "hard_shrink", "soft_shrink", {"class_name": "soft_shrink", "config": {"threshold": 1.5}},
    {"class_name": "threshold", "config": {"threshold": 0.5, "default_value": -1.0}},
]


def case_id(case):
    if isinstance(case, str):
        return case
    return case["class_name"] + "-" + "-".join(f"{k}={v}" for k, v in case["config"].items())


def image_model(activation, dtype="float32"):
    """Flatten → Dense(activation) → Dropout → Dense → Activation(activation): every layer kind."""
    return Sequential([Input((3, 4)), Flatten(), Dense(16, activation=activation), Dropout(0.5),
                       Dense(5), Activation(activation)], dtype=dtype, seed=0)


def inputs(rng, batch, dtype, activation=None):
    # Spread over [-6, 6] so that every piece of a piecewise function is visited; narrower for
    # e^z, which would overflow after two layers.
    spread = 0.3 if activation is not None and activations.get(activation).overflows else 3
    return (rng.normal(size=(batch, 3, 4)) * spread).astype(dtype)


def run_onnxruntime(path, x):
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return session.run(None, {"input": x})[0]


@pytest.mark.parametrize("activation", ACTIVATION_CASES, ids=case_id)
def test_onnxruntime_predicts_what_the_model_predicts(tmp_path, rng, activation):
    model = image_model(activation)
    to_onnx(model, tmp_path / "m.onnx")
    for batch in (1, 7):
        x = inputs(rng, batch, "float32", activation)
        np.testing.assert_allclose(run_onnxruntime(tmp_path / "m.onnx", x), model.predict(x, verbose=0),
                                   rtol=TOLERANCE, atol=TOLERANCE)


@pytest.mark.parametrize("activation", ACTIVATION_CASES, ids=case_id)
def test_a_float64_export_computes_in_float64(tmp_path, rng, activation):
    # onnxruntime has no float64 kernels for several of these operators (Elu, Selu, Erf, ...),
    # so the reference implementation that ships with onnx runs the file here.
    model = image_model(activation, dtype="float64")
    to_onnx(model, tmp_path / "m.onnx")
    x = inputs(rng, 7, "float64", activation)
    (y,) = ReferenceEvaluator(str(tmp_path / "m.onnx")).run(None, {"input": x})
    assert y.dtype == np.float64
    np.testing.assert_allclose(y, model.predict(x, verbose=0), rtol=TOLERANCE, atol=TOLERANCE)


def test_onnxruntime_runs_a_float64_mlp(tmp_path, rng):
    model = Sequential([Input((6,)), Dense(8, activation="relu"), Dense(3, activation="softmax")],
                       dtype="float64", seed=0)
    to_onnx(model, tmp_path / "m.onnx")
    x = rng.normal(size=(5, 6))
    np.testing.assert_allclose(run_onnxruntime(tmp_path / "m.onnx", x), model.predict(x, verbose=0),
                               rtol=0, atol=1e-12)


def test_every_built_in_activation_can_be_exported():
    built_in = {getattr(activations, name) for name in activations.__all__
                if isinstance(getattr(activations, name), type)}
    built_in = {cls for cls in built_in if issubclass(cls, activations.Activation)
                and cls not in (activations.Activation, activations.AxisActivation)}
    registered = {cls for _, cls in activations.ACTIVATIONS.items()
                  if cls.__module__.startswith(activations.__name__ + ".")}  # not other tests' own
    assert registered <= built_in <= set(ACTIVATION_LOWERINGS)


def test_every_exportable_activation_is_in_the_cases():
    names = {case if isinstance(case, str) else case["class_name"] for case in ACTIVATION_CASES}
    assert {type(activations.get(name)) for name in names} == set(ACTIVATION_LOWERINGS)


@pytest.mark.parametrize("activation, node", [
    ("relu", ["Relu"]), ("relu6", ["Clip"]), (activations.LeakyReLU(0.1), ["LeakyRelu"]),
    (activations.ReLU(threshold=1.0), ["Sub", "Mul", "Greater", "Where"]),
    ("celu", ["Elu"]), (activations.CELU(alpha=0.5), ["Div", "Elu", "Mul"]),
    ("log_softmax", ["LogSoftmax"]), (activations.Softmax(axis=1), ["Softmax"]),
], ids=str)
def test_an_activation_takes_the_simplest_onnx_form(tmp_path, activation, node):
    model = Sequential([Input((3,)), Activation(activation)], seed=0)
    proto = to_onnx(model, tmp_path / "m.onnx")
    assert [n.op_type for n in proto.graph.node] == node


def test_a_softmax_over_several_axes_is_refused(tmp_path):
    model = Sequential([Input((2, 3)), Activation(activations.Softmax(axis=(1, 2)), name="joint")],
                       seed=0)
    with pytest.raises(ValueError, match=r"joint/softmax normalizes over the axes \(1, 2\), but "
                                         r"ONNX's Softmax normalizes over a single axis"):
        to_onnx(model, tmp_path / "m.onnx")
    assert not (tmp_path / "m.onnx").exists()


def activation_layers_model(dtype):
    """Every activation layer, PReLU with slopes of its own along a shared axis."""
    return Sequential([
        Input((3, 4)), layers.PReLU(alpha_initializer=initializers.RandomUniform(0.1, 0.5), shared_axes=[1]),
        Flatten(), Dense(16), layers.ReLU(max_value=3.0, negative_slope=0.1, threshold=0.5), Dense(16),
        layers.LeakyReLU(), Dense(16), layers.ELU(alpha=0.5), Dense(5), layers.Softmax(),
    ], dtype=dtype, seed=0)


def test_onnxruntime_runs_the_activation_layers(tmp_path, rng):
    model = activation_layers_model("float32")
    proto = to_onnx(model, tmp_path / "m.onnx")
    assert "PRelu" in [node.op_type for node in proto.graph.node]
    assert [tuple(t.dims) for t in proto.graph.initializer if t.name == "p_re_lu_1/alpha"] == [(1, 4)]
    x = inputs(rng, 7, "float32")
    np.testing.assert_allclose(run_onnxruntime(tmp_path / "m.onnx", x), model.predict(x, verbose=0),
                               rtol=0, atol=TOLERANCE)


def test_the_activation_layers_export_in_float64(tmp_path, rng):
    model = activation_layers_model("float64")
    to_onnx(model, tmp_path / "m.onnx")
    x = inputs(rng, 7, "float64")
    (y,) = ReferenceEvaluator(str(tmp_path / "m.onnx")).run(None, {"input": x})
    assert y.dtype == np.float64
    # ONNX stores the slopes of LeakyRelu and Elu as float32 attributes, hence no tighter bound.
    np.testing.assert_allclose(y, model.predict(x, verbose=0), rtol=0, atol=TOLERANCE)


def test_the_graph_is_standard_with_a_dynamic_batch_and_the_model_file_names(tmp_path):
    model = Sequential([Input((4,)), Dense(3, activation="softmax", use_bias=False), Dense(2)], seed=0)
    proto = to_onnx(model, tmp_path / "m.onnx")
    assert onnx.load(tmp_path / "m.onnx") == proto
    onnx.checker.check_model(proto, full_check=True)
    assert [node.op_type for node in proto.graph.node] == ["MatMul", "Softmax", "Gemm"]
    assert [opset.version for opset in proto.opset_import] == [DEFAULT_OPSET]
    (source,) = proto.graph.input
    assert [d.dim_param or d.dim_value for d in source.type.tensor_type.shape.dim] == ["batch", 4]
    assert sorted(t.name for t in proto.graph.initializer) == ["dense_1/kernel", "dense_2/bias",
                                                                "dense_2/kernel"]


def test_metadata_travels_as_an_onnx_property(tmp_path):
    model = Sequential([Input((2,)), Dense(2, activation="softmax")], seed=0)
    model.metadata = {"labels": ["cat", "dog"]}
    proto = to_onnx(model, tmp_path / "m.onnx")
    properties = {p.key: p.value for p in proto.metadata_props}
    assert json.loads(properties["lucidnet.metadata"]) == {"labels": ["cat", "dog"]}


def test_a_model_of_identity_layers_exports_an_identity_graph(tmp_path, rng):
    model = Sequential([Input((3,)), Dropout(0.5)], seed=0)
    to_onnx(model, tmp_path / "m.onnx")
    x = rng.normal(size=(2, 3)).astype("float32")
    np.testing.assert_array_equal(run_onnxruntime(tmp_path / "m.onnx", x), x)


class Cube(activations.Activation):
    """σ(z) = z³, unregistered and without an ONNX lowering."""

    def forward(self, z):
        return z**3

    def derivative(self, z, a):
        return 3 * z**2


def test_an_activation_without_an_onnx_form_is_refused_by_name(tmp_path):
    model = Sequential([Input((2,)), Dense(2, activation=Cube(), name="cubic")], seed=0)
    with pytest.raises(ValueError) as caught:
        to_onnx(model, tmp_path / "m.onnx")
    message = str(caught.value)
    assert "Dense(units=2) named 'cubic' uses the activation Cube, which has no ONNX form" in message
    assert "Exportable activations: celu, elu, exponential, gelu, hard_shrink, hard_sigmoid" in message
    assert "register_activation(Cube)" in message
    assert not (tmp_path / "m.onnx").exists()


def test_register_activation_adds_an_onnx_form(tmp_path, rng, monkeypatch):
    monkeypatch.setattr("lucidnet.export.onnx.ACTIVATION_LOWERINGS", dict(ACTIVATION_LOWERINGS))

    @register_activation(Cube)
    def cube(graph, x, where, activation):
        return graph.op("Mul", [graph.op("Mul", [x, x], where), x], where)

    model = Sequential([Input((2,)), Dense(2, activation=Cube())], seed=0)
    to_onnx(model, tmp_path / "m.onnx")
    x = rng.normal(size=(4, 2)).astype("float32")
    np.testing.assert_allclose(run_onnxruntime(tmp_path / "m.onnx", x), model.predict(x, verbose=0),
                               rtol=1e-6)


class Doubling(Layer):
    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def forward(self, x, training=False):
        return 2 * x


@pytest.mark.parametrize("model, options, error, message", [
    (lambda: Sequential([Input((2,)), Doubling()]), {}, ValueError,
     ("Doubling() named 'doubling_1' cannot be exported to ONNX: the exportable layers are "
      "Activation, ActivityRegularization, AlphaDropout, BatchNormalization, Dense, Dropout, ELU, "
      "Flatten, GaussianDropout, GaussianNoise, Identity, Lambda, LayerNormalization, LeakyReLU, "
      "Normalization, PReLU, ReLU, Rescaling, Reshape, Softmax, UnitNormalization.")),
    (lambda: Sequential([Dense(2)]), {}, NotReadyError, "has not been built"),
    (lambda: Sequential([Input((2,)), Dense(2)]), {"opset": 12}, ValueError, "opset must be an integer in [13,"),
    (lambda: Sequential([Input((2,)), Dense(2)]), {"opset": True}, ValueError, "opset must be an integer in [13,"),
], ids=["layer", "unbuilt", "opset", "opset flag"])
def test_what_cannot_be_exported_is_refused_with_a_reason(tmp_path, model, options, error, message):
    with pytest.raises(error) as caught:
        to_onnx(model(), tmp_path / "m.onnx", **options)
    assert message in str(caught.value)


# -- the normalization layers --------------------------------------------------------------------
OPSETS = [13, 17, 18]


def normalized_model(dtype="float32", *, batch_norm=None, layer_norm=None, normalization=None):
    """Normalization (adapted) → Dense → BatchNormalization → GaussianNoise → Dense →
    LayerNormalization → Dense(softmax), trained for two epochs so that the moving statistics,
    γ and β are no longer their initial values."""
    rng = np.random.default_rng(0)
    x = rng.normal(loc=[10.0, -5.0, 0.0, 300.0], scale=[2.0, 0.1, 1.0, 50.0], size=(64, 4))
    normalizer = Normalization(**(normalization or {}))
    normalizer.adapt(x)
    model = Sequential([Input((4,)), normalizer, Dense(8, activation="tanh"),
                        BatchNormalization(**(batch_norm or {})), GaussianNoise(0.1),
                        Dense(6), LayerNormalization(**(layer_norm or {})),
                        Dense(3, activation="softmax")], dtype=dtype, seed=0)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(x, rng.integers(0, 3, size=64), epochs=2, batch_size=16, verbose=0)
    return model, x.astype(dtype)


NORMALIZED_CASES = {
    "defaults": {},
    "no gamma or beta": {"batch_norm": {"center": False, "scale": False},
                         "layer_norm": {"center": False, "scale": False}},
    "rms_scaling": {"layer_norm": {"rms_scaling": True}},
    "inverted, one scalar": {"normalization": {"axis": None, "invert": True}},
}


@pytest.mark.parametrize("opset", OPSETS)
@pytest.mark.parametrize("case", sorted(NORMALIZED_CASES))
def test_onnxruntime_predicts_what_a_normalized_model_predicts(tmp_path, case, opset):
    model, x = normalized_model(**NORMALIZED_CASES[case])
    assert not np.allclose(model.get_layer("batch_normalization_1").moving_variance, 1.0)
    to_onnx(model, tmp_path / "m.onnx", opset=opset)
    np.testing.assert_allclose(run_onnxruntime(tmp_path / "m.onnx", x), model.predict(x, verbose=0),
                               rtol=0, atol=TOLERANCE)


@pytest.mark.parametrize("opset", OPSETS)
@pytest.mark.parametrize("case", sorted(NORMALIZED_CASES))
def test_onnxruntime_runs_a_float64_normalized_model_in_float64(tmp_path, case, opset):
    # onnxruntime this time: the reference evaluator of onnx runs opset 13's BatchNormalization
    # with batch statistics blended in (it reads the momentum attribute's default as training).
    model, x = normalized_model("float64", **NORMALIZED_CASES[case])
    to_onnx(model, tmp_path / "m.onnx", opset=opset)
    y = run_onnxruntime(tmp_path / "m.onnx", x)
    assert y.dtype == np.float64
    # ONNX keeps BatchNormalization's ε as a float32 attribute: 1e-3 becomes 1e-3·(1 + 5·10⁻⁸).
    np.testing.assert_allclose(y, model.predict(x, verbose=0), rtol=0, atol=1e-10)


def test_the_normalizations_become_the_onnx_operators_of_the_same_name(tmp_path):
    model, _ = normalized_model()
    proto = to_onnx(model, tmp_path / "m.onnx")
    ops = [node.op_type for node in proto.graph.node]
    assert ops[:2] == ["Sub", "Div"]                    # Normalization: (x − μ)/σ
    assert "BatchNormalization" in ops and "LayerNormalization" in ops
    names = {t.name for t in proto.graph.initializer}
    assert {"batch_normalization_1/moving_mean", "batch_normalization_1/moving_variance",
            "layer_normalization_1/gamma", "normalization_1/mean"} <= names
    older = to_onnx(model, tmp_path / "m13.onnx", opset=13)
    assert "LayerNormalization" not in [node.op_type for node in older.graph.node]


@pytest.mark.parametrize("opset", OPSETS)
@pytest.mark.parametrize("axis", [1, 2, [1, 2]], ids=str)
def test_layer_normalization_over_any_axes_exports(tmp_path, rng, axis, opset):
    model = Sequential([Input((3, 4)), LayerNormalization(axis=axis, beta_initializer="random_normal",
                                                          gamma_initializer="random_normal"),
                        Flatten(), Dense(2)], seed=0)
    to_onnx(model, tmp_path / "m.onnx", opset=opset)
    x = inputs(rng, 5, "float32")
    np.testing.assert_allclose(run_onnxruntime(tmp_path / "m.onnx", x), model.predict(x, verbose=0),
                               rtol=0, atol=TOLERANCE)


def test_a_normalization_that_was_never_adapted_is_refused(tmp_path):
    model = Sequential([Input((3,)), Normalization(), Dense(2)], seed=0)
    with pytest.raises(NotReadyError, match="has no mean and variance yet"):
        to_onnx(model, tmp_path / "m.onnx")
    assert not (tmp_path / "m.onnx").exists()


# -- model.export, Keras's spelling ------------------------------------------------------------
def _small_model():
    return Sequential([Input((3,)), Dense(4, activation="relu"), Dense(2, activation="softmax")],
                      seed=0)


def test_model_export_onnx_writes_what_to_onnx_writes(tmp_path, rng):
    model = _small_model()
    assert model.export(tmp_path / "a.onnx", format="onnx", opset_version=13) == tmp_path / "a.onnx"
    to_onnx(model, tmp_path / "b.onnx", opset=13)
    assert (tmp_path / "a.onnx").read_bytes() == (tmp_path / "b.onnx").read_bytes()
    assert onnx.load(tmp_path / "a.onnx").opset_import[0].version == 13
    x = rng.normal(size=(5, 3)).astype("float32")
    np.testing.assert_allclose(run_onnxruntime(tmp_path / "a.onnx", x),
                               model.predict(x, verbose=0), rtol=TOLERANCE, atol=TOLERANCE)


@pytest.mark.parametrize("format", ["tf_saved_model", "openvino", "litert", "torch"])
def test_model_export_refuses_the_formats_it_cannot_write_and_names_onnx(tmp_path, format):
    with pytest.raises(ValueError, match=f"format='{format}' is not one lucidnet can write; "
                                         "it exports 'onnx'"):
        _small_model().export(tmp_path / "m", format=format)
    assert not (tmp_path / "m").exists()


def test_model_export_refuses_an_input_signature_and_unknown_options(tmp_path):
    with pytest.raises(ValueError, match="input_signature must be None"):
        _small_model().export(tmp_path / "m.onnx", format="onnx", input_signature=[(None, 3)])
    with pytest.raises(TypeError, match=r"unexpected options \['is_static'\]"):
        _small_model().export(tmp_path / "m.onnx", format="onnx", is_static=True)


# -- the layers that rescale, reshape or are the identity at inference --------------------------
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("opset", [13, DEFAULT_OPSET])
def test_onnxruntime_runs_the_reshaping_and_rescaling_layers(tmp_path, rng, dtype, opset):
    model = Sequential([
        Input((3, 4)), layers.Rescaling(1 / 127.5, offset=-1.0), layers.Reshape((-1, 2)),
        layers.UnitNormalization(axis=[1, 2]), layers.GaussianDropout(0.2), layers.AlphaDropout(0.2),
        layers.Identity(), layers.ActivityRegularization(l2=0.1), layers.Flatten(), Dense(5),
        layers.Lambda(activations.tanh), layers.Reshape((5, 1)), layers.UnitNormalization(),
    ], dtype=dtype, seed=0)
    to_onnx(model, tmp_path / "m.onnx", opset=opset)
    x = rng.uniform(0, 255, size=(7, 3, 4)).astype(dtype)
    onnx_out = run_onnxruntime(tmp_path / "m.onnx", x)
    assert onnx_out.dtype == dtype and onnx_out.shape == (7, 5, 1)
    np.testing.assert_allclose(onnx_out, model.predict(x, verbose=0), rtol=TOLERANCE, atol=1e-6)


def test_a_lambda_of_a_python_function_is_refused_by_name(tmp_path):
    model = Sequential([Input((2,)), layers.Lambda(lambda v: v * 2, name="double"), Dense(1)], seed=0)
    with pytest.raises(ValueError, match=r"Lambda\(function='<lambda>'\) named 'double' cannot be "
                                         r"exported to ONNX: it runs a Python function"):
        to_onnx(model, tmp_path / "m.onnx")
    assert not (tmp_path / "m.onnx").exists()
