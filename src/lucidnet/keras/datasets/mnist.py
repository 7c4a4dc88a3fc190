"""`keras.datasets.mnist`: [lucidnet.datasets.mnist.load_data][]."""

from ...datasets.mnist import load_data

__all__ = ["load_data"]
