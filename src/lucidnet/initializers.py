"""Initial values for weights and biases.

An initializer is called as `initializer(shape, dtype, rng)` with `rng` a
`numpy.random.Generator`: the model passes its own seeded generator, so a seed fixes
every initial weight.  For a Dense kernel of shape (fan_in, fan_out), the variance-scaling
family draws with variance scale / n, where n is fan_in, fan_out or their mean.
"""

from __future__ import annotations

import math

import numpy as np

from .registry import Named, Registry, serialize  # noqa: F401 (re-exported)
from .validation import choice, non_negative_int, number, optional, positive_number


class Initializer(Named):
    """Base class: `sample(shape, rng)` draws the values.

    An initializer made with a `seed` draws from its own generator, seeded afresh at every
    call, so that it gives the same values each time, as a seeded Keras initializer does;
    without one it draws from the `rng` it is given (the model's)."""

    seed: int | None = None

    def _set_seed(self, seed) -> None:
        """Keep `seed` (None or an integer >= 0), named in the message if refused."""
        self.seed = optional(non_negative_int, f"{type(self).__name__} seed", seed)

    def __call__(self, shape, dtype="float32", rng: np.random.Generator | None = None):
        if self.seed is not None:
            rng = np.random.default_rng(self.seed)
        rng = rng if rng is not None else np.random.default_rng()
        return np.asarray(self.sample(tuple(shape), rng), dtype=dtype)

    def sample(self, shape, rng):
        raise NotImplementedError


INITIALIZERS = Registry("initializer", Initializer)
register = INITIALIZERS.register


def fans(shape) -> tuple[int, int]:
    """(fan_in, fan_out): the number of inputs and outputs each weight connects."""
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive_field = math.prod(shape[:-2])
    return shape[-2] * receptive_field, shape[-1] * receptive_field


@register("zeros")
class Zeros(Initializer):
    """All zeros: the usual bias initializer."""

    def sample(self, shape, rng):
        return np.zeros(shape)


@register("ones")
class Ones(Initializer):
    def sample(self, shape, rng):
        return np.ones(shape)


@register("constant")
class Constant(Initializer):
    """w = `value` everywhere: a number, or an array broadcast to the shape asked for, as
    Keras's `Constant` (whose test passes a (3, 3) array for a (3, 3) weight).

    Examples
    --------
    >>> Constant(2.0)((2,), "float64")
    array([2., 2.])
    >>> Constant([[1.0], [2.0]])((2, 2), "float64")
    array([[1., 1.],
           [2., 2.]])
    """

    def __init__(self, value=0.0):
        self.value = constant_value("Constant value", value)

    def get_config(self):
        value = self.value
        return {"value": value.tolist() if isinstance(value, np.ndarray) else value}

    def sample(self, shape, rng):
        if isinstance(self.value, np.ndarray):
            try:
                return np.broadcast_to(self.value, shape).copy()
            except ValueError:
                raise ValueError(
                    f"Constant value of shape {self.value.shape} does not broadcast to the "
                    f"weight's shape {tuple(shape)}."
                ) from None
        return np.full(shape, self.value)


def constant_value(name: str, value):
    """A finite number as a float, or finite numbers (a list, an array) as a float64 array."""
    if isinstance(value, (list, tuple, np.ndarray)):
        array = np.asarray(value)
        if array.dtype.kind not in "iuf" or not np.all(np.isfinite(array)):
            raise ValueError(f"{name} must hold finite numbers, got {value!r:.80}.")
        return array.astype(np.float64)
    return number(name, value)


@register("random_normal")
class RandomNormal(Initializer):
    """w ~ N(mean, stddev²)."""

    def __init__(self, mean: float = 0.0, stddev: float = 0.05, seed: int | None = None):
        self.mean = number("RandomNormal mean", mean)
        self.stddev = positive_number("RandomNormal stddev", stddev)
        self._set_seed(seed)

    def sample(self, shape, rng):
        return rng.normal(self.mean, self.stddev, shape)


@register("random_uniform")
class RandomUniform(Initializer):
    """w ~ U(minval, maxval)."""

    def __init__(self, minval: float = -0.05, maxval: float = 0.05, seed: int | None = None):
        self.minval = number("RandomUniform minval", minval)
        self.maxval = number("RandomUniform maxval", maxval)
        if not self.maxval > self.minval:
            raise ValueError(
                f"RandomUniform needs minval < maxval, got minval={minval!r}, maxval={maxval!r}."
            )
        self._set_seed(seed)

    def sample(self, shape, rng):
        return rng.uniform(self.minval, self.maxval, shape)


@register("variance_scaling")
class VarianceScaling(Initializer):
    """Var(w) = scale / n with n = fan_in, fan_out or (fan_in + fan_out)/2.

    `distribution="uniform"` draws from U(−√(3·scale/n), √(3·scale/n));
    `"truncated_normal"` from N(0, scale/n) cut at two standard deviations (the
    standard deviation is divided by 0.8796, the std of a unit normal truncated at ±2,
    so the variance is still scale/n); `"untruncated_normal"` from N(0, scale/n).
    """

    _modes = ("fan_in", "fan_out", "fan_avg")
    _distributions = ("uniform", "truncated_normal", "untruncated_normal")
    _TRUNCATED_STD = 0.87962566103423978

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal",
                 seed: int | None = None):
        self.scale = positive_number("VarianceScaling scale", scale)
        self.mode = choice("VarianceScaling mode", mode, self._modes)
        self.distribution = choice("VarianceScaling distribution", distribution, self._distributions)
        self._set_seed(seed)

    def variance(self, shape) -> float:
        fan_in, fan_out = fans(shape)
        n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[self.mode]
        return self.scale / max(1.0, n)

    def sample(self, shape, rng):
        variance = self.variance(shape)
        if self.distribution == "uniform":
            limit = math.sqrt(3.0 * variance)
            return rng.uniform(-limit, limit, shape)
        if self.distribution == "untruncated_normal":
            return rng.normal(0.0, math.sqrt(variance), shape)
        return truncated_normal_draws(rng, shape, math.sqrt(variance) / self._TRUNCATED_STD)


def truncated_normal_draws(rng, shape, stddev):
    """N(0, stddev²) samples, redrawing any that fall beyond two standard deviations."""
    values = rng.normal(0.0, stddev, shape)
    outside = np.abs(values) > 2 * stddev
    while outside.any():
        values[outside] = rng.normal(0.0, stddev, int(outside.sum()))
        outside = np.abs(values) > 2 * stddev
    return values



@register("truncated_normal")
class TruncatedNormal(Initializer):
    """w ~ N(mean, stddev²) cut at two standard deviations: a draw with |w − mean| > 2·stddev is
    drawn again, as Keras's `TruncatedNormal` (no variance correction: the values' standard
    deviation is about 0.88·stddev; [`VarianceScaling`][lucidnet.initializers.VarianceScaling] corrects for it)."""

    def __init__(self, mean: float = 0.0, stddev: float = 0.05, seed: int | None = None):
        self.mean = number("TruncatedNormal mean", mean)
        self.stddev = positive_number("TruncatedNormal stddev", stddev)
        self._set_seed(seed)

    def sample(self, shape, rng):
        return self.mean + truncated_normal_draws(rng, shape, self.stddev)


@register("orthogonal", "OrthogonalInitializer")
class Orthogonal(Initializer):
    """W = gain · Q, Q with orthonormal columns (or rows, for a wide matrix), from the QR
    decomposition A = QR of a standard normal A of shape (max(r, c), min(r, c)), r = Π shape[:−1],
    c = shape[−1]; Q's columns are multiplied by sign(diag R) so that Q is uniformly
    distributed, as in Keras.  Saxe et al. (2014), "Exact solutions to the nonlinear dynamics
    of learning in deep linear neural networks".

    Examples
    --------
    >>> W = Orthogonal(seed=0)((4, 3), "float64")
    >>> bool(np.allclose(W.T @ W, np.eye(3)))
    True
    """

    def __init__(self, gain: float = 1.0, seed: int | None = None):
        self.gain = number("Orthogonal gain", gain)
        self._set_seed(seed)

    def sample(self, shape, rng):
        if len(shape) < 2:
            raise ValueError(
                f"Orthogonal initializes arrays of at least two dimensions, got shape {shape}."
            )
        rows, columns = math.prod(shape[:-1]), shape[-1]
        q, r = np.linalg.qr(rng.standard_normal((max(rows, columns), min(rows, columns))))
        q *= np.sign(np.diag(r))
        if rows < columns:
            q = q.T
        return self.gain * q.reshape(shape)


@register("identity", "IdentityInitializer")
class Identity(Initializer):
    """W = gain · I, the identity matrix (ones on the main diagonal of a non-square one), for
    two-dimensional arrays only, as Keras's `Identity`."""

    def __init__(self, gain: float = 1.0):
        self.gain = number("Identity gain", gain)

    def sample(self, shape, rng):
        if len(shape) != 2:
            raise ValueError(
                f"Identity initializes two-dimensional arrays only, got shape {shape}."
            )
        return self.gain * np.eye(*shape)


def _preset(name, scale, mode, distribution, doc):
    class Preset(VarianceScaling):
        def __init__(self, seed: int | None = None):
            super().__init__(scale, mode, distribution, seed)

    Preset.__name__ = Preset.__qualname__ = "".join(p.capitalize() for p in name.split("_"))
    Preset.__doc__ = doc
    return register(name)(Preset)


GlorotUniform = _preset(
    "glorot_uniform", 1.0, "fan_avg", "uniform",
    "U(−l, l) with l = √(6/(fan_in + fan_out)).  Glorot & Bengio (2010); Dense's default.",
)
GlorotNormal = _preset(
    "glorot_normal", 1.0, "fan_avg", "truncated_normal",
    "Truncated N(0, 2/(fan_in + fan_out)).  Glorot & Bengio (2010).",
)
HeUniform = _preset(
    "he_uniform", 2.0, "fan_in", "uniform",
    "U(−l, l) with l = √(6/fan_in).  He et al. (2015); suited to ReLU layers.",
)
HeNormal = _preset(
    "he_normal", 2.0, "fan_in", "truncated_normal",
    "Truncated N(0, 2/fan_in).  He et al. (2015); suited to ReLU layers.",
)
LecunUniform = _preset(
    "lecun_uniform", 1.0, "fan_in", "uniform",
    "U(−l, l) with l = √(3/fan_in).  LeCun et al. (1998).",
)
LecunNormal = _preset(
    "lecun_normal", 1.0, "fan_in", "truncated_normal",
    "Truncated N(0, 1/fan_in).  LeCun et al. (1998); the partner of SELU.",
)


#: Keras's lowercase spellings of the classes (`initializers.he_normal()`), the same classes.
zeros, ones, constant = Zeros, Ones, Constant
random_normal, random_uniform, variance_scaling = RandomNormal, RandomUniform, VarianceScaling
glorot_uniform, glorot_normal, he_uniform, he_normal = GlorotUniform, GlorotNormal, HeUniform, HeNormal
lecun_uniform, lecun_normal = LecunUniform, LecunNormal
truncated_normal, orthogonal, identity = TruncatedNormal, Orthogonal, Identity


def get(identifier) -> Initializer | None:
    """The initializer a name, instance, class or config dict stands for, as Keras's
    `initializers.get`: `None` for `None` (a layer then uses its default), and an array
    (or a list of numbers) becomes [Constant][lucidnet.initializers.Constant] of it.

    Examples
    --------
    >>> get("glorot_uniform")
    GlorotUniform(seed=None)
    >>> get(None) is None
    True
    >>> get(np.ones((2, 2)))((2, 2), "float64").tolist()
    [[1.0, 1.0], [1.0, 1.0]]
    """
    if identifier is None:
        return None
    if isinstance(identifier, (np.ndarray, list, tuple)):
        return Constant(identifier)
    return INITIALIZERS.get(identifier)


def names() -> list[str]:
    return INITIALIZERS.names()


__all__ = [
    "Initializer", "INITIALIZERS", "register", "get", "names", "serialize", "fans",
    "Zeros", "Ones", "Constant", "RandomNormal", "RandomUniform", "VarianceScaling",
    "GlorotUniform", "GlorotNormal", "HeUniform", "HeNormal", "LecunUniform", "LecunNormal",
    "zeros", "ones", "constant", "random_normal", "random_uniform", "variance_scaling",
    "glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_uniform",
    "lecun_normal", "TruncatedNormal", "Orthogonal", "Identity", "truncated_normal",
    "orthogonal", "identity",
]
