"""Which parameters the decoupled weight decay leaves alone (Keras 3's
`exclude_from_weight_decay`).

An optimizer with `weight_decay` λ shrinks every parameter, w ← w − lr·λ·w, before its
rule's step, except those excluded here: the arrays given in `var_list` (recognised by
identity) and those whose name contains one of the `var_names` (each a regular expression
searched in the name, as Keras searches it, so `["bias"]` spares every bias). Names are
those a model gives its weights, `"<layer>/<weight>"` such as `"dense_1/bias"`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np

from ..validation import sequence


class WeightDecayExclusion:
    """The parameters excluded from weight decay, by identity and by name.

    Parameters
    ----------
    var_list : sequence of numpy.ndarray, optional
        Arrays never decayed.
    var_names : sequence of str, optional
        Patterns; a parameter whose name contains a match is never decayed.

    Examples
    --------
    >>> bias = np.zeros(3)
    >>> exclusion = WeightDecayExclusion(var_names=["bias"])
    >>> exclusion.excludes(bias, "dense/bias"), exclusion.excludes(bias, "dense/kernel")
    (True, False)
    """

    def __init__(self, var_list: Sequence[np.ndarray] | None = None,
                 var_names: Iterable[str] | None = None) -> None:
        self._ids = {id(w) for w in (var_list or ())}
        # The arrays themselves are kept so that their ids stay theirs.
        self._arrays = list(var_list or ())
        names = [] if var_names is None else sequence("var_names", var_names, "strings")
        if not all(isinstance(name, str) for name in names):
            raise TypeError(f"var_names must be a list of strings, got {var_names!r}.")
        self._pattern = re.compile("|".join(sorted(set(names)))) if names else None

    def excludes(self, w: np.ndarray, name: str | None) -> bool:
        """True when `w` (named `name`, or None when unnamed) is not to be decayed."""
        if id(w) in self._ids:
            return True
        return self._pattern is not None and name is not None \
            and self._pattern.search(name) is not None
