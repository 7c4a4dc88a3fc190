"""`keras.datasets.california_housing`: [lucidnet.datasets.california_housing.load_data][]."""

from ...datasets.california_housing import load_data

__all__ = ["load_data"]
