"""`keras.datasets`: the datasets lucidnet reads as Keras does, each a submodule with
`load_data()` returning `(x_train, y_train), (x_test, y_test)`."""

from . import (boston_housing, california_housing, cifar10, cifar100, fashion_mnist, imdb, mnist,
               reuters)

__all__ = ["mnist", "fashion_mnist", "cifar10", "cifar100", "boston_housing",
           "california_housing", "imdb", "reuters"]
