"""An optimizer's state as arrays: the checks that loading it must pass, and Keras 3's
ordering of it (`Optimizer.variables`).

The state is named as `Optimizer.get_state` names it: `"iterations"`, each scalar state
by its name (Nadam's `"mu_product"`), and `"<slot>/<i>"` for slot `<slot>` of
parameter `i`. Keras lists the same state as variables: the step count, the learning
rate when it is a constant, then the slots slot by slot (every parameter's first moment,
then every parameter's second moment, ...).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np


def check_loadable(owner: str, state: Mapping[str, np.ndarray],
                   expected: Mapping[str, tuple[int, ...]],
                   slots: Sequence[dict[str, np.ndarray]]) -> None:
    """Refuse a `state` whose names or shapes differ from `expected` (name → shape), or
    a slot whose dtype cannot be cast to its slot's (`slots[i][name]`), naming `owner`.

    Raises
    ------
    ValueError
        For a missing or unexpected name, or a shape that differs.
    TypeError
        For a dtype that cannot be cast.
    """
    missing = sorted(expected.keys() - state.keys())
    unexpected = sorted(state.keys() - expected.keys())
    if missing or unexpected:
        raise ValueError(
            f"State does not match {owner}: missing {missing}, unexpected {unexpected}."
        )
    for key, shape in expected.items():
        if np.shape(state[key]) != shape:
            raise ValueError(f"State {key!r} has shape {np.shape(state[key])}, expected {shape}.")
    for i, parameter_slots in enumerate(slots):
        for slot, array in parameter_slots.items():
            given = np.asarray(state[f"{slot}/{i}"])
            if not np.can_cast(given.dtype, array.dtype, casting="same_kind"):
                raise TypeError(f"State {f'{slot}/{i}'!r} has dtype {given.dtype}, which "
                                f"cannot be cast to the slot's {array.dtype}.")


def negative_magnitude(rule: str, magnitudes: Sequence[str], state: Mapping[str, np.ndarray],
                       owners: Sequence[str] | None = None, prefix: str = "") -> str | None:
    """What is wrong with `state` when one of the slots `magnitudes` of the rule named
    `rule` has a negative value, else None (see `Optimizer.negative_slot`)."""
    for slot in magnitudes:
        for key, value in state.items():
            name, _, index = key.rpartition("/")
            array = np.asarray(value)
            if name != slot or not index.isdigit() or array.dtype.kind not in "biuf":
                continue
            negative = array < 0
            if negative.any():
                i = int(index)
                owner = owners[i] if owners is not None and i < len(owners) else f"parameter {i}"
                return (f"the optimizer state {prefix}{key} ({rule}'s slot {slot!r} of "
                        f"{owner}) holds {int(negative.sum())} negative value(s), as low as "
                        f"{float(array.min()):g}; it holds magnitudes, which are never negative.")
    return None


def keras_variables(optimizer) -> list[np.ndarray]:
    """`optimizer`'s state in Keras's order (`Optimizer.variables`), from its public
    `get_state`."""
    state = optimizer.get_state()
    variables = [state["iterations"]]
    if optimizer.schedule is None:
        variables.append(np.array(optimizer.learning_rate, dtype=np.float32))
    variables += [state[name] for name in optimizer.scalar_state]
    return variables + [state[key] for key in _slot_keys(state, optimizer.scalar_state)]


def set_keras_variables(optimizer, weights: Sequence[np.ndarray]) -> None:
    """Load `weights`, in the order of `keras_variables`, into `optimizer` through
    its public `set_state` (`Optimizer.set_weights`)."""
    if not optimizer.built:
        raise ValueError(
            f"You are calling `set_weights()` on an optimizer that has not yet been built: "
            f"call {optimizer.name}.build(params) first, so that the slots exist."
        )
    weights = [np.asarray(w) for w in weights]
    expected = keras_variables(optimizer)
    if len(weights) != len(expected) or any(w.shape != e.shape for w, e in zip(weights, expected)):
        raise ValueError(
            f"{optimizer.name}.set_weights() expected {len(expected)} arrays of shapes "
            f"{[e.shape for e in expected]}, got {len(weights)} of shapes "
            f"{[w.shape for w in weights]}."
        )
    constant = optimizer.schedule is None
    names = ["iterations", *(["learning_rate"] if constant else []), *optimizer.scalar_state,
             *_slot_keys(optimizer.get_state(), optimizer.scalar_state)]
    loaded = dict(zip(names, weights))
    learning_rate = loaded.pop("learning_rate", None)
    optimizer.set_state(loaded)
    if constant:
        optimizer.learning_rate = float(learning_rate)


def _slot_keys(state: Mapping[str, np.ndarray], scalars: Sequence[str]) -> list[str]:
    """The `"<slot>/<i>"` keys of `state` in Keras's order: slot by slot, each over the
    parameters.

    Examples
    --------
    >>> _slot_keys({"iterations": 0, "m/0": 0, "v/0": 0, "m/1": 0, "v/1": 0}, ())
    ['m/0', 'm/1', 'v/0', 'v/1']
    """
    keys = [key for key in state if key != "iterations" and key not in scalars]
    names = list(dict.fromkeys(key.rpartition("/")[0] for key in keys))
    count = len(keys) // len(names) if names else 0
    return [f"{name}/{i}" for name in names for i in range(count)]
