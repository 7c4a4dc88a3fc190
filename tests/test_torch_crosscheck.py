"""Cross-checks of lucidnet's losses, activations, Dense layer and Sequential against PyTorch.

PyTorch is an independent implementation: its loss values come from its own kernels and its
gradients from autograd, so agreement here means lucidnet's hand-written formulas (values,
∇_ŷ C, the fused δᴸ, and BP1–BP4) are right, not merely self-consistent.

Everything runs in float64 on data kept away from the places where the two libraries are
allowed to differ: probabilities stay well inside (1e-7, 1 − 1e-7) so lucidnet's clipping never
acts, pre-activations avoid the kinks of relu/leaky_relu/hard_sigmoid and stay far below
torch's softplus threshold (20), and regression errors avoid 0 and the Huber δ.

The whole module is skipped when torch is not installed (``pip install lucidnet[torch-crosscheck]``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pytest

torch = pytest.importorskip("torch")
F = torch.nn.functional

from lucidnet import Sequential, activations, losses  # noqa: E402
from lucidnet.layers import Dense, Input  # noqa: E402

# Float64 round-off only: every compared quantity is O(1), computed in a handful of operations.
RTOL = 1e-9
ATOL = 1e-12

N, K = 7, 3  # batch size and outputs for the loss tables


def assert_close(actual, desired, err_msg=""):
    np.testing.assert_allclose(np.asarray(actual), np.asarray(desired), rtol=RTOL, atol=ATOL,
                               err_msg=err_msg)


def tensor(array, requires_grad=False):
    """A torch copy of a numpy array: float arrays as float64, integer labels as int64."""
    array = np.asarray(array)
    dtype = torch.int64 if array.dtype.kind in "iu" else torch.float64
    return torch.tensor(array, dtype=dtype, requires_grad=requires_grad)


def numpy(t):
    return t.detach().numpy()


def _softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _sample_weights(rng, n):
    w = rng.uniform(0.2, 2.0, size=n)
    w[1] = 0.0  # a zero weight must remove that example's contribution entirely
    return w


# ---------------------------------------------------------------------------------------
# 1. Losses: value, per-sample values, gradient w.r.t. the prediction, with and without
#    sample weights.
# ---------------------------------------------------------------------------------------

def _regression_data(rng):
    """Errors e = ŷ − y with |e| spread over [0.05, 2]: never 0 (MAE's sign), on both sides of
    Huber's δ = 0.5 and δ = 1.0, and never equal to either."""
    y = rng.normal(size=(N, K))
    magnitudes = rng.permutation(np.linspace(0.05, 2.0, N * K)).reshape(N, K)
    signs = rng.choice([-1.0, 1.0], size=(N, K))
    return y, y + signs * magnitudes


def _binary_probability_data(rng):
    y = rng.integers(0, 2, size=(N, K)).astype(np.float64)
    return y, _sigmoid(2.0 * rng.normal(size=(N, K)))


def _binary_logit_data(rng):
    y = rng.integers(0, 2, size=(N, K)).astype(np.float64)
    return y, 2.0 * rng.normal(size=(N, K))


def _one_hot_probability_data(rng):
    y = np.eye(K)[rng.integers(0, K, size=N)]
    return y, _softmax(2.0 * rng.normal(size=(N, K)))


def _one_hot_logit_data(rng):
    y = np.eye(K)[rng.integers(0, K, size=N)]
    return y, 2.0 * rng.normal(size=(N, K))


def _soft_target_logit_data(rng):
    """Probability-vector targets (label smoothing, distillation): Σⱼ yⱼ = 1, no zeros."""
    return rng.dirichlet(np.ones(K), size=N), 2.0 * rng.normal(size=(N, K))


def _unnormalized_target_logit_data(rng):
    """Targets that do not sum to 1 per row: Cₙ = −Σⱼ yⱼ log softmax(z)ⱼ still holds, and its
    gradient is softmax(z)·Σⱼ yⱼ − y, not softmax(z) − y."""
    return rng.uniform(0.1, 1.0, size=(N, K)), 2.0 * rng.normal(size=(N, K))


def _sparse_probability_data(rng):
    return rng.integers(0, K, size=N), _softmax(2.0 * rng.normal(size=(N, K)))


def _sparse_logit_data(rng):
    return rng.integers(0, K, size=N), 2.0 * rng.normal(size=(N, K))


def _normalized_log(p):
    """ln(p / Σp): Keras's categorical cross-entropies divide probabilities by their sum first,
    which leaves the value of a softmax output unchanged but not the gradient off the simplex."""
    return torch.log(p / p.sum(-1, keepdim=True))


def _cce_on_probabilities(y, p):
    return -(y * _normalized_log(p)).sum(-1)


@dataclass(frozen=True)
class LossCase:
    make_loss: Callable[[], losses.Loss]
    make_data: Callable  # rng -> (y, ŷ) as numpy arrays
    torch_mean: Callable  # (y, ŷ) tensors -> torch's own batch-mean loss
    torch_per_sample: Callable  # (y, ŷ) tensors -> shape (N,) losses (reduction='none')


LOSS_CASES = [
    pytest.param(LossCase(
        lambda: losses.get("mean_squared_error"), _regression_data,
        lambda y, p: F.mse_loss(p, y),
        lambda y, p: F.mse_loss(p, y, reduction="none").mean(-1),
    ), id="mean_squared_error"),
    pytest.param(LossCase(
        lambda: losses.get("mean_absolute_error"), _regression_data,
        lambda y, p: F.l1_loss(p, y),
        lambda y, p: F.l1_loss(p, y, reduction="none").mean(-1),
    ), id="mean_absolute_error"),
    pytest.param(LossCase(
        lambda: losses.Huber(delta=1.0), _regression_data,
        lambda y, p: F.huber_loss(p, y, delta=1.0),
        lambda y, p: F.huber_loss(p, y, reduction="none", delta=1.0).mean(-1),
    ), id="huber-delta1.0"),
    pytest.param(LossCase(
        lambda: losses.Huber(delta=0.5), _regression_data,
        lambda y, p: F.huber_loss(p, y, delta=0.5),
        lambda y, p: F.huber_loss(p, y, reduction="none", delta=0.5).mean(-1),
    ), id="huber-delta0.5"),
    pytest.param(LossCase(
        lambda: losses.BinaryCrossentropy(), _binary_probability_data,
        lambda y, p: F.binary_cross_entropy(p, y),
        lambda y, p: F.binary_cross_entropy(p, y, reduction="none").mean(-1),
    ), id="binary_crossentropy-probabilities"),
    pytest.param(LossCase(
        lambda: losses.BinaryCrossentropy(from_logits=True), _binary_logit_data,
        lambda y, z: F.binary_cross_entropy_with_logits(z, y),
        lambda y, z: F.binary_cross_entropy_with_logits(z, y, reduction="none").mean(-1),
    ), id="binary_crossentropy-from_logits"),
    pytest.param(LossCase(
        lambda: losses.CategoricalCrossentropy(), _one_hot_probability_data,
        lambda y, p: _cce_on_probabilities(y, p).mean(),
        _cce_on_probabilities,
    ), id="categorical_crossentropy-probabilities"),
    pytest.param(LossCase(
        lambda: losses.CategoricalCrossentropy(from_logits=True), _one_hot_logit_data,
        lambda y, z: F.cross_entropy(z, y),
        lambda y, z: F.cross_entropy(z, y, reduction="none"),
    ), id="categorical_crossentropy-from_logits"),
    pytest.param(LossCase(
        lambda: losses.CategoricalCrossentropy(from_logits=True), _soft_target_logit_data,
        lambda y, z: F.cross_entropy(z, y),
        lambda y, z: F.cross_entropy(z, y, reduction="none"),
    ), id="categorical_crossentropy-from_logits-soft_targets"),
    pytest.param(LossCase(
        lambda: losses.CategoricalCrossentropy(from_logits=True), _unnormalized_target_logit_data,
        lambda y, z: F.cross_entropy(z, y),
        lambda y, z: F.cross_entropy(z, y, reduction="none"),
    ), id="categorical_crossentropy-from_logits-unnormalized_targets"),
    pytest.param(LossCase(
        lambda: losses.SparseCategoricalCrossentropy(), _sparse_probability_data,
        lambda y, p: F.nll_loss(_normalized_log(p), y),
        lambda y, p: F.nll_loss(_normalized_log(p), y, reduction="none"),
    ), id="sparse_categorical_crossentropy-probabilities"),
    pytest.param(LossCase(
        lambda: losses.SparseCategoricalCrossentropy(from_logits=True), _sparse_logit_data,
        lambda y, z: F.cross_entropy(z, y),
        lambda y, z: F.cross_entropy(z, y, reduction="none"),
    ), id="sparse_categorical_crossentropy-from_logits"),
]


def _loss_inputs(case, seed=0):
    rng = np.random.default_rng(seed)
    y, p = case.make_data(rng)
    return y, p, _sample_weights(rng, len(p))


@pytest.mark.parametrize("case", LOSS_CASES)
def test_loss_value_matches_torch(case):
    y, p, _ = _loss_inputs(case)
    expected = case.torch_mean(tensor(y), tensor(p)).item()
    assert_close(case.make_loss()(y, p), expected)


@pytest.mark.parametrize("case", LOSS_CASES)
def test_per_sample_losses_match_torch_reduction_none(case):
    y, p, _ = _loss_inputs(case)
    expected = numpy(case.torch_per_sample(tensor(y), tensor(p)))
    assert_close(case.make_loss().per_sample(y, p), expected)


@pytest.mark.parametrize("case", LOSS_CASES)
def test_loss_gradient_matches_torch_autograd(case):
    y, p, _ = _loss_inputs(case)
    p_t = tensor(p, requires_grad=True)
    case.torch_mean(tensor(y), p_t).backward()
    assert_close(case.make_loss().gradient(y, p), numpy(p_t.grad))


@pytest.mark.parametrize("case", LOSS_CASES)
def test_weighted_loss_value_matches_torch(case):
    """C = (1/N) Σₙ wₙ Cₙ: the mean over all N examples, not divided by Σ wₙ."""
    y, p, w = _loss_inputs(case)
    expected = (case.torch_per_sample(tensor(y), tensor(p)) * tensor(w)).mean().item()
    assert_close(case.make_loss()(y, p, sample_weight=w), expected)


@pytest.mark.parametrize("case", LOSS_CASES)
def test_weighted_loss_gradient_matches_torch_autograd(case):
    y, p, w = _loss_inputs(case)
    p_t = tensor(p, requires_grad=True)
    (case.torch_per_sample(tensor(y), p_t) * tensor(w)).mean().backward()
    assert_close(case.make_loss().gradient(y, p, sample_weight=w), numpy(p_t.grad))


# ---------------------------------------------------------------------------------------
# 2. Fused output error: δᴸ = output_delta(y, a) is ∂C/∂z for a = σ(z).
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FusedCase:
    loss_class: type
    activation: str
    make_targets: Callable  # rng -> y
    torch_per_sample: Callable  # (y, z) tensors -> (N,) losses, computed through σ(z)


FUSED_CASES = [
    pytest.param(FusedCase(
        losses.CategoricalCrossentropy, "softmax",
        lambda rng: np.eye(K)[rng.integers(0, K, size=N)],
        lambda y, z: _cce_on_probabilities(y, torch.softmax(z, dim=-1)),
    ), id="softmax-categorical_crossentropy"),
    pytest.param(FusedCase(
        losses.SparseCategoricalCrossentropy, "softmax",
        lambda rng: rng.integers(0, K, size=N),
        lambda y, z: F.nll_loss(torch.log(torch.softmax(z, dim=-1)), y, reduction="none"),
    ), id="softmax-sparse_categorical_crossentropy"),
    pytest.param(FusedCase(
        losses.BinaryCrossentropy, "sigmoid",
        lambda rng: rng.integers(0, 2, size=(N, K)).astype(np.float64),
        lambda y, z: F.binary_cross_entropy(torch.sigmoid(z), y, reduction="none").mean(-1),
    ), id="sigmoid-binary_crossentropy"),
]
WEIGHTING = [pytest.param(False, id="unweighted"), pytest.param(True, id="sample_weight")]


def _fused_inputs(case, weighted, seed=1):
    rng = np.random.default_rng(seed)
    y = case.make_targets(rng)
    z = 2.0 * rng.normal(size=(N, K))
    w = _sample_weights(rng, N) if weighted else None
    z_t = tensor(z, requires_grad=True)
    per_sample = case.torch_per_sample(tensor(y), z_t)
    (per_sample * (tensor(w) if weighted else 1.0)).mean().backward()
    return y, z, w, numpy(z_t.grad)


@pytest.mark.parametrize("weighted", WEIGHTING)
@pytest.mark.parametrize("case", FUSED_CASES)
def test_output_delta_equals_torch_gradient_wrt_logits(case, weighted):
    y, z, w, expected = _fused_inputs(case, weighted)
    a = activations.get(case.activation)(z)
    assert_close(case.loss_class().output_delta(y, a, w), expected)


@pytest.mark.parametrize("weighted", WEIGHTING)
@pytest.mark.parametrize("case", FUSED_CASES)
def test_output_delta_from_logits_equals_torch_gradient_wrt_logits(case, weighted):
    y, z, w, expected = _fused_inputs(case, weighted)
    assert_close(case.loss_class(from_logits=True).output_delta(y, z, w), expected)


# ---------------------------------------------------------------------------------------
# 3. One Dense layer with each activation: forward a = σ(xW + b), and backward from a
#    random upstream gradient G = ∂C/∂a.
# ---------------------------------------------------------------------------------------

ACTIVATION_CASES = [
    pytest.param("linear", lambda z: z, id="linear"),
    pytest.param("sigmoid", torch.sigmoid, id="sigmoid"),
    pytest.param("tanh", torch.tanh, id="tanh"),
    pytest.param("relu", F.relu, id="relu"),
    pytest.param(activations.LeakyReLU(negative_slope=0.2), lambda z: F.leaky_relu(z, negative_slope=0.2),
                 id="leaky_relu"),
    pytest.param("relu6", F.relu6, id="relu6"),
    pytest.param(activations.ReLU(negative_slope=0.1, max_value=2.5, threshold=0.5),
                 lambda z: torch.where(z > 0.5, torch.clamp(z, max=2.5), 0.1 * (z - 0.5)),
                 id="relu-options"),
    pytest.param("celu", F.celu, id="celu"),
    pytest.param(activations.CELU(alpha=0.5), lambda z: F.celu(z, alpha=0.5), id="celu-0.5"),
    pytest.param("mish", F.mish, id="mish"),
    pytest.param("hard_silu", F.hardswish, id="hard_silu"),
    pytest.param("exponential", torch.exp, id="exponential"),
    pytest.param("elu", lambda z: F.elu(z, alpha=1.0), id="elu"),
    pytest.param("selu", F.selu, id="selu"),
    pytest.param(activations.GELU(approximate=False), lambda z: F.gelu(z, approximate="none"),
                 id="gelu-exact"),
    pytest.param(activations.GELU(approximate=True), lambda z: F.gelu(z, approximate="tanh"),
                 id="gelu-tanh"),
    pytest.param("softplus", F.softplus, id="softplus"),
    pytest.param("swish", F.silu, id="swish"),
    pytest.param("silu", F.silu, id="silu"),
    pytest.param("softsign", F.softsign, id="softsign"),
    # hard_sigmoid is relu6(z + 3)/6, which is what F.hardsigmoid computes.  F.hardsigmoid is
    # not used as the reference because its float64 backward multiplies by the float32
    # constant 1.0f/6.0f = 0.1666666716…, a relative error of 3e-8 in every gradient (torch's
    # rounding, not lucidnet's); the composite below is the same function, exact in float64.
    pytest.param("hard_sigmoid", lambda z: F.relu6(z + 3.0) / 6.0, id="hard_sigmoid"),
    pytest.param("softmax", lambda z: torch.softmax(z, dim=-1), id="softmax"),
    pytest.param("log_softmax", lambda z: F.log_softmax(z, dim=-1), id="log_softmax"),
    pytest.param(activations.Softmax(axis=0), lambda z: torch.softmax(z, dim=0), id="softmax-axis-0"),
]

DENSE_IN, DENSE_UNITS, DENSE_BATCH = 5, 4, 6


def _dense_pair(activation, torch_activation, seed=2):
    """Run the same Dense layer in lucidnet and torch; return both sides' a, dW, db, dx."""
    rng = np.random.default_rng(seed)
    x = 1.5 * rng.normal(size=(DENSE_BATCH, DENSE_IN))
    W = rng.normal(size=(DENSE_IN, DENSE_UNITS))
    b = rng.normal(size=DENSE_UNITS)
    G = rng.normal(size=(DENSE_BATCH, DENSE_UNITS))
    z = x @ W + b
    # The data must reach every regime (both signs, hard_sigmoid's saturation on each side)
    # and stay off the kinks at 0 and ±3 and below torch's softplus threshold of 20.
    assert (z < -3).any() and (z > 3).any() and ((z > 0) & (z < 3)).any() and ((z < 0) & (z > -3)).any()
    assert np.abs(z).min() > 1e-3 and np.abs(np.abs(z) - 3).min() > 1e-3 and np.abs(z).max() < 20

    layer = Dense(DENSE_UNITS, activation=activation)
    layer.build((None, DENSE_IN), "float64", np.random.default_rng(0))
    layer.set_weights([W, b])
    a = layer.forward(x, training=False)
    dx = layer.backward(G)
    dW, db = layer.grads

    x_t = tensor(x, requires_grad=True)
    weight_t = tensor(W.T, requires_grad=True)  # torch stores the weight as (out, in) = Wᵀ
    b_t = tensor(b, requires_grad=True)
    a_t = torch_activation(F.linear(x_t, weight_t, b_t))
    (a_t * tensor(G)).sum().backward()

    ours = {"a": a, "dW": dW, "db": db, "dx": dx}
    theirs = {"a": numpy(a_t), "dW": numpy(weight_t.grad).T, "db": numpy(b_t.grad),
              "dx": numpy(x_t.grad)}
    return ours, theirs


@pytest.mark.parametrize("activation, torch_activation", ACTIVATION_CASES)
def test_dense_forward_matches_torch(activation, torch_activation):
    ours, theirs = _dense_pair(activation, torch_activation)
    assert_close(ours["a"], theirs["a"])


@pytest.mark.parametrize("quantity", ["dW", "db", "dx"])
@pytest.mark.parametrize("activation, torch_activation", ACTIVATION_CASES)
def test_dense_backward_matches_torch_autograd(activation, torch_activation, quantity):
    ours, theirs = _dense_pair(activation, torch_activation)
    assert_close(ours[quantity], theirs[quantity], err_msg=quantity)


# ---------------------------------------------------------------------------------------
# 4. A whole Sequential: loss_and_gradients against the same network in torch.
# ---------------------------------------------------------------------------------------

_TORCH_ACTIVATIONS = {
    "tanh": torch.tanh,
    "relu": F.relu,
    "sigmoid": torch.sigmoid,
    "softmax": lambda z: torch.softmax(z, dim=-1),
    "linear": lambda z: z,
}
_TORCH_PER_SAMPLE = {
    "categorical_crossentropy": _cce_on_probabilities,
    "sparse_categorical_crossentropy":
        lambda y, a: F.nll_loss(torch.log(a), y, reduction="none"),
    "binary_crossentropy":
        lambda y, a: F.binary_cross_entropy(a, y, reduction="none").mean(-1),
    "mean_squared_error": lambda y, a: F.mse_loss(a, y, reduction="none").mean(-1),
}
_TARGETS = {
    "one_hot": lambda rng, n, k: np.eye(k)[rng.integers(0, k, size=n)],
    "labels": lambda rng, n, k: rng.integers(0, k, size=n),
    "binary": lambda rng, n, k: rng.integers(0, 2, size=(n, k)).astype(np.float64),
    "real": lambda rng, n, k: rng.normal(size=(n, k)),
}

# (hidden activation, output activation, loss, targets, weighted)
NETWORK_CASES = [
    # The fused path: δᴸ = (a − y)/N from output_delta.
    pytest.param("tanh", "softmax", "categorical_crossentropy", "one_hot", False,
                 id="tanh-softmax-categorical_crossentropy"),
    pytest.param("tanh", "softmax", "categorical_crossentropy", "one_hot", True,
                 id="tanh-softmax-categorical_crossentropy-sample_weight"),
    pytest.param("relu", "softmax", "sparse_categorical_crossentropy", "labels", False,
                 id="relu-softmax-sparse_categorical_crossentropy"),
    pytest.param("tanh", "sigmoid", "binary_crossentropy", "binary", True,
                 id="tanh-sigmoid-binary_crossentropy-sample_weight"),
    # The unfused path: ∇ₐC through the output activation's backward.
    pytest.param("tanh", "linear", "mean_squared_error", "real", False,
                 id="tanh-linear-mean_squared_error"),
    pytest.param("sigmoid", "softmax", "mean_squared_error", "one_hot", True,
                 id="sigmoid-softmax-mean_squared_error-sample_weight"),
]
NET_IN, NET_HIDDEN, NET_OUT, NET_BATCH = 5, 4, 3, 8


def _network_pair(hidden, output, loss, targets, weighted, seed=3):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(NET_BATCH, NET_IN))
    y = _TARGETS[targets](rng, NET_BATCH, NET_OUT)
    w = _sample_weights(rng, NET_BATCH) if weighted else None
    params = [rng.normal(size=(NET_IN, NET_HIDDEN)), rng.normal(size=NET_HIDDEN),
              rng.normal(size=(NET_HIDDEN, NET_OUT)), rng.normal(size=NET_OUT)]

    model = Sequential([Input((NET_IN,)), Dense(NET_HIDDEN, hidden), Dense(NET_OUT, output)],
                       dtype="float64", seed=0)
    model.compile(optimizer="sgd", loss=loss)
    model.set_weights(params)
    value, grads, a = model.loss_and_gradients(x, y, sample_weight=w)

    W1, b1, W2, b2 = (tensor(p.T if p.ndim == 2 else p, requires_grad=True) for p in params)
    a_t = _TORCH_ACTIVATIONS[output](
        F.linear(_TORCH_ACTIVATIONS[hidden](F.linear(tensor(x), W1, b1)), W2, b2))
    per_sample = _TORCH_PER_SAMPLE[loss](tensor(y), a_t)
    value_t = (per_sample * (tensor(w) if weighted else 1.0)).mean()
    value_t.backward()
    grads_t = [numpy(W1.grad).T, numpy(b1.grad), numpy(W2.grad).T, numpy(b2.grad)]
    return (value, grads, a), (value_t.item(), grads_t, numpy(a_t))


@pytest.mark.parametrize("hidden, output, loss, targets, weighted", NETWORK_CASES)
def test_sequential_output_matches_torch(hidden, output, loss, targets, weighted):
    (_, _, a), (_, _, a_t) = _network_pair(hidden, output, loss, targets, weighted)
    assert_close(a, a_t)


@pytest.mark.parametrize("hidden, output, loss, targets, weighted", NETWORK_CASES)
def test_sequential_loss_matches_torch(hidden, output, loss, targets, weighted):
    (value, _, _), (value_t, _, _) = _network_pair(hidden, output, loss, targets, weighted)
    assert_close(value, value_t)


@pytest.mark.parametrize("hidden, output, loss, targets, weighted", NETWORK_CASES)
def test_sequential_gradients_match_torch_autograd(hidden, output, loss, targets, weighted):
    (_, grads, _), (_, grads_t, _) = _network_pair(hidden, output, loss, targets, weighted)
    assert len(grads) == len(grads_t) == 4
    for name, g, g_t in zip(["dense_1/kernel", "dense_1/bias", "dense_2/kernel", "dense_2/bias"],
                            grads, grads_t):
        assert_close(g, g_t, err_msg=name)
