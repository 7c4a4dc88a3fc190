"""Utilities: one-hot encoding, normalizing, train/test splits, seeding, gradient checking
and ``PyDataset``, the base class of datasets written as a list of batches."""

from ..config import set_random_seed
from .data import normalize, to_categorical, train_test_split
from .gradcheck import GradcheckReport, gradcheck, numerical_gradient, relative_error
from .py_dataset import PyDataset, Sequence

__all__ = ["to_categorical", "normalize", "train_test_split", "set_random_seed", "gradcheck",
           "GradcheckReport", "numerical_gradient", "relative_error", "PyDataset", "Sequence"]
