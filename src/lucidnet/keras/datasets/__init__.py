"""``keras.datasets``: the datasets lucidnet reads as Keras does, each a submodule with
``load_data()`` returning ``(x_train, y_train), (x_test, y_test)``."""

from . import fashion_mnist, mnist

__all__ = ["mnist", "fashion_mnist"]
