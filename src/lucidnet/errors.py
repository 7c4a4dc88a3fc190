"""Every exception class lucidnet raises, in one place on the ground floor.

This module imports nothing from lucidnet, so any module may import it.  The modules that
raise these errors re-export them under the names they always had
(`lucidnet.io.ModelFileError`, `lucidnet.distributed.LaunchError`,
`lucidnet.datasets.IDXError`, ...), so both import paths name the same class.

One error lives elsewhere: [lucidnet.sklearn.NotFittedError][] is also scikit-learn's
`NotFittedError`, so it is defined beside the scikit-learn estimators, the only code that
may import scikit-learn; it subclasses [`NotReadyError`][lucidnet.NotReadyError] from here.

The one warning every module gives the same way is here too: [`warn_deprecated`][lucidnet.errors.warn_deprecated], for a
spelling that tf.keras 2 had and Keras 3 dropped, which lucidnet still accepts; it and any
other warning meant for the user's line go through [`warn_user`][lucidnet.errors.warn_user].
"""

from __future__ import annotations

import importlib
import os
import sys
import warnings

#: Code in these folders is lucidnet's or the import machinery's rather than the user's.
_NOT_THE_USERS = (os.path.dirname(os.path.abspath(__file__)) + os.sep,
                  os.path.dirname(os.path.abspath(importlib.__file__)) + os.sep)


class NotReadyError(RuntimeError, ValueError):
    """A model was used before the step that makes it usable (compile, build).

    It is a `RuntimeError` as in Keras, and also a `ValueError` so that code catching
    bad-input errors at an API boundary catches it too.
    """


class ArgumentTypeError(TypeError, ValueError):
    """An argument of the wrong type, such as `axis={"axis": -1}` where an integer or a list
    of integers was expected.

    It is a `TypeError`, as Keras raises for these, and also a `ValueError`, the error every
    other refused argument value is, so that either `except` catches it.
    """


class ModelFileError(ValueError):
    """A weights or model file that lucidnet cannot load; the message names the file and
    what is wrong with it.  (A `ValueError`, so code catching bad input catches it.)"""

    def __init__(self, path, problem: str):
        self.path = os.fspath(path)
        self.problem = problem
        super().__init__(f"Cannot load {self.path!r}: {problem}")


class SchemaError(ValueError):
    """The JSON document of a model file does not have the expected shape at `where`
    (checked by [lucidnet.saving.schema][])."""

    def __init__(self, where: str, problem: str):
        self.where = where or "the document"
        super().__init__(f"{self.where} {problem}")


class LaunchError(RuntimeError):
    """Distributed training was asked for in a process that no MPI launcher started."""


class IDXError(ValueError):
    """A file that is not a well-formed IDX file: bad header, wrong size or corrupt gzip."""


class DatasetNotFoundError(FileNotFoundError):
    """A dataset's files are on no folder searched and could not be downloaded."""


class DownloadError(OSError):
    """No mirror served the expected file; the message lists what each one did."""


def warn_deprecated(old: str, modern: str) -> None:
    """A `DeprecationWarning` saying that `old` is deprecated and showing `modern`.

    The warning names the user's line, the first caller outside lucidnet and outside the
    import machinery, whichever lucidnet functions the call went through.  Python shows a
    `DeprecationWarning` by default only when that line is in `__main__` (a script or a
    notebook cell), so it reaches the person who can change the spelling.
    """
    warn_user(f"{old} is deprecated; use {modern}.", DeprecationWarning)


def warn_user(message: str, category: type[Warning] = UserWarning) -> None:
    """`warnings.warn(message, category)` naming the user's line: the first caller outside
    lucidnet and outside the import machinery, whichever lucidnet functions the call went
    through."""
    frame, level = sys._getframe(1), 2  # level 2: the caller of this function
    while frame is not None:
        filename = frame.f_code.co_filename
        # warnings itself skips the frozen import frames without counting them.
        if not ("importlib" in filename and "_bootstrap" in filename):
            if not os.path.abspath(filename).startswith(_NOT_THE_USERS):
                break
            level += 1
        frame = frame.f_back
    warnings.warn(message, category, stacklevel=level)


__all__ = [
    "DatasetNotFoundError",
    "DownloadError",
    "IDXError",
    "LaunchError",
    "ModelFileError",
    "NotReadyError",
    "SchemaError",
    "warn_deprecated",
    "warn_user",
]
