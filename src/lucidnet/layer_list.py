"""LayerList: the entries of a model's chain, layers and models used as layers, in order.

The contract.  A model keeps its chain in a `LayerList`, which it made for itself
(`LayerList(model)`) and reads like a list (iteration, `len`, indexing).  The list keeps
what a chain needs to stay saveable: every name in it is unique, a nested model's own name
and its layers' included, since a model file stores weights by layer name; a layer without a
name gets the first free `dense_1`, `dense_2`, ....  It also holds what goes through every
layer of the chain at once: the `flat` list of layers (a nested model's in
its place), the parameters and gradients collected together, the lowest layer the backward
pass reaches, and `set_weights` of all of them from one list, checked first.

It knows its owner and a nested model only by their public attributes (`name`, `dtype`,
`flat_layers`), and a layer by the layer protocol, so it sits below the models that use it.
"""

from __future__ import annotations

import sys

import numpy as np

from . import flat, symbolic
from .layers import Input, Layer
from .layers import get as get_layer_from_config
from .registry import MODELS, snake_case
from .validation import check_finite, integer


class LayerList:
    """The layers of `owner`'s chain, a nested model as one entry, with unique names."""

    def __init__(self, owner):
        self.owner = owner
        self._entries: list = []
        #: Every name in the chain, a nested model's and its layers' included.
        self.names: set[str] = set()
        self._next_suffix: dict[str, int] = {}

    def __iter__(self):
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __getitem__(self, index):
        return self._entries[index]

    def append_layer(self, layer: Layer) -> None:
        """Add `layer` at the end, named `<snake case of its class>_<k>` if it has no name."""
        if layer.name is None:
            layer.name = self.unique_name(snake_case(type(layer).__name__))
        elif layer.name in self.names:
            raise ValueError(
                f"A layer named {layer.name!r} is already in model {self.owner.name!r}; "
                f"layer names must be unique."
            )
        self._entries.append(layer)
        self.names.add(layer.name)

    def append_model(self, model) -> None:
        """A model used as a layer: its layers run in its place and share its weights; their
        names, and its own, must be free in this chain, since weights are saved by name."""
        owner = self.owner
        if model is owner:
            raise ValueError(f"Model {owner.name!r} cannot hold itself as a layer.")
        if model.dtype != owner.dtype:
            raise ValueError(
                f"Model {model.name!r} computes in {model.dtype} and cannot be a layer of model "
                f"{owner.name!r}, which computes in {owner.dtype}; give both the same dtype."
            )
        names = [model.name] + [layer.name for layer in model.flat_layers]
        taken = sorted(set(names) & self.names) or sorted(
            {name for name in names if names.count(name) > 1})
        if taken:
            raise ValueError(
                f"Model {model.name!r} cannot be a layer of model {owner.name!r}: the name(s) "
                f"{taken} would be used twice, and the layers of nested models are saved by "
                f"name. Rename them, e.g. Dense(10, name='head')."
            )
        self._entries.append(model)
        self.names.update(names)

    def unique_name(self, base: str) -> str:
        """`dense_1`, `dense_2`, ...: the first free suffix, found in constant time."""
        k = self._next_suffix.get(base, 1)
        while f"{base}_{k}" in self.names:
            k += 1
        self._next_suffix[base] = k + 1
        return f"{base}_{k}"

    def pop(self):
        """Remove the last entry and return it; its names become free."""
        if not self._entries:
            raise ValueError(f"Model {self.owner.name!r} has no layer to pop.")
        layer = self._entries.pop()
        self.names.difference_update(
            [layer.name] + [leaf.name for leaf in getattr(layer, "flat_layers", ())])
        return layer

    def get(self, name: str | None = None, index: int | None = None):
        """The entry called `name`, or the one at `index` (negative indices count from
        the end); see `Model.get_layer`."""
        owner_name = self.owner.name
        names = [layer.name for layer in self._entries]
        if name is not None and index is not None:
            raise ValueError(
                f"get_layer takes a layer name or an index, not both; got name={name!r} and "
                f"index={index!r}."
            )
        if index is not None:
            if not self._entries:
                raise ValueError(f"Model {owner_name!r} has no layers; add some first.")
            count = len(self._entries)
            return self._entries[integer(f"get_layer index (model {owner_name!r} has {count} "
                                         f"layers)", index, at_least=-count, at_most=count - 1)]
        if name is None:
            raise ValueError(
                f"get_layer needs a layer name or an index, e.g. get_layer(index=0); the "
                f"layers of model {owner_name!r} are {names}."
            )
        if not isinstance(name, str):
            raise TypeError(f"get_layer name must be a string such as 'dense_1', got {name!r}.")
        for layer in self._entries:
            if layer.name == name:
                return layer
        raise ValueError(f"No layer named {name!r} in model {owner_name!r}; its layers are {names}.")

    def flat(self) -> list[Layer]:
        """Every layer of the chain, a nested model's layers in its place."""
        return [leaf for entry in self._entries
                for leaf in getattr(entry, "flat_layers", (entry,))]

    def parameters_and_gradients(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """The trainable parameters θ of every layer and their gradients ∂C/∂θ from the last
        backward pass, collected together, layer by layer, so that the two lists pair up.

        A layer given `grad_out` views (see `lay_out_flat`) contributes those, holding its
        gradients (written there by its backward, or copied there now)."""
        params, grads = [], []
        for layer in self.flat():
            layer_params = layer.trainable_weights
            if not layer_params:
                continue
            if len(layer.grads) != len(layer_params):
                raise RuntimeError(
                    f"{layer.describe()} has {len(layer_params)} trainable weights but "
                    f"{len(layer.grads)} gradients: run a backward pass after changing "
                    f"trainable."
                )
            params += layer_params
            out = layer.grad_out
            if out is None or len(out) != len(layer.grads):
                grads += layer.grads
                continue
            for view, grad in zip(out, layer.grads):
                if grad is not view:
                    np.copyto(view, grad)
            grads += out
        return params, grads

    def lay_out_flat(self) -> bool:
        """Make the trainable parameters θ₁ … θₖ of the chain views of one flat array
        `[θ₁ | … | θₖ]`, and give each layer `grad_out` views of a second one for its
        gradients, so that an optimizer steps all of them in one call (see
        [lucidnet.flat][]); True when they are laid out so (now or before).

        A parameter is moved into the flat array only when nothing but its layer holds it
        (its reference count says so): an array someone kept, or viewed, would otherwise
        stop being the layer's parameter.  So a model is laid out before its optimizer first
        holds its parameters (the first `fit` or `train_on_batch`), and never when a layer
        keeps a weight in an attribute of its own; then, and with parameters of mixed
        dtypes, everything stays as it is and the optimizer steps each parameter apart.
        """
        layers = [layer for layer in self.flat() if layer.trainable_weights]
        params = [w for layer in layers for w in layer.trainable_weights]
        if len(params) < 2 or len({w.dtype for w in params}) != 1 \
                or not np.issubdtype(params[0].dtype, np.floating):
            return False
        if flat.span(params) is not None:
            return all(layer.grad_out is not None for layer in layers)
        del params
        positions = [(layer, index) for layer in layers for index, name in
                     enumerate(layer.weight_names) if name not in layer.state_names]
        # Held by the layer's list and by getrefcount's argument, nothing else.
        if any(sys.getrefcount(layer.weights[index]) > 2 for layer, index in positions):
            return False
        originals = [layer.weights[index] for layer, index in positions]
        _, views = flat.zeros_like(originals)
        _, grad_views = flat.zeros_like(originals)
        for view, original in zip(views, originals):
            view[...] = original
        del originals
        for (layer, index), view in zip(positions, views):
            layer.weights[index] = view
        grad_iter = iter(grad_views)
        for layer in layers:
            layer.grad_out = [next(grad_iter) for _ in layer.trainable_weights]
        return True

    def lowest_backpropagated(self) -> int:
        """The index in `flat` of the lowest layer the backward pass goes through: 0,
        or the one above the last layer that has no backward (`differentiable` False, a
        Lambda of a Python function), which a `ValueError` refuses when a layer before it
        has trainable weights (see `Model.lowest_backpropagated_layer`).
        """
        layers = self.flat()
        for index in range(len(layers) - 1, -1, -1):
            layer = layers[index]
            if layer.differentiable:
                continue
            learning = next((before for before in layers[:index] if before.trainable_weights), None)
            if learning is not None:
                raise ValueError(
                    f"{layer.describe()} in model {self.owner.name!r} runs a Python function, which "
                    f"lucidnet cannot differentiate (it has no automatic differentiation), but "
                    f"{learning.describe()} before it has trainable weights whose gradients must "
                    f"pass through it. Put the Lambda before every layer that learns (to "
                    f"preprocess the inputs), use a layer with a backward pass instead "
                    f"(Rescaling(scale, offset), Activation(name), Reshape, or "
                    f"Lambda(lucidnet.activations.<name>)), or freeze the layers before it "
                    f"(trainable=False)."
                )
            return index + 1
        return 0

    def set_weights(self, weights) -> None:
        """Set every layer's parameters from one list, layer by layer, as `get_weights`
        returns them.  All arrays are checked first (count, shapes, finite values), so a
        wrong list changes nothing.
        """
        weights = list(weights)
        layers = self.flat()
        expected = sum(len(layer.weights) for layer in layers)
        if len(weights) != expected:
            raise ValueError(
                f"Model {self.owner.name!r} has {expected} weight arrays, got {len(weights)}."
            )
        position = 0
        plan = []
        for layer in layers:
            count = len(layer.weights)
            plan.append((layer, weights[position : position + count]))
            position += count
        for layer, arrays in plan:  # check everything before changing anything
            for name, current, new in zip(layer.weight_names, layer.weights, arrays):
                if np.shape(new) != current.shape:
                    raise ValueError(
                        f"{layer.describe()}: {name} must have shape {current.shape}, "
                        f"got {np.shape(new)}."
                    )
                check_finite(f"{layer.name}/{name}", np.asarray(new, dtype=current.dtype))
        for layer, arrays in plan:
            layer.set_weights(arrays)


def entry_from_config(entry: dict):
    """A layer, or a nested model (found by its registered class name), from its
    `{"class_name", "config"}`."""
    if isinstance(entry, dict) and entry.get("class_name") in MODELS:
        return MODELS.lookup(entry["class_name"]).from_config(entry.get("config", {}))
    return get_layer_from_config(entry)


def functional_from_config(config: dict):
    """The `Input` and the output tensor of a functional model's `get_config()`: its
    entries rebuilt and called in turn from the `InputLayer` that must come first."""
    entries = [entry_from_config(entry) for entry in config.get("layers", [])]
    if not entries or not isinstance(entries[0], Input):
        raise ValueError("A functional model's config starts with its InputLayer.")
    return entries[0], symbolic.call_chain(entries[1:], symbolic.as_tensor(entries[0]))
