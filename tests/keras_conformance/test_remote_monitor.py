"""Keras's RemoteMonitor cases (`keras/src/callbacks/remote_monitor_test.py`).

Keras's cases replace `requests.post` with a mock and compare the JSON it was given;
lucidnet posts with the standard library, so here `urllib.request.urlopen` is replaced by a
recorder and the request's JSON body is compared.
"""

import json
import socket
import urllib.request
import warnings

import numpy as np
import pytest

from lucidnet import keras

callbacks = keras.callbacks


@pytest.fixture
def posted(monkeypatch):
    """The (url, json body, headers) of every request RemoteMonitor sends."""
    sent = []

    class Answer:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def record(request, timeout=None):
        sent.append((request.full_url, json.loads(request.data), dict(request.header_items())))
        return Answer()

    monkeypatch.setattr(urllib.request, "urlopen", record)
    return sent


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# keras: callbacks/remote_monitor_test.py::TerminateOnNaNTest::test_RemoteMonitor
def test_remote_monitor_warns_when_the_server_cannot_be_reached():
    monitor = callbacks.RemoteMonitor(root=f"http://127.0.0.1:{closed_port()}")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        monitor.on_epoch_end(0, logs={"loss": 0.0})
    assert "Could not reach RemoteMonitor root server" in str(caught[-1].message)


# keras: callbacks/remote_monitor_test.py::TerminateOnNaNTest::test_RemoteMonitor_np_array
# keras: callbacks/remote_monitor_test.py::TerminateOnNaNTest::test_RemoteMonitor_np_float32
@pytest.mark.parametrize("value, sent", [(np.arange(1), 0), (np.float32(1.0), 1.0)],
                         ids=["np_array", "np_float32"])
def test_remote_monitor_sends_numpy_values_as_numbers(posted, value, sent):
    monitor = callbacks.RemoteMonitor(send_as_json=True)
    monitor.on_epoch_end(0, logs={"loss": 0.0, "val": value})
    assert len(posted) == 1
    url, body, _ = posted[0]
    assert url == monitor.root + monitor.path
    assert body == {"loss": 0.0, "epoch": 0, "val": sent}


# keras: callbacks/remote_monitor_test.py::TerminateOnNaNTest::test_RemoteMonitorWithJsonPayload
def test_remote_monitor_with_json_payload(posted):
    rng = np.random.default_rng(1337)
    x_train, x_test = rng.random((10, 3)), rng.random((10, 3))
    y_train = keras.utils.to_categorical(rng.choice(2, size=10), 2)
    y_test = keras.utils.to_categorical(rng.choice(2, size=10), 2)
    model = keras.Sequential([keras.layers.Dense(2)])
    model.compile(loss="mean_squared_error", optimizer="sgd")
    monitor = callbacks.RemoteMonitor(send_as_json=True)
    history = model.fit(x_train, y_train, batch_size=4, validation_data=(x_test, y_test),
                        callbacks=[monitor], epochs=1, verbose=0)
    assert len(posted) == 1
    url, body, headers = posted[0]
    assert url == monitor.root + monitor.path
    assert body == {"epoch": 0, "loss": history.history["loss"][0],
                    "val_loss": history.history["val_loss"][0]}
    assert headers["Content-type"] == "application/json"
