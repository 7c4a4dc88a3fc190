"""`model.export`: the model written for inference in another runtime, by the exporter that
format registers in `lucidnet.registry.EXPORTERS` (`"onnx"`, from
`lucidnet.export`), after Keras's arguments are checked and translated.
"""

from __future__ import annotations

import os

from ..layers.base import shape_str
from ..registry import EXPORTERS
from ..validation import boolean, optional


def export_model(model, filepath, format="tf_saved_model", verbose=None, input_signature=None,
                 **kwargs):
    """Write `model` to `filepath` in `format`, as Keras's `model.export`; returns
    the path.  A format no exporter is registered for, an `input_signature` (the input
    shape is the model's own, with a dynamic batch axis) and an option other than Keras's
    `opset_version=` are refused, naming what is accepted.
    """
    if not isinstance(format, str) or format.lower() not in EXPORTERS:
        raise ValueError(
            f"model.export format={format!r} is not one lucidnet can write; it exports "
            f"{', '.join(repr(name) for name in EXPORTERS.names())}, e.g. "
            f"model.export(filepath, format=\"onnx\")."
        )
    if input_signature is not None:
        raise ValueError(
            f"model.export input_signature must be None (the model's input shape "
            f"{shape_str(model.input_shape) if model.built else 'once built'} is used, with "
            f"a dynamic batch axis), got {input_signature!r:.80}."
        )
    optional(boolean, "model.export verbose", verbose)
    options = dict(kwargs)
    if "opset_version" in options:
        options["opset"] = options.pop("opset_version")
    if set(options) - {"opset"}:
        raise TypeError(
            f"model.export(format={format!r}) got unexpected options "
            f"{sorted(set(options) - {'opset'})}; it takes opset_version=."
        )
    exporter = EXPORTERS.lookup(format)
    exporter(model, filepath, **options)
    if verbose:
        print(f"Saved artifact at '{os.fspath(filepath)}'.")
    return filepath
