"""`keras.datasets.cifar10`: [lucidnet.datasets.cifar10.load_data][]."""

from ...datasets.cifar10 import load_data

__all__ = ["load_data"]
