"""Parameters laid out flat: one optimizer call per step, and the same bits as one per
parameter.

`fit` and `train_on_batch` lay a model's trainable parameters (and its gradients) out as
views of one flat array when nothing but the layers holds them (`LayerList.lay_out_flat`);
the optimizer then steps all of them at once.  Each test compares a laid-out model with a
twin that is not (a reference to every parameter is kept, which makes the layout decline):
the weights after training must be equal to the bit, for every optimizer and variant, with
kernels and without, in float32 and float64.  A reference kept by the user keeps seeing
the parameter train; a custom layer that keeps its weight in an attribute trains as before.
"""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pytest
from test_optimizers import VARIANTS

import lucidnet as ln
from lucidnet import config, flat
from lucidnet.optimizers import SGD, Adam, AdamW


@pytest.fixture(autouse=True)
def setting_restored():
    yield
    config.set_kernels(None)


def pickle_round_trip(model):
    return pickle.loads(pickle.dumps(model))


def data(seed=1):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((200, 20))
    y = (x[:, 0] > 0).astype(int) + (x[:, 1] > 0.5).astype(int)
    return x, y


ARCHITECTURES = {
    # Its 20×900 kernel takes the compiled path when kernels are on.
    "wide": lambda: [ln.Input((20,)), ln.Dense(900, "relu"), ln.Dense(3, "softmax")],
    "deep": lambda: [ln.Input((20,)), ln.Dense(16, "tanh"), ln.Dense(12, "relu"),
                     ln.Dense(3, "softmax")],
    # Layers that do not write into the flat gradients themselves: copied into them.
    "batchnorm_prelu": lambda: [ln.Input((20,)), ln.Dense(16), ln.BatchNormalization(),
                                ln.layers.PReLU(), ln.layers.LayerNormalization(), ln.Dense(3, "softmax")],
}


def trained(architecture, make_optimizer, dtype="float64", laid_out=True, epochs=3):
    model = ln.Sequential(ARCHITECTURES[architecture](), seed=3, dtype=dtype)
    held = None if laid_out else list(model.trainable_weights)  # makes the layout decline
    model.compile(optimizer=make_optimizer(), loss="sparse_categorical_crossentropy")
    model.fit(*data(), batch_size=32, epochs=epochs, verbose=0)
    assert (flat.span(model.trainable_weights) is not None) == laid_out
    assert (model.optimizer._flat_step is not None) == laid_out
    del held
    return model


def assert_same_weights(a, b):
    for x, y in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_array_equal(x, y)


@pytest.mark.parametrize("name", VARIANTS)
@pytest.mark.parametrize("kernels", [True, False], ids=["kernels", "numpy"])
def test_every_optimizer_steps_a_flat_model_to_the_bits_of_one_step_per_parameter(name, kernels):
    config.set_kernels(kernels)
    fast, reference = trained("wide", VARIANTS[name]), trained("wide", VARIANTS[name], laid_out=False)
    if kernels and name.startswith("ftrl"):
        # Laid out, the small parameters take the kernel too, whose powers come from
        # another pow than NumPy's (see test_kernels): equal to 1e-10, not to the bit.
        for a, b in zip(fast.get_weights(), reference.get_weights()):
            np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-300)
        return
    assert_same_weights(fast, reference)


@pytest.mark.parametrize("architecture", ARCHITECTURES)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_architectures_and_dtypes_give_the_same_bits_laid_out_or_not(architecture, dtype):
    assert_same_weights(trained(architecture, Adam, dtype),
                        trained(architecture, Adam, dtype, laid_out=False))


def test_weight_decay_that_spares_the_biases_gives_the_same_bits():
    def make():
        optimizer = AdamW(weight_decay=0.1)
        optimizer.exclude_from_weight_decay(var_names=["bias"])
        return optimizer
    assert_same_weights(trained("deep", make), trained("deep", make, laid_out=False))


def test_the_gradients_are_views_of_one_flat_array_after_a_step():
    model = trained("deep", Adam)
    params, grads = model.parameters_and_gradients()
    whole = flat.span(grads)
    assert whole is not None and whole.size == sum(w.size for w in params)
    assert all(layer.grad_out is not None for layer in model.layers)


def test_a_parameter_the_user_holds_is_not_moved_and_keeps_seeing_training():
    model = ln.Sequential(ARCHITECTURES["deep"](), seed=3)
    kernel = model.layers[0].weights[0]
    tensor = model.layers[1].kernel  # a view of the parameter
    before, before_tensor = kernel.copy(), tensor.numpy().copy()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(*data(), epochs=2, verbose=0)
    assert model.layers[0].weights[0] is kernel
    assert not np.array_equal(kernel, before)
    np.testing.assert_array_equal(tensor.numpy(), model.layers[1].weights[0])
    assert not np.array_equal(tensor.numpy(), before_tensor)


def test_a_reference_taken_after_fit_sees_the_next_fit():
    model = trained("deep", Adam)
    kernel = model.layers[0].weights[0]
    before = kernel.copy()
    model.fit(*data(), epochs=1, verbose=0)
    assert model.layers[0].weights[0] is kernel and not np.array_equal(kernel, before)


def test_a_custom_layer_keeping_its_weight_in_an_attribute_trains_as_before():
    class Scale(ln.layers.Layer):
        def compute_output_shape(self, input_shape):
            return tuple(input_shape)

        def create_weights(self, input_shape, dtype, rng):
            self.scale = self.add_weight("scale", (input_shape[1],), "ones", rng)

        def forward(self, x, training=False):
            self.x = x
            return x * self.scale

        def backward(self, grad, need_input_grad=True):
            self.grads = [(grad * self.x).sum(axis=0)]
            return grad * self.scale

    model = ln.Sequential([ln.Input((20,)), Scale(), ln.Dense(3, "softmax")], seed=0)
    model.compile(optimizer=SGD(0.5), loss="sparse_categorical_crossentropy")
    model.fit(*data(), epochs=2, verbose=0)
    layer = model.layers[0]
    assert layer.weights[0] is layer.scale and not np.all(layer.scale == 1)
    assert flat.span(model.trainable_weights) is None


def test_freezing_after_a_flat_fit_trains_the_rest_as_a_model_never_laid_out():
    models = [trained("deep", Adam), trained("deep", Adam, laid_out=False)]
    for model in models:
        model.layers[0].trainable = False
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(*data(2), epochs=2, verbose=0)
    assert_same_weights(*models)


def test_train_on_batch_lays_out_and_matches():
    models = []
    for laid_out in (True, False):
        model = ln.Sequential(ARCHITECTURES["deep"](), seed=3)
        held = None if laid_out else list(model.trainable_weights)
        model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy")
        x, y = data()
        for start in range(0, 200, 50):
            model.train_on_batch(x[start:start + 50], y[start:start + 50])
        assert (flat.span(model.trainable_weights) is not None) == laid_out
        del held
        models.append(model)
    assert_same_weights(*models)


def test_a_diverging_run_stops_at_the_same_step_with_the_same_finite_weights():
    x, y = data()
    runs = []
    for laid_out in (True, False):
        model = ln.Sequential([ln.Input((20,)), ln.Dense(8, "relu"), ln.Dense(1)], seed=0)
        held = None if laid_out else list(model.trainable_weights)
        model.compile(optimizer=SGD(learning_rate=1e6), loss="mse")
        with pytest.warns(RuntimeWarning, match="training stopped"), np.errstate(all="ignore"):
            history = model.fit(x, y * 1e15, epochs=50, batch_size=4, verbose=0)
        assert (flat.span(model.trainable_weights) is not None) == laid_out
        assert all(np.all(np.isfinite(w)) for w in model.get_weights())
        del held
        runs.append((model, history.history["loss"]))
    assert runs[0][1] == runs[1][1] and len(runs[0][1]) < 50
    assert_same_weights(runs[0][0], runs[1][0])


def test_an_optimizer_given_copies_of_its_flat_parameters_updates_the_copies():
    _, params = flat.zeros_like([np.zeros((30, 20)), np.zeros(20)])
    _, grads = flat.zeros_like(params)
    for g in grads:
        g.fill(1.0)
    optimizer = SGD(0.5)
    optimizer.apply(params, grads)
    assert optimizer._flat_step is not None
    copies = [w.copy() for w in params]
    optimizer.apply(copies, grads)
    assert all(np.all(w == -0.5) for w in params) and all(np.all(w == -1.0) for w in copies)


@pytest.mark.parametrize("copy", [pickle_round_trip, copy.deepcopy], ids=["pickle", "deepcopy"])
def test_a_copied_model_trains_as_the_original(copy):
    model = trained("deep", Adam, epochs=1)
    twin = copy(model)
    before = twin.get_weights()
    for m in (model, twin):
        m.fit(*data(2), epochs=2, verbose=0)
    assert_same_weights(model, twin)
    assert not any(np.array_equal(a, b) for a, b in zip(twin.get_weights(), before))


def test_span_finds_views_in_order_only():
    whole, views = flat.zeros_like([np.zeros((2, 3)), np.zeros(4)])
    assert flat.span(views).size == 10 and flat.span(views).base is whole
    assert flat.span(views[::-1]) is None
    assert flat.span([views[0]]).size == 6
    assert flat.span([views[0].T, views[1]]) is None  # not C-contiguous
    assert flat.span([np.zeros(3), np.zeros(3)]) is None
    assert flat.span([]) is None
