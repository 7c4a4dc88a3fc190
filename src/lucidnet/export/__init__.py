"""Exporting trained models to other formats: `to_onnx` (needs `lucidnet[onnx]`)."""

from .onnx import to_onnx

__all__ = ["to_onnx"]
