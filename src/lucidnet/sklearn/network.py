"""The lucidnet network inside an estimator: the MLP its parameters describe, or the user's own.

[`mlp`][lucidnet.sklearn.network.mlp] builds `Input → [Dense(σ) → Dropout] × hidden layers →
Dense(output)` from the estimator's parameters.
[`from_builder`][lucidnet.sklearn.network.from_builder] calls the `model=` escape hatch and checks
that what it returns can be trained on the data.  Neither compiles: the estimator does that, with
the optimizer and loss it owns.
"""

from __future__ import annotations

from .. import activations, regularizers
from ..config import seeded_generators
from ..layers import Dense, Dropout, Input
from ..layers.base import shape_str
from ..models import Sequential
from ..registry import resolve
from ..validation import is_integer, positive_int


def mlp(owner: str, n_features: int, *, hidden_layer_sizes, activation, dropout, l2, units: int,
        output_activation, dtype: str, seed: int, name: str) -> Sequential:
    """Input(n_features) → [Dense(units, σ) → Dropout(p)] per hidden layer → Dense(units, output).

    `owner` names the estimator in error messages; `seed` draws the initial weights and
    the dropout masks, and shuffles the examples in `fit`.
    """
    if units == 1 and resolve("output_activation", activations.get,
                               output_activation).registry_name == "softmax":
        raise ValueError(
            f"{owner} output_activation='softmax' over a single output unit always outputs 1. "
            f"Use 'sigmoid' for one unit, or a loss with one unit per class such as "
            f"loss='sparse_categorical_crossentropy'."
        )
    layers = [Input((n_features,))]
    for width in hidden_widths(owner, hidden_layer_sizes):
        layers.append(Dense(width, activation=activation, kernel_regularizer=_l2(l2)))
        if dropout:
            layers.append(Dropout(dropout))
    layers.append(Dense(units, activation=output_activation, kernel_regularizer=_l2(l2)))
    return Sequential(layers, name=name, dtype=dtype, seed=seed)


def hidden_widths(owner: str, hidden_layer_sizes) -> tuple[int, ...]:
    """`hidden_layer_sizes` as a tuple of positive ints (a lone int is one layer)."""
    sizes = hidden_layer_sizes
    if is_integer(sizes):
        sizes = (sizes,)
    if isinstance(sizes, str) or not hasattr(sizes, "__iter__"):
        raise ValueError(
            f"{owner} hidden_layer_sizes must be a sequence of positive integers such as "
            f"(64, 32), got {sizes!r}."
        )
    return tuple(positive_int(f"{owner} hidden_layer_sizes entry", width) for width in sizes)


def _l2(l2):
    # One object per layer: a regularizer is small, and sharing one would tie the layers.
    return regularizers.L2(l2) if l2 else None


def from_builder(owner: str, builder, n_features: int, n_outputs: int, seed: int) -> Sequential:
    """`builder(n_features, n_outputs)`, checked to be a new Sequential for `n_features`.

    The builder runs inside
    [`lucidnet.config.seeded_generators`][lucidnet.config.seeded_generators], so the generator of
    a Sequential it creates without `seed=`, and with it the initial weights, dropout masks and
    shuffling, follows the estimator's `random_state` like the built-in network does.  A network
    without an input shape is built here for `n_features`.
    """
    if isinstance(builder, Sequential) or not callable(builder):
        hint = (" Wrap it in a function that builds it, so that every fit, clone and "
                "cross-validation fold starts from a new network."
                if isinstance(builder, Sequential) else "")
        raise TypeError(
            f"{owner} model must be a function model(n_features_in, n_outputs) that returns a "
            f"new lucidnet Sequential, got {builder!r}.{hint}"
        )
    call = f"model({n_features}, {n_outputs})"
    with seeded_generators(seed):
        network = builder(n_features, n_outputs)
        if not isinstance(network, Sequential):
            raise TypeError(
                f"{owner} {call} must return a lucidnet Sequential, got "
                f"{type(network).__name__}."
            )
        if network.history is not None:
            raise ValueError(
                f"{owner} {call} returned a network that has already been trained: it must "
                f"build a new Sequential at each call, since every fit, clone and "
                f"cross-validation fold starts from scratch."
            )
        if not network.built:
            network.build((None, n_features))
    if tuple(network.input_shape[1:]) != (n_features,):
        raise ValueError(
            f"{owner} {call} returned a network for inputs of shape "
            f"{shape_str(network.input_shape)}, but X has {n_features} features. Start it "
            f"with Input((n_features_in,)), or give no input shape and let the estimator "
            f"build it."
        )
    return network


def check_output_units(owner: str, network: Sequential, units: int, loss) -> None:
    """Raise unless `network` ends in `units` outputs, what the targets need for `loss`."""
    if tuple(network.output_shape[1:]) != (units,):
        raise ValueError(
            f"{owner}: the network from model= has output shape "
            f"{shape_str(network.output_shape)}, but with loss {loss.name!r} these targets "
            f"need (None, {units}): its last layer must have {units} unit(s)."
        )


__all__ = ["check_output_units", "from_builder", "hidden_widths", "mlp"]
