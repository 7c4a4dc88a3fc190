"""Small, real learning problems: each asserts the model actually learned."""

import numpy as np

import lucidnet as ln
from lucidnet import Dense, Dropout, Input, Sequential
from lucidnet.datasets import digits


def test_xor_is_learned_by_a_2_4_1_network():
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    y = np.array([0, 1, 1, 0])
    model = Sequential([Input((2,)), Dense(4, activation="tanh"), Dense(1, activation="sigmoid")], seed=3)
    model.compile(optimizer=ln.optimizers.Adam(learning_rate=0.05), loss="binary_crossentropy",
                  metrics=["accuracy"])
    model.fit(x, y, epochs=500, batch_size=4, verbose=0)
    np.testing.assert_array_equal((model.predict(x)[:, 0] > 0.5).astype(int), y)
    assert model.evaluate(x, y, verbose=0)[1] == 1.0


def test_embedded_digits_reach_95_percent_test_accuracy():
    (x_train, y_train), (x_test, y_test) = digits.load_data()
    x_train = x_train.reshape(len(x_train), -1) / digits.MAX_PIXEL
    x_test = x_test.reshape(len(x_test), -1) / digits.MAX_PIXEL
    model = Sequential([Input((64,)), Dense(64, activation="relu"), Dropout(0.1),
                        Dense(10, activation="softmax")], seed=0)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=30, batch_size=32, verbose=0)
    _, accuracy = model.evaluate(x_test, y_test, verbose=0)
    assert accuracy >= 0.95


def test_one_hot_labels_with_categorical_crossentropy_learn_digits_too():
    (x_train, y_train), (x_test, y_test) = digits.load_data()
    x_train = x_train.reshape(len(x_train), -1) / digits.MAX_PIXEL
    x_test = x_test.reshape(len(x_test), -1) / digits.MAX_PIXEL
    model = Sequential([Input((64,)), Dense(32, activation="sigmoid"), Dense(10, activation="softmax")], seed=0)
    model.compile(optimizer=ln.optimizers.SGD(learning_rate=0.5, momentum=0.9),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, ln.utils.to_categorical(y_train, 10), epochs=30, batch_size=32, verbose=0)
    _, accuracy = model.evaluate(x_test, ln.utils.to_categorical(y_test, 10), verbose=0)
    assert accuracy >= 0.93


def test_linear_model_reaches_the_least_squares_solution(rng):
    x = rng.normal(size=(200, 3))
    y = x @ np.array([2.0, -1.0, 0.5]) + 3.0 + rng.normal(scale=0.1, size=200)
    design = np.hstack([x, np.ones((200, 1))])
    w_ls, *_ = np.linalg.lstsq(design, y, rcond=None)

    model = Sequential([Input((3,)), Dense(1)], dtype="float64", seed=0)
    model.compile(optimizer=ln.optimizers.SGD(learning_rate=0.1), loss="mse")
    model.fit(x, y, epochs=300, batch_size=200, verbose=0)  # full-batch gradient descent
    W, b = model.get_weights()
    np.testing.assert_allclose(np.append(W[:, 0], b), w_ls, atol=1e-6)


def test_multi_label_problem_is_learned(rng):
    """Non-exclusive classes: each of 3 sigmoid outputs answers its own yes/no question."""
    x = rng.normal(size=(600, 4))
    y = np.stack([x[:, 0] > 0, x[:, 1] + x[:, 2] > 0, x[:, 3] < -0.3], axis=1).astype(float)
    model = Sequential([Input((4,)), Dense(16, activation="relu"), Dense(3, activation="sigmoid")], seed=0)
    model.compile(optimizer=ln.optimizers.Adam(learning_rate=0.01), loss="binary_crossentropy",
                  metrics=["binary_accuracy"])
    model.fit(x[:500], y[:500], epochs=40, batch_size=32, verbose=0)
    _, accuracy = model.evaluate(x[500:], y[500:], verbose=0)
    assert accuracy >= 0.95
    assert np.any(model.predict(x[500:]).round().sum(axis=1) >= 2)  # several labels at once


def test_regression_of_a_nonlinear_function(rng):
    x = rng.uniform(-2, 2, size=(400, 1))
    y = np.sin(2 * x)
    model = Sequential([Input((1,)), Dense(32, activation="tanh"), Dense(1)], seed=0)
    model.compile(optimizer=ln.optimizers.Adam(learning_rate=0.01), loss="mse", metrics=["mae"])
    model.fit(x, y, epochs=200, batch_size=32, verbose=0)
    assert model.evaluate(x, y, verbose=0)[0] < 0.01
