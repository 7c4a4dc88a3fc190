"""Exceptions specific to lucidnet."""


class NotReadyError(RuntimeError, ValueError):
    """A model was used before the step that makes it usable (compile, build).

    It is a ``RuntimeError`` as in Keras, and also a ``ValueError`` so that code catching
    bad-input errors at an API boundary catches it too.
    """
