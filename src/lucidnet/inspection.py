"""Looking inside a model: every quantity of one forward and backward pass, labelled with the
equation that produced it (`trace`), one training step written out with its numbers
(`explain`), and the table of its layers (`summary`).

Both run outside the training loop: `fit` never calls them, so they cost nothing unless
asked for.  Neither changes the model's weights or its optimizer's state.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import optimizers
from .layers import Dense
from .layers.base import shape_str
from .utils.gradcheck import gradcheck

_SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def sup(n) -> str:
    """`sup(2) == "²"`: layer indices are written as superscripts, as in the tutorials."""
    return str(n).translate(_SUPERSCRIPTS)


def sub(n) -> str:
    """`sub(12) == "₁₂"`: neuron indices are written as subscripts."""
    return str(n).translate(_SUBSCRIPTS)


@dataclass
class LayerTrace:
    """What one layer computed: arrays (copies) and the equation behind each.

    For a Dense layer l: `input` = aˡ⁻¹, `z`, `a`, `delta` = δˡ = ∂C/∂zˡ,
    `grad_W` = ∂C/∂Wˡ, `grad_b` = ∂C/∂bˡ.  Other layers have `input` and `a` (their
    output) only.  `equations` maps each quantity to its equation; `check` maps
    `"grad_W"`/`"grad_b"` to the relative error against finite differences when the
    trace was made with `check=True`.
    """

    index: int
    name: str
    kind: str
    input: np.ndarray
    a: np.ndarray
    z: np.ndarray | None = None
    delta: np.ndarray | None = None
    grad_W: np.ndarray | None = None
    grad_b: np.ndarray | None = None
    activation: str | None = None
    elementwise: bool = True
    equations: dict = field(default_factory=dict)
    check: dict = field(default_factory=dict)

    def quantities(self):
        """(label, array, equation) for every quantity recorded, in the order computed."""
        rows = [("z", self.z, self.equations.get("z")), ("a", self.a, self.equations.get("a")),
                ("δ", self.delta, self.equations.get("delta")),
                ("∂C/∂b", self.grad_b, self.equations.get("grad_b")),
                ("∂C/∂W", self.grad_W, self.equations.get("grad_W"))]
        return [(label, array, equation) for label, array, equation in rows if array is not None]


@dataclass
class Trace:
    """The record of one forward and backward pass: `trace.layers[i]` or `trace["dense_1"]`."""

    model_name: str
    loss_name: str
    loss: float
    n_examples: int
    layers: list

    def __getitem__(self, key) -> LayerTrace:
        if isinstance(key, str):
            for layer in self.layers:
                if layer.name == key:
                    return layer
            raise KeyError(f"No layer named {key!r}; layers: {[l.name for l in self.layers]}.")
        return self.layers[key]

    @property
    def gradients(self) -> list:
        """∂C/∂θ for every trainable parameter, in the order of `model.trainable_weights`."""
        grads = []
        for layer in self.layers:
            if layer.grad_W is not None:
                grads.append(layer.grad_W)
                if layer.grad_b is not None:
                    grads.append(layer.grad_b)
        return grads

    def __str__(self) -> str:
        lines = [f"Trace of model {self.model_name!r} on {self.n_examples} example(s): "
                 f"C = {self.loss:.6g} ({self.loss_name})"]
        for layer in self.layers:
            title = f"{layer.name} ({layer.kind}{', ' + layer.activation if layer.activation else ''})"
            lines.append(f"layer {layer.index}: {title}  input {tuple(layer.input.shape)}")
            for label, array, equation in layer.quantities():
                stats = f"mean {array.mean():+.4g}  max|·| {np.abs(array).max():.4g}"
                key = {"∂C/∂W": "grad_W", "∂C/∂b": "grad_b"}.get(label)
                checked = f"  finite-difference check: rel. error {layer.check[key]:.1e}" \
                    if key in layer.check else ""
                lines.append(f"  {label:<6} {str(tuple(array.shape)):<12} {stats:<36} "
                             f"{equation or ''}{checked}")
        return "\n".join(lines)

    __repr__ = __str__


def summary(model) -> str:
    """`model.summary()`'s table: one row per entry of `model.layers` (a nested model is
    one row, as in Keras), with its output shape and parameter count, then the totals."""
    rows = [("Layer (type)", "Output Shape", "Param #")]
    for layer in model.layers:
        shape = shape_str(layer.output_shape) if layer.built else "(unbuilt)"
        count = f"{layer.count_params():,}" if layer.built else "0 (unbuilt)"
        kind = type(layer).__name__
        rows.append((f"{layer.name} ({'Functional' if kind == 'Model' else kind})", shape, count))
    widths = [max(len(row[i]) for row in rows) + 2 for i in range(3)]
    total_width = sum(widths)

    def line(row):
        return "".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip()

    trainable = sum(w.size for w in model.trainable_weights)
    total = model.count_params()
    lines = [f'Model: "{model.name}"', "_" * total_width, line(rows[0]), "=" * total_width]
    lines += [line(row) for row in rows[1:]]
    lines += [
        "=" * total_width,
        f"Total params: {total:,}",
        f"Trainable params: {trainable:,}",
        f"Non-trainable params: {total - trainable:,}",
        "_" * total_width,
    ]
    return "\n".join(lines)


def trace(model, x, y, sample_weight=None, training: bool = False, check: bool = False) -> Trace:
    """Run one forward and backward pass on (x, y) and record every quantity, per layer.

    The gradients are those a training step computes on the same batch (the same
    `loss_and_gradients` code path); the weights are not updated.  `training=True`
    applies dropout as in training (drawing from the model's generator).  `check=True`
    compares every gradient with central finite differences in float64.
    """
    x, y, sample_weight = model.prepare_data(x, y, sample_weight)
    outputs = [x]
    for layer in model.flat_layers:
        outputs.append(np.array(layer.forward(outputs[-1], training=training)))
    a = outputs[-1]
    loss = float(model.loss(y, a, sample_weight)) + model.regularization_loss()
    model.backward(y, a, sample_weight)
    fused = model.fused_output_error
    records = []
    for index, layer in enumerate(model.flat_layers, start=1):
        record = LayerTrace(index=index, name=layer.name, kind=type(layer).__name__,
                            input=outputs[index - 1], a=outputs[index])
        activation = getattr(layer, "activation", None)
        if activation is not None:
            record.activation = activation.name
            record.elementwise = activation.elementwise
        if isinstance(layer, Dense):
            last = index == len(outputs) - 1
            record.z = np.array(layer.z)
            record.delta = np.array(layer.delta)
            if layer.grads:  # a frozen layer has none
                record.grad_W = np.array(layer.grads[0])
                record.grad_b = np.array(layer.grads[1]) if layer.use_bias else None
            record.equations = _dense_equations(index, activation.name, last, fused)
        records.append(record)
    result = Trace(model.name, model.loss.name, float(loss), len(x), records)
    if check:
        report = gradcheck(model, x, y, sample_weight)
        for record in records:
            for key, weight in (("grad_W", "kernel"), ("grad_b", "bias")):
                error = report.errors.get(f"{record.name}/{weight}")
                if error is not None:
                    record.check[key] = error
    return result


def _dense_equations(l: int, activation: str, last: bool, fused: bool) -> dict:
    L, prev, nxt = sup(l), sup(l - 1), sup(l + 1)
    if last and fused:
        delta = f"BP1, fused with the loss: δ{L} = (a{L} − y)/N"
    elif last:
        delta = f"BP1: δ{L} = ∇ₐC ⊙ σ'(z{L})"
    else:
        delta = f"BP2: δ{L} = (δ{nxt} (W{nxt})ᵀ) ⊙ σ'(z{L})"
    return {
        "z": f"z{L} = a{prev} W{L} + b{L}",
        "a": f"a{L} = σ(z{L}), σ = {activation}",
        "delta": delta,
        "grad_b": f"BP3: ∂C/∂b{L} = Σₙ δ{L}ₙ",
        "grad_W": f"BP4: ∂C/∂W{L} = (a{prev})ᵀ δ{L}",
    }


# -- explain ----------------------------------------------------------------------------------

def explain(model, x, y, max_units: int = 6, max_terms: int = 6, show: bool = True) -> str:
    """One training step on a single example, written out as a tutorial would, in Markdown.

    For each Dense layer: every neuron's weighted sum with its terms and numbers, its
    activation, then the loss, each δ, the gradients, and the weights after one update by
    the model's optimizer (computed on copies: the model is not changed).  Layers wider
    than `max_units` show their `max_units` most active neurons; sums with more than
    `max_terms` inputs show their largest terms.  Prints the text when `show` and returns it.
    """
    x = np.asarray(x)
    if x.ndim == len(model.input_shape) - 1:
        x = x[None]
    if len(x) != 1:
        raise ValueError(f"explain() takes one example, got {len(x)}; use trace() for a batch.")
    y = np.asarray(y)
    if y.ndim == 0 or (y.ndim == 1 and not model.loss.sparse_targets
                       and model.output_shape[-1] == len(y) and len(y) > 1):
        y = y[None]
    if y.ndim == 0:
        y = y.reshape(1)
    record = trace(model, x, y)
    out = [f"# One training step of model '{model.name}'", ""]
    denses = [layer for layer in record.layers if layer.grad_W is not None]
    weights = {layer.name: model.get_layer(layer.name).get_weights() for layer in denses}
    for layer in record.layers:
        out += _explain_forward(layer, weights.get(layer.name), max_units, max_terms)
    out += ["## Loss", "", f"C = {record.loss:.6g} ({record.loss_name}, one example)", ""]
    targets = _dense_targets(model, y, record.layers[-1].a)
    for position in range(len(denses) - 1, -1, -1):
        above = denses[position + 1] if position + 1 < len(denses) else None
        out += _explain_backward(denses[position], above, weights, targets, max_units)
    out += _explain_update(model, denses, weights, max_units)
    text = "\n".join(out)
    if show:
        print(text)
    return text


def _top_units(values: np.ndarray, max_units: int) -> np.ndarray:
    if len(values) <= max_units:
        return np.arange(len(values))
    return np.sort(np.argsort(-np.abs(values))[:max_units])


def _explain_forward(layer: LayerTrace, params, max_units, max_terms) -> list:
    if layer.grad_W is None:
        return [f"## Layer {layer.index}: {layer.name} ({layer.kind})", "",
                f"passes {tuple(layer.input.shape[1:])} → {tuple(layer.a.shape[1:])}", ""]
    W, b = params[0], (params[1] if len(params) > 1 else None)
    x, z, a = layer.input[0], layer.z[0], layer.a[0]
    lines = [f"## Layer {layer.index}: {layer.name} (Dense, {W.shape[0]} → {W.shape[1]}, "
             f"{layer.activation})", "", f"Weighted sums {layer.equations['z']}:", ""]
    units = _top_units(z, max_units)
    for j in units:
        terms = W[:, j] * x
        shown = _top_units(terms, max_terms)
        parts = [f"({W[i, j]:.4g})({x[i]:.4g})" for i in shown]
        if len(shown) < len(terms):
            rest = np.delete(terms, shown).sum()
            parts.append(f"[{len(terms) - len(shown)} smaller terms: {rest:.4g}]")
        bias = f" + ({b[j]:.4g})" if b is not None else ""
        lines.append(f"- z{sub(j + 1)} = {' + '.join(parts)}{bias} = {z[j]:.6g}")
    if len(units) < len(z):
        lines.append(f"- … {len(z) - len(units)} more neurons (the {len(units)} largest |z| shown)")
    lines += ["", f"Activations {layer.equations['a']}:", ""]
    if layer.elementwise:
        lines += [f"- a{sub(j + 1)} = {layer.activation}({z[j]:.6g}) = {a[j]:.6g}" for j in units]
    else:  # softmax: each output depends on every z
        lines += [f"- a = {layer.activation}(z) = {np.array2string(a, precision=4)}"]
    return lines + [""]


def _dense_targets(model, y, output) -> np.ndarray:
    """The target row y for the one example, one-hot when the labels are sparse."""
    y = np.asarray(model.loss.prepare_targets(y, model.output_shape[1:], "float64", "the output"))
    if model.loss.sparse_targets:
        return np.eye(output.shape[-1])[y[0]]
    return y[0]


def _explain_backward(layer: LayerTrace, above, weights, targets, max_units) -> list:
    delta, x = layer.delta[0], layer.input[0]
    units = _top_units(delta, max_units)
    lines = [f"## Backward through {layer.name}", "", f"{layer.equations['delta']}:", ""]
    fused_output = above is None and layer.equations["delta"].startswith("BP1, fused")
    directly_below = above is not None and above.index == layer.index + 1
    for j in units:
        if fused_output:
            detail = f"a{sub(j + 1)} − y{sub(j + 1)} = ({layer.a[0, j]:.4g}) − ({targets[j]:.4g}) = "
        elif directly_below:
            # BP2 for one neuron: (Σₖ δₖ wⱼₖ) · σ'(zⱼ), the sum running over the layer above
            total = float(above.delta[0] @ weights[above.name][0][j])
            detail = (f"(Σₖ δₖ w{sub(j + 1)},ₖ)·σ'(z{sub(j + 1)}) = ({total:.4g})"
                      f"({delta[j] / total if total else 0.0:.4g}) = ")
        else:
            detail = ""
        lines.append(f"- δ{sub(j + 1)} = {detail}{delta[j]:.6g}")
    lines += ["", f"{layer.equations['grad_b']} (one example: ∂C/∂bⱼ = δⱼ) and "
              f"{layer.equations['grad_W']} (∂C/∂wᵢⱼ = aᵢ δⱼ):", ""]
    for j in units:
        inputs = _top_units(layer.grad_W[:, j], 3)
        terms = ", ".join(f"∂C/∂w{sub(i + 1)},{sub(j + 1)} = ({x[i]:.4g})({delta[j]:.4g}) = "
                          f"{layer.grad_W[i, j]:.4g}" for i in inputs)
        lines.append(f"- ∂C/∂b{sub(j + 1)} = {delta[j]:.6g}; {terms}")
    return lines + [""]


def _explain_update(model, denses, weights, max_units) -> list:
    """Apply the model's optimizer to copies of the weights, from a copy of its state."""
    denses = [layer for layer in denses if layer.grad_W is not None]  # frozen layers stay
    optimizer = optimizers.get(optimizers.serialize(model.optimizer))
    params = [w.copy() for layer in denses for w in weights[layer.name]]
    grads = [g for layer in denses for g in (layer.grad_W, layer.grad_b) if g is not None]
    if model.optimizer.built:
        optimizer.build(params)
        optimizer.set_state(model.optimizer.get_state())
    lr = optimizer.learning_rate
    optimizer.apply(params, grads)
    projections, position = [], 0
    for layer in denses:  # then each constraint, as fit applies them after the update
        own, count = model.get_layer(layer.name), len(weights[layer.name])
        own.apply_constraints(params[position : position + count])
        projections += [f"{layer.name} {weight} ← {constraint!r}"
                        for weight, constraint in own.constraints.items()]
        position += count
    name = type(optimizer).__name__
    rule = (f"w ← w − η ∂C/∂w with η = {lr:g}" if name == "SGD" and not optimizer.momentum
            else f"the {name} rule (see lucidnet.optimizers.{name}), learning rate {lr:g}")
    lines = ["## Update", "", f"{name}: {rule}.", ""]
    if projections:
        lines += [f"Then the constraints, θ ← c(θ): {'; '.join(projections)}.", ""]
    position = 0
    for layer in denses:
        for label, old in zip(("W", "b"), weights[layer.name]):
            new = params[position]
            position += 1
            change = new - old
            if old.size <= max_units * 2:
                pairs = ", ".join(f"{o:.4g} → {n:.4g}" for o, n in zip(old.ravel(), new.ravel()))
                lines.append(f"- {layer.name} {label}{sup(layer.index)}: {pairs}")
            else:
                biggest = np.unravel_index(np.argmax(np.abs(change)), change.shape)
                lines.append(f"- {layer.name} {label}{sup(layer.index)}: {old.size} values, "
                             f"‖Δ‖ = {np.linalg.norm(change):.4g}, largest change "
                             f"{change[biggest]:+.4g} at {tuple(int(i) for i in biggest)}")
    return lines + [""]
