"""Datasets laid out like MNIST: four IDX files, images and labels for training and testing.

`train-images-idx3-ubyte` holds uint8 images (N, rows, columns), `train-labels-idx1-ubyte`
the N uint8 labels, and `t10k-…` the same for the test set.  MNIST and Fashion-MNIST both
use this layout, so their modules only declare where their files come from.
"""

from __future__ import annotations

import numpy as np

from .files import DatasetSource, locate
from .idx import IDXError, read_idx

#: split → (images file, labels file), as the files are distributed.
SPLIT_FILES = {
    "train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
}


def load_splits(source: DatasetSource, splits, path=None) -> list[tuple[np.ndarray, np.ndarray]]:
    """`[(images, labels), ...]` for each of `splits` ("train", "test"), found or fetched."""
    names = [name for split in splits for name in SPLIT_FILES[split]]
    paths = locate(source, names, path)
    return [_read_pair(*(paths[name] for name in SPLIT_FILES[split])) for split in splits]


def _read_pair(images_path, labels_path) -> tuple[np.ndarray, np.ndarray]:
    images, labels = read_idx(images_path), read_idx(labels_path)
    if images.dtype != np.uint8 or images.ndim != 3:
        raise IDXError(
            f"{images_path} should hold uint8 images of shape (N, rows, columns), but holds "
            f"{images.dtype} of shape {images.shape}. Hint: are the images and labels files "
            f"swapped?"
        )
    if labels.dtype != np.uint8 or labels.ndim != 1:
        raise IDXError(
            f"{labels_path} should hold uint8 labels of shape (N,), but holds {labels.dtype} "
            f"of shape {labels.shape}."
        )
    if len(images) != len(labels):
        raise IDXError(
            f"{images_path} holds {len(images)} images but {labels_path} holds {len(labels)} "
            f"labels; they must be the two halves of one split."
        )
    return images, labels
