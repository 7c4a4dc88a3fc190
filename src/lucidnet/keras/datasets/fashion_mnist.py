"""`keras.datasets.fashion_mnist`: [lucidnet.datasets.fashion_mnist.load_data][]."""

from ...datasets.fashion_mnist import load_data

__all__ = ["load_data"]
