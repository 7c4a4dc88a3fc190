import numpy as np
import pytest

from lucidnet import initializers
from lucidnet.initializers import INITIALIZERS
from lucidnet.registry import serialize

NAMES = sorted({cls.registry_name for _, cls in INITIALIZERS.items()})
SHAPE = (300, 200)  # fan_in 300, fan_out 200


@pytest.mark.parametrize("name", NAMES)
def test_same_generator_seed_gives_the_same_values(name):
    init = initializers.get(name)
    first = init(SHAPE, "float64", np.random.default_rng(5))
    second = init(SHAPE, "float64", np.random.default_rng(5))
    np.testing.assert_array_equal(first, second)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_values_have_the_requested_shape_and_dtype(name, dtype):
    values = initializers.get(name)(SHAPE, dtype, np.random.default_rng(0))
    assert values.shape == SHAPE and values.dtype == dtype


@pytest.mark.parametrize("name", NAMES)
def test_config_round_trip(name):
    init = initializers.get(name)
    assert initializers.get(serialize(init)).get_config() == init.get_config()


@pytest.mark.parametrize(
    "name, variance",
    [
        ("glorot_uniform", 2 / (300 + 200)),
        ("glorot_normal", 2 / (300 + 200)),
        ("he_uniform", 2 / 300),
        ("he_normal", 2 / 300),
        ("lecun_uniform", 1 / 300),
        ("lecun_normal", 1 / 300),
        ("random_normal", 0.05**2),
        ("random_uniform", 0.1**2 / 12),
        ("truncated_normal", (0.05 * 0.87962566103423978) ** 2),  # Keras: no correction here
    ],
)
def test_variance_matches_the_scheme(name, variance):
    values = initializers.get(name)(SHAPE, "float64", np.random.default_rng(0))
    assert abs(values.mean()) < 0.05 * np.sqrt(variance) * 5
    assert values.var() == pytest.approx(variance, rel=0.03)


def test_glorot_uniform_stays_within_its_limit():
    values = initializers.get("glorot_uniform")(SHAPE, "float64", np.random.default_rng(0))
    assert np.abs(values).max() <= np.sqrt(6 / (300 + 200))


def test_truncated_normals_are_cut_at_two_standard_deviations():
    values = initializers.get("he_normal")(SHAPE, "float64", np.random.default_rng(0))
    stddev = np.sqrt(2 / 300) / 0.87962566103423978
    assert np.abs(values).max() <= 2 * stddev


def test_constant_zeros_and_ones():
    assert (initializers.get("zeros")((2, 3)) == 0).all()
    assert (initializers.get("ones")((2, 3)) == 1).all()
    assert (initializers.Constant(0.7)((4,), "float64") == 0.7).all()


def test_bad_arguments_are_explained():
    with pytest.raises(ValueError, match="mode must be one of"):
        initializers.VarianceScaling(mode="fan_sideways")
    with pytest.raises(ValueError, match="VarianceScaling scale must be a number > 0, got nan"):
        initializers.VarianceScaling(scale=float("nan"))
    with pytest.raises(ValueError, match="VarianceScaling distribution must be one of 'uniform', "
                                         "'truncated_normal' or 'untruncated_normal', got 'normal'"):
        initializers.VarianceScaling(distribution="normal")
    with pytest.raises(ValueError, match="RandomNormal stddev must be a number > 0, got 0"):
        initializers.RandomNormal(stddev=0)
    with pytest.raises(ValueError, match="RandomNormal mean must be a finite number, got nan"):
        initializers.RandomNormal(mean=float("nan"))
    with pytest.raises(ValueError, match="RandomUniform maxval must be a finite number, got inf"):
        initializers.RandomUniform(maxval=float("inf"))
    with pytest.raises(ValueError, match="RandomUniform needs minval < maxval, got minval=1, maxval=0"):
        initializers.RandomUniform(minval=1, maxval=0)
    with pytest.raises(ValueError, match="Constant value must be a finite number, got nan"):
        initializers.Constant(float("nan"))
    with pytest.raises(ValueError, match="Unknown initializer 'glorot'. Valid names:"):
        initializers.get("glorot")


@pytest.mark.parametrize("name", NAMES)
def test_every_registered_initializer_has_its_keras_lowercase_spelling(name):
    # initializers.he_normal() is Keras's spelling of initializers.HeNormal(): the same class.
    assert getattr(initializers, name) is INITIALIZERS.lookup(name)


def test_truncated_normal_is_cut_at_two_stddevs_around_its_mean():
    values = initializers.TruncatedNormal(mean=1.0, stddev=0.5)((200, 100), "float64",
                                                                np.random.default_rng(0))
    assert values.min() >= 0.0 and values.max() <= 2.0
    assert values.mean() == pytest.approx(1.0, abs=0.01)


@pytest.mark.parametrize("make", [lambda: initializers.TruncatedNormal(seed=3),
                                  lambda: initializers.Orthogonal(seed=3)])
def test_a_seeded_initializer_gives_the_same_values_at_every_call(make):
    init = make()
    first = init((6, 4), "float64", np.random.default_rng(0))
    np.testing.assert_array_equal(first, init((6, 4), "float64", np.random.default_rng(1)))


@pytest.mark.parametrize("shape", [(6, 4), (4, 6), (5, 5), (2, 3, 4)])
def test_orthogonal_has_orthonormal_rows_or_columns_times_the_gain(shape):
    W = initializers.Orthogonal(gain=2.0)(shape, "float64", np.random.default_rng(0))
    assert W.shape == shape
    flat = W.reshape(-1, shape[-1])
    gram = flat.T @ flat if flat.shape[0] >= flat.shape[1] else flat @ flat.T
    np.testing.assert_allclose(gram, 4.0 * np.eye(min(flat.shape)), atol=1e-12)


def test_orthogonal_takes_keras_sign_correction_so_r_has_a_positive_diagonal():
    # Q·sign(diag R) with A = QR: re-decomposing Q·D gives R' = I with a positive diagonal.
    rng = np.random.default_rng(4)
    A = rng.standard_normal((6, 4))
    W = initializers.Orthogonal()((6, 4), "float64", np.random.default_rng(4))
    q, r = np.linalg.qr(A)
    np.testing.assert_allclose(W, q * np.sign(np.diag(r)))
    assert np.all(np.diag(W.T @ A) > 0)  # W's columns point along A's QR directions


def test_identity_is_the_gain_times_the_identity_matrix():
    np.testing.assert_array_equal(initializers.Identity(gain=3.0)((2, 3), "float64"),
                                  [[3.0, 0.0, 0.0], [0.0, 3.0, 0.0]])


@pytest.mark.parametrize("make, shape, message", [
    (initializers.Identity, (2, 2, 2), r"Identity initializes two-dimensional arrays only, got shape \(2, 2, 2\)"),
    (initializers.Orthogonal, (5,), r"Orthogonal initializes arrays of at least two dimensions, got shape \(5,\)"),
])
def test_matrix_initializers_refuse_other_shapes(make, shape, message):
    with pytest.raises(ValueError, match=message):
        make()(shape, "float64")


def test_new_initializer_arguments_are_checked():
    with pytest.raises(ValueError, match="TruncatedNormal stddev must be a number > 0, got 0"):
        initializers.TruncatedNormal(stddev=0)
    with pytest.raises(ValueError, match="Orthogonal seed must be"):
        initializers.Orthogonal(seed=-1)


def test_a_dense_layer_takes_the_new_initializers_by_name():
    import lucidnet as ln
    model = ln.Sequential([ln.Input((3,)), ln.Dense(3, kernel_initializer="identity"),
                           ln.Dense(3, kernel_initializer="orthogonal")], seed=0)
    np.testing.assert_array_equal(model.layers[0].kernel, np.eye(3))
    W = model.layers[1].kernel
    np.testing.assert_allclose(W.T @ W, np.eye(3), atol=1e-6)
