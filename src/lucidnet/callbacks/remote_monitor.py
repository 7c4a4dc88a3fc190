"""Post each epoch's logs to a server over HTTP, as Keras's RemoteMonitor does."""

from __future__ import annotations

import json
import urllib.parse
import warnings

import numpy as np

from ..validation import boolean
from .base import Callback

#: Seconds to wait for the server before giving up on an epoch's post (and warning).
TIMEOUT = 10.0


class RemoteMonitor(Callback):
    """At the end of every epoch, POSTs `{"epoch": epoch, **logs}` to `root + path`.

    The logs go as JSON, either as the body (`send_as_json=True`, with
    `Content-Type: application/json`) or, by default, JSON-encoded in the form field
    `field` of an `application/x-www-form-urlencoded` body, with `headers` added to the
    request.  A server that cannot be reached (or answers with an error) gives a warning,
    not an exception: training goes on.  Uses the standard library's `urllib.request`.

    Parameters
    ----------
    root : str
        The server's address, such as `"http://localhost:9000"`.
    path : str
        The path on the server the logs are posted to.
    field : str
        The form field holding the JSON logs (without `send_as_json`).
    headers : dict, optional
        Extra HTTP headers of the request.
    send_as_json : bool
        Send the logs as a JSON body instead of a form field.
    """

    rank_zero_only = True

    def __init__(self, root="http://localhost:9000", path="/publish/epoch/end/", field="data",
                 headers=None, send_as_json=False):
        super().__init__()
        for name, value in (("root", root), ("path", path), ("field", field)):
            if not isinstance(value, str):
                raise TypeError(f"RemoteMonitor {name} must be a string, got {value!r}.")
        if headers is not None and not (isinstance(headers, dict) and all(
                isinstance(key, str) and isinstance(value, str) for key, value in headers.items())):
            raise TypeError(f"RemoteMonitor headers must be a dict of strings or None, got "
                            f"{headers!r}.")
        scheme = urllib.parse.urlsplit(root).scheme
        if scheme not in ("http", "https"):
            raise ValueError(f"RemoteMonitor root must be an http:// or https:// address, got "
                             f"{root!r}.")
        self.root = root
        self.path = path
        self.field = field
        self.headers = headers
        self.send_as_json = boolean("RemoteMonitor send_as_json", send_as_json)

    def on_epoch_end(self, epoch, logs=None):
        import urllib.error  # here, not at import: urllib.request takes 20 ms to import
        import urllib.request

        send = {"epoch": epoch}
        for key, value in (logs or {}).items():
            if isinstance(value, (np.ndarray, np.generic)):  # a one-value array as its value
                value = value.item() if value.size == 1 else value.tolist()
            send[key] = value
        headers = dict(self.headers or {})
        if self.send_as_json:
            body = json.dumps(send).encode()
            headers.setdefault("Content-Type", "application/json")
        else:
            body = urllib.parse.urlencode({self.field: json.dumps(send)}).encode()
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        request = urllib.request.Request(self.root + self.path, data=body, headers=headers,
                                         method="POST")
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT):
                pass
        except (urllib.error.URLError, OSError, ValueError):
            warnings.warn(f"Could not reach RemoteMonitor root server at {self.root}",
                          stacklevel=2)
