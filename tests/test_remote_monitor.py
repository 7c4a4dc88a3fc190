"""RemoteMonitor posts each epoch's logs to a local HTTP server, and warns when none answers."""

import json
import socket
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

import numpy as np
import pytest

from lucidnet import Dense, Input, Sequential
from lucidnet.callbacks import RemoteMonitor


class Recorder(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((self.path, dict(self.headers), body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture
def server():
    httpd = HTTPServer(("127.0.0.1", 0), Recorder)
    httpd.received = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def fit_with(callback, epochs=2):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(20, 3))
    y = (x[:, 0] > 0).astype(int)
    model = Sequential([Input((3,)), Dense(2, activation="softmax")], seed=0)
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model.fit(x, y, epochs=epochs, verbose=0, callbacks=[callback])


def test_each_epoch_is_posted_as_json_in_the_form_field(server):
    root = f"http://127.0.0.1:{server.server_port}"
    history = fit_with(RemoteMonitor(root=root, headers={"X-Run": "7"}))
    assert len(server.received) == 2
    for epoch, (path, headers, body) in enumerate(server.received):
        assert path == "/publish/epoch/end/" and headers["X-Run"] == "7"
        assert headers["Content-Type"] == "application/x-www-form-urlencoded"
        sent = json.loads(urllib.parse.parse_qs(body.decode())["data"][0])
        assert sent == {"epoch": epoch, **{key: values[epoch]
                                           for key, values in history.history.items()}}


def test_send_as_json_posts_the_logs_as_the_body(server):
    root = f"http://127.0.0.1:{server.server_port}"
    fit_with(RemoteMonitor(root=root, path="/logs", send_as_json=True), epochs=1)
    (path, headers, body), = server.received
    assert path == "/logs" and headers["Content-Type"] == "application/json"
    sent = json.loads(body)
    assert sent["epoch"] == 0 and set(sent) == {"epoch", "loss", "accuracy"}


def test_an_unreachable_server_warns_and_training_goes_on():
    with socket.socket() as probe:  # a port nothing listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.warns(UserWarning, match=f"Could not reach RemoteMonitor root server at "
                                         f"http://127.0.0.1:{port}"):
        history = fit_with(RemoteMonitor(root=f"http://127.0.0.1:{port}"))
    assert len(history.history["loss"]) == 2


@pytest.mark.parametrize("arguments, error, message", [
    ({"root": "ftp://example.org"}, ValueError, "RemoteMonitor root must be an http:// or https:// address, got 'ftp://example.org'"),
    ({"headers": {"X": 1}}, TypeError, r"RemoteMonitor headers must be a dict of strings or None, got \{'X': 1\}"),
    ({"send_as_json": "yes"}, ValueError, "RemoteMonitor send_as_json must be True or False, got 'yes'"),
    ({"path": 3}, TypeError, "RemoteMonitor path must be a string, got 3"),
])
def test_bad_arguments_are_refused(arguments, error, message):
    with pytest.raises(error, match=message):
        RemoteMonitor(**arguments)
