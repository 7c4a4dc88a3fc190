"""The optimized training step against a straightforward reference written in plain NumPy.

The reference below is the textbook algorithm with no buffers, no in-place tricks and no
fusion beyond what the equations say: forward zˡ = aˡ⁻¹Wˡ + bˡ, aˡ = σ(zˡ); δᴸ from the
loss; BP2 δˡ = (δˡ⁺¹Wˡ⁺¹ᵀ) ⊙ σ'(zˡ); BP3/BP4; then each optimizer's rule as Keras 3 writes
it (and as torch.optim writes it, for ``formula="torch"``).  ``fit`` must land on the same
weights (float64, 1e-10) for every optimizer.
"""

import math

import numpy as np
import pytest

import lucidnet as ln
from lucidnet import Dense, Input, Sequential

# -- the reference network ----------------------------------------------------------------------

ACTIVATIONS = {
    "relu": (lambda z: np.maximum(z, 0), lambda z: (z > 0).astype(float)),
    "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2),
    "elu": (lambda z: np.where(z > 0, z, np.exp(z) - 1), lambda z: np.where(z > 0, 1.0, np.exp(z))),
    "linear": (lambda z: z, lambda z: np.ones_like(z)),
}


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def reference_gradients(weights, activations, output, loss, x, y):
    """∂C/∂W and ∂C/∂b for every layer, by the four equations, for the batch mean cost."""
    n = len(x)
    a, zs, inputs = x, [], []
    for (W, b), name in zip(weights, activations + [output]):
        inputs.append(a)
        z = a @ W + b
        zs.append(z)
        a = softmax(z) if name == "softmax" else ACTIVATIONS[name][0](z)
    if loss == "sparse_categorical_crossentropy":      # softmax output: δᴸ = (a − onehot(y))/N
        delta = (a - np.eye(a.shape[1])[y]) / n
    elif loss == "binary_crossentropy":                # sigmoid output, mean over k outputs
        delta = (a - y) / (n * a.shape[1])
    else:                                              # mse with a linear output: ∇ₐC ⊙ σ'(z)
        delta = 2 * (a - y) / (n * a.shape[1]) * ACTIVATIONS[output][1](zs[-1])
    grads = [None] * len(weights)
    for l in range(len(weights) - 1, -1, -1):
        grads[l] = (inputs[l].T @ delta, delta.sum(axis=0))            # BP4, BP3
        if l > 0:
            delta = (delta @ weights[l][0].T) * ACTIVATIONS[activations[l - 1]][1](zs[l - 1])  # BP2
    return grads


# -- the reference optimizers, one step each, written as Keras 3 (or, with torch=True,
#    torch.optim) writes them -----------------------------------------------------------------

def sgd(lr=0.05, momentum=0.0, nesterov=False, decay=0.0, torch=False):
    def step(w, g, s, t):
        w = w - lr * decay * w
        if momentum == 0:
            return w - lr * g
        if torch:
            s["b"] = momentum * s.get("b", 0) + g
            return w - lr * (g + momentum * s["b"] if nesterov else s["b"])
        s["v"] = momentum * s.get("v", 0) - lr * g
        return w + (momentum * s["v"] - lr * g if nesterov else s["v"])
    return step


def rmsprop(lr=0.01, rho=0.9, eps=1e-7, momentum=0.0, centered=False, torch=False):
    def step(w, g, s, t):
        s["v"] = rho * s.get("v", 0) + (1 - rho) * g**2
        variance = s["v"]
        if centered:
            s["g_mean"] = rho * s.get("g_mean", 0) + (1 - rho) * g
            variance = s["v"] - s["g_mean"] ** 2
        d = np.sqrt(variance) + eps if torch else np.sqrt(variance + eps)
        if momentum == 0:
            return w - lr * g / d
        if torch:
            s["b"] = momentum * s.get("b", 0) + g / d
            return w - lr * s["b"]
        s["b"] = momentum * s.get("b", 0) + lr * g / d
        return w - s["b"]
    return step


def adagrad(lr=0.05, initial=0.1, eps=1e-7, torch=False):
    def step(w, g, s, t):
        s["G"] = s.get("G", initial) + g**2
        return w - lr * g / (np.sqrt(s["G"]) + eps if torch else np.sqrt(s["G"] + eps))
    return step


def adadelta(lr=1.0, rho=0.95, eps=1e-7):
    def step(w, g, s, t):
        s["Eg"] = rho * s.get("Eg", 0) + (1 - rho) * g**2
        update = np.sqrt(s.get("Ed", 0) + eps) / np.sqrt(s["Eg"] + eps) * g
        s["Ed"] = rho * s.get("Ed", 0) + (1 - rho) * update**2
        return w - lr * update
    return step


def adam(lr=0.01, b1=0.9, b2=0.999, eps=1e-7, decay=0.0, torch=False):
    def step(w, g, s, t):
        w = w - lr * decay * w
        s["m"] = b1 * s.get("m", 0) + (1 - b1) * g
        s["v"] = b2 * s.get("v", 0) + (1 - b2) * g**2
        if torch:  # Algorithm 1: ε added to √v̂
            m_hat, v_hat = s["m"] / (1 - b1**t), s["v"] / (1 - b2**t)
            return w - lr * m_hat / (np.sqrt(v_hat) + eps)
        lr_t = lr * np.sqrt(1 - b2**t) / (1 - b1**t)  # section 2's efficient form
        return w - lr_t * s["m"] / (np.sqrt(s["v"]) + eps)
    return step


def adamax(lr=0.01, b1=0.9, b2=0.999, eps=1e-7, torch=False):
    def step(w, g, s, t):
        s["m"] = b1 * s.get("m", 0) + (1 - b1) * g
        if torch:
            s["u"] = np.maximum(b2 * s.get("u", 0), np.abs(g) + eps)
            return w - lr / (1 - b1**t) * s["m"] / s["u"]
        s["u"] = np.maximum(b2 * s.get("u", 0), np.abs(g))
        return w - lr / (1 - b1**t) * s["m"] / (s["u"] + eps)
    return step


def lion(lr=0.001, b1=0.9, b2=0.99, decay=0.0):
    """Chen et al. 2023, Algorithm 2, with its decoupled weight decay λ·w in the step."""
    def step(w, g, s, t):
        m = s.get("m", 0)
        s["m"] = b2 * m + (1 - b2) * g
        return w - lr * (np.sign(b1 * m + (1 - b1) * g) + decay * w)
    return step


def nadam(lr=0.01, b1=0.9, b2=0.999, eps=1e-7, psi=1.0):
    def mu(t):
        return b1 * (1 - 0.5 * 0.96 ** (t * psi))

    def step(w, g, s, t):
        product = s.get("prod_t", {}).get(t)
        if product is None:  # Πμ up to t, shared by all parameters
            product = math.prod(mu(i) for i in range(1, t + 1))
            s.setdefault("prod_t", {})[t] = product
        s["m"] = b1 * s.get("m", 0) + (1 - b1) * g
        s["v"] = b2 * s.get("v", 0) + (1 - b2) * g**2
        d = np.sqrt(s["v"] / (1 - b2**t)) + eps
        return (w - lr * (1 - mu(t)) / (1 - product) * g / d
                - lr * mu(t + 1) / (1 - product * mu(t + 1)) * s["m"] / d)
    return step


def ftrl(lr=0.05, power=-0.5, initial=0.1, l1=0.01, l2=0.02, shrinkage=0.0, beta=0.0):
    """McMahan et al. 2013, Algorithm 1, in Keras's parametrization (2λ₂, β/(2·lr))."""
    def step(w, g, s, t):
        n = s.get("n", initial)
        n_new = n + g**2
        sigma = (n_new ** -power - n ** -power) / lr
        s["z"] = s.get("z", 0) + g + 2 * shrinkage * w - sigma * w
        s["n"] = n_new
        return (np.clip(s["z"], -l1, l1) - s["z"]) / (n_new ** -power / lr + 2 * (l2 + beta / (2 * lr)))
    return step


OPTIMIZERS = {
    "sgd": (lambda: ln.optimizers.SGD(0.05), sgd()),
    "sgd_momentum": (lambda: ln.optimizers.SGD(0.05, momentum=0.9), sgd(momentum=0.9)),
    "sgd_nesterov": (lambda: ln.optimizers.SGD(0.05, momentum=0.9, nesterov=True), sgd(momentum=0.9, nesterov=True)),
    "rmsprop": (lambda: ln.optimizers.RMSprop(0.01), rmsprop()),
    "adagrad": (lambda: ln.optimizers.Adagrad(0.05), adagrad()),
    "adadelta": (lambda: ln.optimizers.Adadelta(1.0), adadelta()),
    "adam": (lambda: ln.optimizers.Adam(0.01), adam()),
    "adamw": (lambda: ln.optimizers.AdamW(0.01, weight_decay=0.1), adam(decay=0.1)),
    "nadam": (lambda: ln.optimizers.Nadam(0.01), nadam()),
    "adamax": (lambda: ln.optimizers.Adamax(0.01), adamax()),
    "lion": (lambda: ln.optimizers.Lion(0.001, weight_decay=0.5), lion(decay=0.5)),
    "sgd_weight_decay": (lambda: ln.optimizers.SGD(0.05, weight_decay=0.1), sgd(decay=0.1)),
    "ftrl": (lambda: ln.optimizers.Ftrl(0.05, l1_regularization_strength=0.01,
                                        l2_regularization_strength=0.02), ftrl()),
    "rmsprop_centered_momentum": (
        lambda: ln.optimizers.RMSprop(0.01, momentum=0.9, centered=True),
        rmsprop(momentum=0.9, centered=True)),
    # formula="torch": torch.optim's form of the same rules.
    "sgd_nesterov_torch": (
        lambda: ln.optimizers.SGD(0.05, momentum=0.9, nesterov=True, formula="torch"),
        sgd(momentum=0.9, nesterov=True, torch=True)),
    "rmsprop_centered_momentum_torch": (
        lambda: ln.optimizers.RMSprop(0.01, momentum=0.9, centered=True, formula="torch"),
        rmsprop(momentum=0.9, centered=True, torch=True)),
    "adagrad_torch": (lambda: ln.optimizers.Adagrad(0.05, formula="torch"), adagrad(torch=True)),
    "adam_torch": (lambda: ln.optimizers.Adam(0.01, formula="torch"), adam(torch=True)),
    "adamax_torch": (lambda: ln.optimizers.Adamax(0.01, formula="torch"), adamax(torch=True)),
    "nadam_torch": (lambda: ln.optimizers.Nadam(0.01, formula="torch"), nadam(psi=0.004)),
}

ARCHITECTURES = {
    "relu-softmax": ((6,), ["relu"], "softmax", 3, "sparse_categorical_crossentropy"),
    "tanh-elu-sigmoid": ((6, 5), ["tanh", "elu"], "sigmoid", 3, "binary_crossentropy"),
    "sigmoid-linear": ((4,), ["sigmoid"], "linear", 2, "mse"),
}


def targets(loss, rng, n, k):
    if loss == "sparse_categorical_crossentropy":
        return rng.integers(0, k, n)
    if loss == "binary_crossentropy":
        return rng.integers(0, 2, (n, k)).astype(float)
    return rng.normal(size=(n, k))


def test_every_optimizer_has_a_reference():
    assert {type(make()).__name__.lower() for make, _ in OPTIMIZERS.values()} == set(ln.optimizers.names())


@pytest.mark.parametrize("architecture", sorted(ARCHITECTURES))
@pytest.mark.parametrize("optimizer", sorted(OPTIMIZERS))
def test_fit_matches_the_plain_reference(architecture, optimizer, rng):
    hidden, activations, output, k, loss = ARCHITECTURES[architecture]
    make_optimizer, reference_step = OPTIMIZERS[optimizer]
    x = rng.normal(size=(40, 5))
    y = targets(loss, rng, 40, k)
    layers = [Input((5,))] + [Dense(h, activation=a) for h, a in zip(hidden, activations)]
    model = Sequential(layers + [Dense(k, activation=output)], dtype="float64", seed=1)
    model.compile(optimizer=make_optimizer(), loss=loss)

    flat = model.get_weights()
    weights = [(flat[i], flat[i + 1]) for i in range(0, len(flat), 2)]
    states = [({}, {}) for _ in weights]
    t = 0
    for _ in range(3):                            # epochs, in order (no shuffling)
        for start in range(0, 40, 16):            # batches of 16, 16 and 8
            t += 1
            grads = reference_gradients(weights, activations, output, loss,
                                        x[start:start + 16], y[start:start + 16])
            weights = [(reference_step(W, gW, sW, t), reference_step(b, gb, sb, t))
                       for (W, b), (gW, gb), (sW, sb) in zip(weights, grads, states)]

    model.fit(x, y, batch_size=16, epochs=3, shuffle=False, verbose=0)
    for (W, b), (W_fit, b_fit) in zip(weights, zip(model.get_weights()[::2], model.get_weights()[1::2])):
        np.testing.assert_allclose(W_fit, W, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(b_fit, b, rtol=1e-10, atol=1e-12)


# -- no aliasing between calls ----------------------------------------------------------------------

@pytest.fixture
def trained(rng):
    model = Sequential([Input((4,)), Dense(8, activation="relu"), Dense(3, activation="softmax")], seed=0)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(rng.normal(size=(32, 4)), rng.integers(0, 3, 32), epochs=1, verbose=0)
    return model


def test_predict_returns_independent_arrays(trained, rng):
    x1, x2 = rng.normal(size=(5, 4)), rng.normal(size=(5, 4))
    first = trained.predict(x1, verbose=0)
    kept = first.copy()
    second = trained.predict(x2, verbose=0)
    np.testing.assert_array_equal(first, kept)
    assert not np.shares_memory(first, second)


def test_calling_the_model_returns_independent_arrays(trained, rng):
    first = trained(rng.normal(size=(5, 4)))
    kept = first.copy()
    trained(rng.normal(size=(5, 4)))
    np.testing.assert_array_equal(first, kept)


def test_get_weights_are_copies(trained):
    weights = trained.get_weights()
    weights[0][...] = 123.0
    assert not np.any(trained.get_weights()[0] == 123.0)
