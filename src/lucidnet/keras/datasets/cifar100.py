"""`keras.datasets.cifar100`: [lucidnet.datasets.cifar100.load_data][]."""

from ...datasets.cifar100 import load_data

__all__ = ["load_data"]
