"""The version of lucidnet, on the ground floor.

Modules that record it (weights and model files, the ONNX producer, the download user agent,
`lucidnet --version`) import it from here rather than from the package face above them;
`lucidnet.__version__` re-exports it and the build reads it from here (pyproject.toml).
"""

__version__ = "0.1.0"
