"""`keras.datasets.boston_housing`: [lucidnet.datasets.boston_housing.load_data][]."""

from ...datasets.boston_housing import load_data

__all__ = ["load_data"]
