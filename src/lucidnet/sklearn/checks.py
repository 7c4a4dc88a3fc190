"""Checks every estimator of this package makes at its boundary, in scikit-learn's terms.

Not fitted yet, sparse input, and `random_state`: each is a rule scikit-learn states for
all estimators, so it is written once here for the networks and the perceptron alike.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse
from sklearn.exceptions import NotFittedError as SklearnNotFittedError

from ..config import make_generator
from ..errors import NotReadyError
from ..validation import is_integer

#: Seeds drawn for a fit lie in [0, 2³²), the range scikit-learn accepts for random_state.
SEED_BOUND = 2**32


class NotFittedError(NotReadyError, SklearnNotFittedError):
    """An estimator was used before `fit`.

    It is lucidnet's `NotReadyError` and scikit-learn's
    `NotFittedError` at once, so code written for either library catches it (and, as an
    `AttributeError`, `hasattr` on a fitted-only attribute answers False).
    """


def not_fitted(estimator, method: str) -> NotFittedError:
    """The error for using `method` of an estimator that has not been fitted."""
    return NotFittedError(
        f"This {type(estimator).__name__} is not fitted yet: call fit(X, y) before using "
        f"{method}."
    )


def reject_sparse(estimator, X) -> None:
    """Refuse a SciPy sparse `X` with a message that says how to convert it.

    The layers multiply dense matrices, and densifying silently could exhaust memory on the
    very data (bag-of-words, one-hot) that is stored sparse because it is large, so the user
    decides.  scikit-learn's checks ask for a TypeError or ValueError that says "sparse".
    """
    if scipy.sparse.issparse(X):
        raise TypeError(
            f"{type(estimator).__name__} does not support sparse input, got a "
            f"{type(X).__name__} of shape {X.shape}: its layers multiply dense matrices. "
            f"Convert it with X.toarray(); in a Pipeline, make the step before this one "
            f"output dense data, e.g. OneHotEncoder(sparse_output=False)."
        )


def seed_from(random_state, owner: str) -> int:
    """One seed in [0, 2³²) for a fit, from scikit-learn's `random_state` conventions.

    An int is the seed itself, so every fit is the same; None draws it from lucidnet's global
    generator (which [`lucidnet.set_random_seed`][lucidnet.utils.set_random_seed] resets), so fits
    differ; a NumPy `RandomState` or `Generator` gives the next draw of that generator.
    """
    if random_state is None:
        return int(make_generator().integers(SEED_BOUND))
    if is_integer(random_state) and 0 <= random_state < SEED_BOUND:
        return int(random_state)
    if isinstance(random_state, np.random.RandomState):
        return int(random_state.randint(np.iinfo(np.int32).max))
    if isinstance(random_state, np.random.Generator):
        return int(random_state.integers(SEED_BOUND))
    raise ValueError(
        f"{owner} random_state must be None, an integer in [0, 2**32), a numpy RandomState "
        f"or a numpy Generator, got {random_state!r}."
    )


__all__ = ["NotFittedError", "not_fitted", "reject_sparse", "seed_from"]
