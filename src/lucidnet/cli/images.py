"""A picture of a handwritten digit or garment → pixels like the training images."""

from __future__ import annotations

import warnings

import numpy as np

from .files import MAX_IMAGE_PIXELS, existing_file


def read_image(path: str, shape, max_pixel: int) -> np.ndarray:
    """The image at `path` as a (height, width) array of 0..max_pixel, like the datasets.

    It is converted to grey, inverted when its background is light (the datasets draw light
    strokes on black), resized to `shape` and scaled to the dataset's pixel range.
    Needs Pillow (`pip install "lucidnet[images]"`).  An image of more than
    `MAX_IMAGE_PIXELS` pixels is refused from its header, before
    it is decoded.
    """
    try:
        from PIL import Image, UnidentifiedImageError
    except ImportError:
        raise ImportError('Reading images needs Pillow: pip install "lucidnet[images]"') from None
    existing_file(path)
    try:
        with warnings.catch_warnings():
            # Pillow warns of, then refuses, huge images; both are a refusal here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise ValueError(f"{path}: an image of {width}x{height} pixels is larger than the "
                                     f"limit of {MAX_IMAGE_PIXELS:,} pixels.")
                grey = image.convert("L")
    except UnidentifiedImageError:
        raise ValueError(f"{path}: not an image format Pillow can read.") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValueError(f"{path}: refused as a possible decompression bomb ({error}).") from None
    except OSError as error:  # Pillow's words for a damaged file do not name it
        raise ValueError(f"{path}: a damaged image ({error}).") from None
    pixels = np.asarray(grey, dtype=np.float64)
    if pixels.mean() > 127:  # dark strokes on a light page
        grey = Image.fromarray((255 - pixels).astype(np.uint8))
    height, width = shape
    resized = np.asarray(grey.resize((width, height), Image.LANCZOS), dtype=np.float64)
    return np.clip(np.rint(resized / 255 * max_pixel), 0, max_pixel)
