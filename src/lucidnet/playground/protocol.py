"""The messages between the page and the server, and the checks on every one of them.

The page sends JSON objects over the WebSocket, each with a `type` and, if it likes, an `id`
that the reply repeats:

| type | fields | reply to the sender |
| --- | --- | --- |
| `hello` | | `welcome`: the menus' options and a `state` |
| `play`, `pause`, `step`, `epoch` | | none (every tab gets the next `state`) |
| `reset` | `seed` (optional) | none |
| `configure` | `settings`: {name: value} of [lucidnet.playground.network.Settings][] | none |
| `data` | `options`: {name, noise, train_ratio, seed} | none |
| `trace` | `split` ("train"/"test"), `index`, `check` (optional) | `trace` |
| `code` | | `code`: the Python of the network |
| `save` | | `saved`: the path written |

Every tab receives `state` messages (a [lucidnet.playground.session.Session.snapshot][])
whenever the run changes.  A message that is not JSON, not an object, of an unknown type,
with an unknown or missing field, or whose values the session refuses, gets an `error`
reply naming the fault; it never stops the server.  Nothing a message holds is run as
code or used as a file name.
"""

from __future__ import annotations

import json

#: The largest message the page may send, in characters.
MAX_MESSAGE = 65_536

#: For each type: (required fields, optional fields), beside `type` and `id`.
FIELDS = {
    "hello": ((), ()), "play": ((), ()), "pause": ((), ()), "step": ((), ()),
    "epoch": ((), ()), "reset": ((), ("seed",)), "configure": (("settings",), ()),
    "data": (("options",), ()), "trace": (("split", "index"), ("check",)),
    "code": ((), ()), "save": ((), ()),
}


class ProtocolError(ValueError):
    """A message the server cannot act on; its text is the `error` reply's message."""


def parse(text) -> dict:
    """The checked message of `text`: a JSON object of a known type with its fields.

    Raises
    ------
    ProtocolError
        Naming what is wrong with the message.

    Examples
    --------
    >>> parse('{"type": "step", "id": 3}')
    {'type': 'step', 'id': 3}
    >>> parse('{"type": "fly"}')
    Traceback (most recent call last):
        ...
    lucidnet.playground.protocol.ProtocolError: Unknown message type 'fly'; expected one of code, configure, data, epoch, hello, pause, play, reset, save, step, trace.
    """
    if not isinstance(text, str):
        raise ProtocolError("Messages must be JSON text, got binary data.")
    if len(text) > MAX_MESSAGE:
        raise ProtocolError(f"Message of {len(text):,} characters; the limit is {MAX_MESSAGE:,}.")
    try:
        message = json.loads(text)
    except ValueError as error:
        raise ProtocolError(f"Message is not valid JSON: {error}.") from None
    if not isinstance(message, dict):
        raise ProtocolError(f"A message must be a JSON object, got {type(message).__name__}.")
    kind = message.get("type")
    try:
        return _checked(message, kind)
    except ProtocolError as error:  # the reply still names the request and repeats its id
        error.kind = kind if kind in FIELDS else None
        error.ident = message.get("id") if isinstance(message.get("id"), (int, str)) else None
        raise


def _checked(message: dict, kind) -> dict:
    if kind not in FIELDS:
        raise ProtocolError(f"Unknown message type {kind!r}; expected one of "
                            f"{', '.join(sorted(FIELDS))}.")
    required, optional = FIELDS[kind]
    missing = [name for name in required if name not in message]
    if missing:
        raise ProtocolError(f"A {kind!r} message needs the field {missing[0]!r}.")
    unknown = sorted(set(message) - {"type", "id", *required, *optional})
    if unknown:
        raise ProtocolError(f"A {kind!r} message has no field {unknown[0]!r}; its fields: "
                            f"{', '.join([*required, *optional]) or 'none'}.")
    if "id" in message and not isinstance(message["id"], (int, str)):
        raise ProtocolError("A message's id must be a number or a string.")
    for name in ("settings", "options"):
        if name in message and not isinstance(message[name], dict):
            raise ProtocolError(f"The {name!r} of a {kind!r} message must be an object.")
    return message


def handle(session, text) -> dict | None:
    """Act on one message from the page; the reply to its sender, or None.

    Faults in the message, and values the session refuses, become an `error` reply."""
    kind, ident = None, None
    try:
        message = parse(text)
        kind, ident = message["type"], message.get("id")
        reply = _act(session, message)
    except ProtocolError as error:
        kind, ident = getattr(error, "kind", None), getattr(error, "ident", None)
        reply = {"type": "error", "message": str(error), "request": kind}
    except (ValueError, TypeError) as error:
        reply = {"type": "error", "message": str(error), "request": kind}
    if reply is not None and ident is not None:
        reply["id"] = ident
    return reply


def _act(session, message) -> dict | None:
    kind = message["type"]
    if kind == "hello":
        return {"type": "welcome", "options": session.options(), "state": session.snapshot()}
    if kind in ("play", "pause", "step", "epoch"):
        getattr(session, kind)()
        return None
    if kind == "reset":
        session.reset(message.get("seed"))
    elif kind == "configure":
        session.configure(message["settings"])
    elif kind == "data":
        session.set_data(message["options"])
    elif kind == "trace":
        return {"type": "trace", "trace": session.trace(message["split"], message["index"],
                                                        message.get("check", False))}
    elif kind == "code":
        return {"type": "code", "code": session.code()}
    elif kind == "save":
        return {"type": "saved", "path": session.save()}
    return None


def encode(message: dict) -> str:
    """A message to the page as JSON (non-finite numbers, which JSON lacks, become null)."""
    try:
        return json.dumps(message, separators=(",", ":"), allow_nan=False)
    except ValueError:  # a diverged run: the rare case pays for the walk through the message
        return json.dumps(_finite(message), separators=(",", ":"), allow_nan=False)


def _finite(value):
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    return value
