"""A picture of a handwritten digit or garment → pixels like the training images."""

from __future__ import annotations

import numpy as np


def read_image(path: str, shape, max_pixel: int) -> np.ndarray:
    """The image at ``path`` as a (height, width) array of 0..max_pixel, like the datasets.

    It is converted to grey, inverted when its background is light (the datasets draw light
    strokes on black), resized to ``shape`` and scaled to the dataset's pixel range.
    Needs Pillow (``pip install "lucidnet[images]"``).
    """
    try:
        from PIL import Image, UnidentifiedImageError
    except ImportError:
        raise ImportError('Reading images needs Pillow: pip install "lucidnet[images]"') from None
    try:
        with Image.open(path) as image:
            grey = image.convert("L")
    except UnidentifiedImageError:
        raise ValueError(f"{path}: not an image format Pillow can read.") from None
    pixels = np.asarray(grey, dtype=np.float64)
    if pixels.mean() > 127:  # dark strokes on a light page
        grey = Image.fromarray((255 - pixels).astype(np.uint8))
    height, width = shape
    resized = np.asarray(grey.resize((width, height), Image.LANCZOS), dtype=np.float64)
    return np.clip(np.rint(resized / 255 * max_pixel), 0, max_pixel)
