"""``keras.datasets.cifar100``: :func:`lucidnet.datasets.cifar100.load_data`."""

from ...datasets.cifar100 import load_data

__all__ = ["load_data"]
