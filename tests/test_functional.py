"""Keras's other two ways to build a model, for chains of layers: the functional API
(``Model(inputs, outputs)``), subclassing (``class MyModel(Model)`` with ``call``), and a
model used as a layer of another (``Sequential([trained, Softmax()])``)."""

import os

import numpy as np
import pytest

import lucidnet
import lucidnet.keras as keras
from lucidnet import Dense, Input, Model, Sequential
from lucidnet.layers import Activation, Dropout, Softmax
from lucidnet.symbolic import KerasTensor
from lucidnet.utils import gradcheck

RNG = np.random.default_rng(0)
X = RNG.normal(size=(8, 6)).astype("float32")
LABELS = np.arange(8) % 3


def relu(z):
    return np.maximum(z, 0)


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def functional(name="mlp", seed=0):
    inputs = Input((6,))
    x = Dense(5, activation="relu")(inputs)
    outputs = Dense(3)(x)
    return Model(inputs=inputs, outputs=outputs, name=name, seed=seed)


# -- symbolic tensors ----------------------------------------------------------------------
def test_a_layer_called_on_an_input_returns_a_symbolic_tensor_and_stays_unbuilt():
    dense = Dense(64)
    x = dense(Input((784,)))
    assert isinstance(x, KerasTensor) and x.shape == (None, 64) and x.dtype == "float32"
    assert x.name.startswith("keras_tensor_") and not dense.built
    assert keras.KerasTensor is KerasTensor


def test_a_layer_called_on_an_array_still_computes():
    dense = Dense(2, kernel_initializer="ones")
    np.testing.assert_allclose(dense(np.ones((1, 3))), [[3.0, 3.0]])


def test_a_symbolic_call_checks_the_shape_naming_the_layer():
    dense = Dense(2)
    Sequential([Input((3,)), dense])
    with pytest.raises(ValueError, match=r"Dense\(units=2\) named 'dense_1' was built for "
                                         r"inputs \(None, 3\) but receives \(None, 4\)"):
        dense(Input((4,)))


def test_arithmetic_on_a_symbolic_tensor_says_models_are_chains():
    x = Dense(3)(Input((2,)))
    with pytest.raises(ValueError, match="is symbolic.*lucidnet models are chains of layers"):
        x + 1
    with pytest.raises(ValueError, match="is symbolic"):
        np.asarray(x)


# -- the functional API --------------------------------------------------------------------
def test_a_functional_chain_computes_its_layers_in_turn():
    model = functional()
    assert model.count_params() == (6 * 5 + 5) + (5 * 3 + 3)
    assert model.output_shape == (None, 3) and model.name == "mlp"
    W1, b1, W2, b2 = model.get_weights()
    np.testing.assert_allclose(model.predict(X, verbose=0), relu(X @ W1 + b1) @ W2 + b2,
                               rtol=1e-5, atol=1e-6)


def test_a_functional_model_is_seeded_like_a_sequential_one():
    assert all(np.array_equal(a, b) for a, b in
               zip(functional(seed=3).get_weights(), functional(seed=3).get_weights()))


def test_every_model_is_a_keras_model():
    assert keras.Model is lucidnet.Model is keras.models.Model is lucidnet.models.Model
    assert isinstance(Sequential([Dense(2)]), keras.Model)
    assert isinstance(functional(), keras.Model) and not isinstance(functional(), Sequential)


def test_a_functional_model_trains_saves_and_loads(tmp_path):
    model = functional()
    model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(
        from_logits=True), metrics=["accuracy"])
    history = model.fit(X, LABELS, epochs=30, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
    path = tmp_path / "mlp.lucid"
    model.save(path)
    loaded = lucidnet.load_model(path)
    np.testing.assert_array_equal(loaded.predict(X, verbose=0), model.predict(X, verbose=0))
    assert isinstance(loaded, Model) and [layer.name for layer in loaded.layers] == \
        [layer.name for layer in model.layers]


def test_to_json_of_a_functional_model_gives_it_back():
    model = functional()
    copy = keras.models.model_from_json(model.to_json())
    assert type(copy) is Model and copy.get_config() == model.get_config()
    assert '"class_name": "Functional"' in model.to_json()


@pytest.mark.parametrize("inputs, outputs, message", [
    (lambda i, o: [i, i], lambda i, o: o, "Model inputs must be a single tensor, got 2"),
    (lambda i, o: i, lambda i, o: [o, o], "Model outputs must be a single tensor, got 2"),
    (lambda i, o: Input((6,)), lambda i, o: o, "was not computed from the input"),
    (lambda i, o: i, lambda i, o: i, "are its inputs: a model needs at least one layer"),
])
def test_a_graph_that_is_not_a_chain_is_refused(inputs, outputs, message):
    i = Input((6,))
    o = Dense(3)(Dense(4)(i))
    with pytest.raises(ValueError, match=message):
        Model(inputs(i, o), outputs(i, o))


def test_a_layer_used_twice_is_refused_naming_it():
    i = Input((4,))
    shared = Dense(4, name="shared")
    with pytest.raises(ValueError, match="'shared' is called more than once.*a layer is used once"):
        Model(i, shared(shared(i)))


def test_a_layer_called_on_two_tensors_is_refused():
    a, b = Input((2,)), Input((2,))
    with pytest.raises(ValueError, match="takes one input tensor, got 2"):
        Dense(1)([a.output, b.output])


def test_model_without_inputs_or_a_call_says_how_to_build_one():
    with pytest.raises(TypeError, match="Model\\(\\) needs inputs= and outputs="):
        Model()


# -- layer.input, layer.output, model.inputs ... --------------------------------------------
def test_a_layer_never_called_symbolically_raises_keras_error():
    model = Sequential([Dense(4, name="hidden")])
    with pytest.raises(AttributeError, match="The layer hidden has never been called and thus "
                                             "has no defined output"):
        model.layers[0].output
    with pytest.raises(AttributeError, match="has no defined input yet"):
        model.inputs


def test_a_sequential_with_an_input_has_symbolic_inputs_and_outputs():
    entry = Input((6,))
    model = Sequential([entry, Dense(5), Dense(3)])
    assert model.inputs == [entry.output] and model.input is entry.output
    assert model.layers[0].input is model.input
    assert model.layers[1].input is model.layers[0].output
    assert model.outputs == [model.layers[-1].output] and model.output.shape == (None, 3)


def test_feature_extraction_is_a_prefix_of_a_trained_chain_sharing_its_weights():
    model = Sequential([Input((6,)), Dense(5, activation="relu"), Dense(3)], seed=1)
    features = keras.Model(inputs=model.inputs, outputs=model.layers[-2].output)
    assert features.layers == model.layers[:1]
    assert features.weights[0] is model.layers[0].weights[0]
    W, b = model.layers[0].get_weights()
    np.testing.assert_allclose(features.predict(X, verbose=0), relu(X @ W + b), rtol=1e-6)
    model.layers[0].kernel[...] = 0.0  # the same array: the extractor sees it
    np.testing.assert_allclose(features.predict(X, verbose=0), relu(np.broadcast_to(b, (8, 5))))


# -- subclassing ---------------------------------------------------------------------------
class MyModel(Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.hidden = Dense(5, activation="relu")
        self.dropout = Dropout(0.5)
        self.out = Dense(3)

    def call(self, x, training=False):
        return self.out(self.dropout(self.hidden(x), training=training))


def test_a_subclass_lists_its_layers_unbuilt_before_its_first_call():
    model = MyModel()
    lines = []
    model.summary(print_fn=lines.append)
    assert model.name == "my_model" and not model.built
    assert "(unbuilt)" in lines[0] and "Dense" in lines[0] and "Total params: 0" in lines[0]


def test_a_subclass_is_traced_once_at_its_first_call():
    model = MyModel()
    out = model(X)
    assert model.built and model.layers == [model.hidden, model.dropout, model.out]
    W1, b1, W2, b2 = model.get_weights()
    np.testing.assert_allclose(out, relu(X @ W1 + b1) @ W2 + b2, rtol=1e-5, atol=1e-6)


def test_a_subclass_trains_with_fit():
    model = MyModel(seed=0)
    model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(
        from_logits=True))
    model.build((None, 6))
    before = model.evaluate(X, LABELS, verbose=0)
    model.fit(X, LABELS, epochs=20, verbose=0)
    assert model.evaluate(X, LABELS, verbose=0) < before


def test_arithmetic_in_call_is_refused_naming_the_method():
    class Shifted(Model):
        def __init__(self):
            super().__init__()
            self.dense = Dense(2)

        def call(self, x):
            return self.dense(x) * 2

    with pytest.raises(ValueError, match=r"Shifted.call\(\), traced on .*is symbolic"):
        Shifted()(X)


def test_a_call_whose_chain_depends_on_training_is_refused():
    class Branchy(Model):
        def __init__(self):
            super().__init__()
            self.dense, self.dropout = Dense(2), Dropout(0.5)

        def call(self, x, training=False):
            x = self.dense(x)
            return self.dropout(x) if training else x

    with pytest.raises(ValueError, match="chains other layers when training=True"):
        Branchy()(X)


def test_a_call_that_returns_no_tensor_is_refused():
    class Nothing(Model):
        def call(self, x):
            return None

    with pytest.raises(ValueError, match=r"Nothing.call\(\) must return the output of a layer"):
        Nothing().build((None, 6))


def test_layers_set_before_super_init_are_refused():
    class Early(Model):
        def __init__(self):
            self.dense = Dense(2)
            super().__init__()

    with pytest.raises(RuntimeError, match="must call super\\(\\).__init__\\(\\) before"):
        Early()


# -- a model as a layer --------------------------------------------------------------------
def trained():
    model = Sequential([Input((6,)), Dense(5, activation="relu"), Dense(3)], seed=2)
    model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(
        from_logits=True))
    model.fit(X, LABELS, epochs=3, verbose=0)
    return model


def test_a_probability_model_is_the_softmax_of_the_trained_one():
    model = trained()
    probability_model = Sequential([model, Softmax()])
    np.testing.assert_allclose(probability_model.predict(X, verbose=0),
                               softmax(model.predict(X, verbose=0)), rtol=1e-5)
    assert probability_model.layers[0] is model
    assert probability_model.weights[0] is model.layers[0].weights[0]


def test_a_nested_model_is_one_row_of_the_summary():
    model = trained()
    lines = []
    Sequential([model, Softmax()]).summary(print_fn=lines.append)
    rows = lines[0].splitlines()
    assert rows[4].split() == ["sequential", "(Sequential)", "(None,", "3)", "53"]
    assert rows[5].split() == ["softmax_1", "(Softmax)", "(None,", "3)", "0"]
    assert "dense_1" not in lines[0] and "Total params: 53" in lines[0]


def test_training_the_outer_model_trains_the_inner_one_unless_frozen():
    base = trained()
    outer = Sequential([base, Dense(2, activation="softmax")])
    outer.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    before = base.layers[0].kernel.copy()
    outer.fit(X, LABELS % 2, epochs=1, verbose=0)
    assert not np.allclose(before, base.layers[0].kernel)
    base.trainable = False
    frozen, head = base.layers[0].kernel.copy(), outer.layers[1].kernel.copy()
    outer.fit(X, LABELS % 2, epochs=1, verbose=0)
    np.testing.assert_array_equal(frozen, base.layers[0].kernel)
    assert not np.allclose(head, outer.layers[1].kernel)
    assert len(outer.trainable_weights) == 2 and len(outer.non_trainable_weights) == 4


def test_gradients_through_a_nested_model_match_finite_differences():
    base = Sequential([Input((6,)), Dense(4, activation="tanh"), Dense(3, activation="tanh")],
                      dtype="float64", seed=3)
    outer = Sequential([base, Dense(2, activation="softmax")], dtype="float64", seed=4)
    outer.compile(optimizer="sgd", loss="categorical_crossentropy")
    report = gradcheck(outer, X.astype("float64"), np.eye(2)[LABELS % 2])
    assert set(report.layers) == {"dense_1", "dense_2", "dense_3"}
    assert max(report.layers.values()) < 1e-6


def test_a_nested_model_is_saved_as_its_layers_in_place(tmp_path):
    outer = Sequential([trained(), Softmax()])
    path = tmp_path / "probability.lucid"
    outer.save(path)
    loaded = lucidnet.load_model(path)
    assert [layer.name for layer in loaded.layers] == ["dense_1", "dense_2", "softmax_1"]
    np.testing.assert_array_equal(loaded.predict(X, verbose=0), outer.predict(X, verbose=0))


def test_to_json_keeps_a_nested_model_nested():
    outer = Sequential([trained(), Softmax()])
    copy = keras.models.model_from_json(outer.to_json())
    assert isinstance(copy.layers[0], Sequential) and copy.get_config() == outer.get_config()


def test_a_functional_chain_can_call_a_model_as_a_layer():
    base = trained()
    inputs = Input((6,))
    outputs = Activation("softmax")(base(inputs))
    model = Model(inputs, outputs)
    assert model.layers[0] is base
    np.testing.assert_allclose(model.predict(X, verbose=0), softmax(base.predict(X, verbose=0)),
                               rtol=1e-5)


def test_trace_and_onnx_go_through_a_nested_model(tmp_path):
    outer = Sequential([trained(), Softmax()])
    outer.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    assert [record.name for record in outer.trace(X, LABELS).layers] == \
        ["dense_1", "dense_2", "softmax_1"]
    pytest.importorskip("onnx")
    runtime = pytest.importorskip("onnxruntime")
    from lucidnet.export import to_onnx

    path = os.fspath(tmp_path / "outer.onnx")
    to_onnx(outer, path)
    (result,) = runtime.InferenceSession(path).run(None, {"input": X})
    np.testing.assert_allclose(result, outer.predict(X, verbose=0), rtol=1e-5, atol=1e-6)


def test_a_nested_model_whose_layer_names_are_taken_is_refused():
    first = Sequential([Input((3,)), Dense(2)])
    second = Sequential([Input((2,)), Dense(2)], name="second")
    with pytest.raises(ValueError, match=r"the name\(s\) \['dense_1'\] would be used twice"):
        Sequential([first, second])


def test_a_nested_model_of_another_dtype_is_refused():
    inner = Sequential([Input((3,)), Dense(2)], dtype="float64")
    with pytest.raises(ValueError, match="computes in float64 and cannot be a layer"):
        Sequential([inner, Softmax()])


# -- against Keras -------------------------------------------------------------------------
def test_a_functional_chain_matches_keras_with_the_same_weights():
    os.environ.setdefault("KERAS_BACKEND", "torch")
    real = pytest.importorskip("keras")
    inputs = real.Input((6,))
    x = real.layers.Dense(5, activation="relu")(inputs)
    reference = real.Model(inputs, real.layers.Dense(3)(x))
    model = functional()
    reference.set_weights(model.get_weights())
    assert reference.count_params() == model.count_params()
    np.testing.assert_allclose(model.predict(X, verbose=0),
                               reference.predict(X, verbose=0), rtol=1e-5, atol=1e-6)
