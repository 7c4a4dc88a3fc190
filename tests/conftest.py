import numpy as np
import pytest

import lucidnet


@pytest.fixture
def rng():
    return np.random.default_rng(1234)


@pytest.fixture(autouse=True)
def _default_settings():
    """Each test starts from float32 and a fixed global seed, whatever an earlier test set."""
    lucidnet.set_floatx("float32")
    lucidnet.set_random_seed(0)
    yield
    lucidnet.set_floatx("float32")
