"""Utilities: one-hot encoding, normalizing, splitting data, padding sequences, seeding,
a progress bar, checked downloads (`get_file`), registering custom classes (or lending them
for a block: `custom_object_scope`), Keras's dict form of objects
(`serialize_keras_object`), drawing a model (`plot_model`), gradient checking and
`PyDataset`, the base class of datasets written as a list of batches.
"""

from ..backend import clear_session
from ..config import set_random_seed
from .data import normalize, split_dataset, to_categorical, train_test_split
from .file_utils import get_file
from .gradcheck import GradcheckReport, gradcheck, numerical_gradient, relative_error
from .model_plot import plot_model
from .progbar import Progbar
from .py_dataset import PyDataset, Sequence
from .registration import (CustomObjectScope, custom_object_scope, get_custom_objects,
                           get_registered_name, get_registered_object,
                           register_keras_serializable)
from .sequences import pad_sequences
from .serialization import deserialize_keras_object, serialize_keras_object

__all__ = ["to_categorical", "normalize", "train_test_split", "split_dataset", "pad_sequences",
           "get_file", "plot_model", "set_random_seed", "clear_session", "Progbar", "gradcheck", "GradcheckReport",
           "numerical_gradient", "relative_error", "PyDataset", "Sequence",
           "register_keras_serializable", "get_custom_objects", "get_registered_name",
           "get_registered_object", "custom_object_scope", "CustomObjectScope",
           "serialize_keras_object", "deserialize_keras_object"]
