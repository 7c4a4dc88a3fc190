"""What the page's views draw, computed from the live model: each neuron's activation over
the input plane, the decision boundary or regression curve, the weights, the loss and
accuracy of each part, and the spread of each layer's activations.

Every function here reads the model (one forward pass in inference mode, through the same
`layer.forward` that training runs) and changes nothing of it; the session calls them with
its lock held, between two training steps.
"""

from __future__ import annotations

import numpy as np

from ..layers import Dense
from .datasets import EXTENT

#: Samples per side of each neuron's small heat map, and of the decision boundary.
NEURON_GRID = 20
BOUNDARY_GRID = 50
#: Points on the regression curve, and bins of an activation histogram.
CURVE_POINTS = 100
HISTOGRAM_BINS = 24


def rounded(array, digits: int = 4) -> list:
    """`array` as nested lists of floats with `digits` decimals (what the page draws)."""
    return np.round(np.asarray(array, dtype=np.float64), digits).tolist()


def layer_outputs(model, x) -> list:
    """The output of every layer of `model` on `x` (inference mode), first the input."""
    outputs = [np.asarray(x, dtype=model.dtype)]
    for layer in model.flat_layers:
        outputs.append(np.asarray(layer.forward(outputs[-1], training=False)))
    return outputs


def dense_activations(model, x) -> list:
    """aˡ of every Dense layer on `x`, the inputs first: the neurons the diagram draws."""
    outputs = layer_outputs(model, x)
    return [outputs[0]] + [a for layer, a in zip(model.flat_layers, outputs[1:])
                           if isinstance(layer, Dense)]


def plane(samples: int, features: int) -> np.ndarray:
    """Points of the square (or segment) [-EXTENT, EXTENT]^features, row by row from the top."""
    ticks = np.linspace(-EXTENT, EXTENT, samples)
    if features == 1:
        return ticks[:, None]
    x1, x2 = np.meshgrid(ticks, ticks[::-1])
    return np.stack([x1.ravel(), x2.ravel()], axis=1)


def neuron_maps(model, features: int) -> list:
    """For one- or two-feature data: per layer (inputs first), per neuron, its activation
    over the plane, a `NEURON_GRID`² (or `NEURON_GRID`-long) grid of numbers."""
    grid = plane(NEURON_GRID, features)
    return [[rounded(a[:, unit], 3) for unit in range(a.shape[1])]
            for a in dense_activations(model, grid)]


def boundary(model, data) -> dict:
    """The decision boundary (the output over the plane) or the regression curve."""
    if data.num_features == 1:
        x = plane(CURVE_POINTS, 1)
        y = layer_outputs(model, x)[-1][:, 0]
        return {"kind": "curve", "x": rounded(x[:, 0]), "y": rounded(y)}
    if data.num_features != 2:
        return {"kind": "none"}
    a = layer_outputs(model, plane(BOUNDARY_GRID, 2))[-1]
    values = a[:, 0] if a.shape[1] == 1 else np.argmax(a, axis=1) / max(a.shape[1] - 1, 1)
    return {"kind": "map", "size": BOUNDARY_GRID, "values": rounded(values, 3)}


def weights(model) -> list:
    """[{"name", "W", "b"}] for every Dense layer."""
    rows = []
    for layer in model.flat_layers:
        if isinstance(layer, Dense):
            kernel, *rest = layer.get_weights()
            rows.append({"name": layer.name, "W": rounded(kernel),
                         "b": rounded(rest[0]) if rest else None,
                         "activation": layer.activation.name})
    return rows


def scores(model, x, y) -> dict:
    """The loss C (with the weight penalties) and, for classification, the accuracy."""
    if len(x) == 0:
        return {"loss": None, "accuracy": None}
    x, y, weight = model.prepare_data(x, y)
    a = layer_outputs(model, x)[-1]
    loss = float(model.loss(y, a, weight) + model.regularization_loss())
    accuracy = None
    if model.metrics_names[1:]:
        predicted = (a[:, 0] > 0.5) if a.shape[1] == 1 else np.argmax(a, axis=1)
        truth = np.asarray(y).reshape(len(a), -1)
        truth = truth[:, 0] if truth.shape[1] == 1 else np.argmax(truth, axis=1)
        accuracy = float(np.mean(predicted == truth))
    return {"loss": loss if np.isfinite(loss) else None, "accuracy": accuracy}


def distributions(model, x) -> list:
    """Per Dense layer, a histogram of its activations over the examples `x`."""
    rows = []
    for a in dense_activations(model, x)[1:]:
        values = a[np.isfinite(a)]
        low, high = (float(values.min()), float(values.max())) if values.size else (0.0, 1.0)
        if high - low < 1e-9:
            low, high = low - 0.5, high + 0.5
        counts, _ = np.histogram(values, bins=HISTOGRAM_BINS, range=(low, high))
        rows.append({"range": [low, high], "counts": counts.tolist()})
    return rows


def spreads(model, x) -> list:
    """Per Dense layer, the 10th, 50th and 90th percentiles of its activations over `x`:
    the band the activation chart draws over time."""
    return [np.percentile(a, [10, 50, 90]).tolist() if np.isfinite(a).all() else None
            for a in dense_activations(model, x)[1:]]


def gradient_norms(model) -> list:
    """‖∂C/∂Wˡ‖ (Frobenius) of every Dense layer, from the last backward pass."""
    norms = []
    for layer in model.flat_layers:
        if isinstance(layer, Dense):
            grads = layer.grads
            norms.append(float(np.linalg.norm(grads[0])) if grads else 0.0)
    return norms


def trace_record(model, x, y, check: bool) -> dict:
    """[lucidnet.inspection.trace][] of one example, as the trace panel shows it: per layer
    each quantity's numbers (full precision) and the equation that produced it."""
    record = model.trace(x, y, check=check)
    layers = []
    for layer in record.layers:
        quantities = [{"label": label, "key": key, "equation": equation,
                       "values": np.asarray(array, dtype=np.float64).tolist(),
                       "check": layer.check.get(key)}
                      for (label, array, equation), key in zip(layer.quantities(), _keys(layer))]
        layers.append({"index": layer.index, "name": layer.name, "kind": layer.kind,
                       "activation": layer.activation, "quantities": quantities})
    return {"loss": record.loss, "loss_name": record.loss_name, "layers": layers}


def _keys(layer) -> list:
    pairs = [("z", layer.z), ("a", layer.a), ("delta", layer.delta), ("grad_b", layer.grad_b),
             ("grad_W", layer.grad_W)]
    return [key for key, array in pairs if array is not None]
