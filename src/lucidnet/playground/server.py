"""The playground's web server: the page, its static files, the model download, and one
WebSocket per tab, on aiohttp (docs/design.md says why aiohttp).

The server runs its own event loop in its own thread, so that `serve` works the same from
the command line, a script, or a notebook whose kernel already runs a loop.  Each tab's
messages go to [lucidnet.playground.protocol.handle][] on a worker thread (a step must not
hold up the other tabs); each tab has one sender, which writes its replies in order and
then only the newest `state` (a slow tab skips frames instead of queueing them).

Only this machine is served unless a host is named: on a loopback address, a request whose
`Host` is not a loopback name is refused (no DNS rebinding), and a WebSocket whose `Origin`
is not this server's page is refused (no other web site can drive the run).
"""

from __future__ import annotations

import asyncio
import collections
import logging
import threading
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import WSMsgType, web

from . import protocol

STATIC = Path(__file__).with_name("static")
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")
log = logging.getLogger("lucidnet.playground")


class Client:
    """One tab: its socket, the replies still to send and the newest state not yet sent."""

    def __init__(self, socket: web.WebSocketResponse):
        self.socket = socket
        self.replies = collections.deque()
        self.state = None
        self.ready = asyncio.Event()

    def reply(self, text: str) -> None:
        self.replies.append(text)
        self.ready.set()

    def offer_state(self, text: str) -> None:
        self.state = text
        self.ready.set()

    async def send_forever(self) -> None:
        try:
            while not self.socket.closed:
                await self.ready.wait()
                self.ready.clear()
                while self.replies:
                    await self.socket.send_str(self.replies.popleft())
                if self.state is not None:
                    text, self.state = self.state, None
                    await self.socket.send_str(text)
        except ConnectionError:  # the tab went away while a message was on its way
            pass


class Playground:
    """A running playground server.

    Parameters
    ----------
    session : Session
        The run every tab sees.
    host : str
        The address to listen on (`127.0.0.1`: this machine only).
    port : int
        The port; 0 takes a free one (see `url`).
    """

    def __init__(self, session, host: str = "127.0.0.1", port: int = 0):
        self.session = session
        self.host = host
        self.port = port
        self.clients: set[Client] = set()
        self._newest = 0  # the version of the newest state offered
        self._loop = None
        self._runner = None
        self._started = threading.Event()
        self._error = None
        self._thread = threading.Thread(target=self._serve, name="lucidnet-playground-server",
                                        daemon=True)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    def start(self) -> Playground:
        """Listen, and return once the server accepts connections."""
        self._thread.start()
        self._started.wait()
        if self._error is not None:
            raise self._error
        self.session.listeners.append(self._on_state)
        return self

    def stop(self) -> None:
        """Close every tab's socket, stop listening and stop the training thread."""
        if self._on_state in self.session.listeners:
            self.session.listeners.remove(self._on_state)
        if self._loop is not None and self._loop.is_running():
            asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(timeout=10)
            self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self.session.close()

    def wait(self) -> None:
        """Block until the server stops (Ctrl-C interrupts)."""
        self._thread.join()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    # -- the loop's thread ------------------------------------------------------------
    def _serve(self) -> None:
        self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(self._listen())
        except (OSError, RuntimeError) as error:  # the port is taken, the host unknown, ...
            self._error = error
            self._loop.close()
            self._started.set()
            return
        self._started.set()
        self._loop.run_forever()
        self._loop.close()

    async def _listen(self) -> None:
        app = web.Application(middlewares=[self._local_only], client_max_size=protocol.MAX_MESSAGE)
        app.router.add_get("/", self._page)
        app.router.add_get("/ws", self._socket)
        app.router.add_get("/model.lucid", self._model_file)
        app.router.add_static("/static/", STATIC, follow_symlinks=False)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        try:
            await site.start()
        except BaseException:
            await self._runner.cleanup()
            raise
        self.port = self._runner.addresses[0][1]

    async def _shutdown(self) -> None:
        for client in list(self.clients):
            await client.socket.close()
        await self._runner.cleanup()

    @web.middleware
    async def _local_only(self, request, handler):
        if self.host in LOOPBACK and request.host.rsplit(":", 1)[0] not in LOOPBACK:
            raise web.HTTPForbidden(text="This playground serves this machine only.")
        return await handler(request)

    async def _page(self, request):
        return web.FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-store"})

    async def _model_file(self, request):
        body = await asyncio.get_running_loop().run_in_executor(None, self.session.model_file)
        return web.Response(body=body, content_type="application/octet-stream",
                            headers={"Content-Disposition": 'attachment; filename="playground.lucid"'})

    async def _socket(self, request):
        origin = request.headers.get("Origin")
        if origin is not None and urlsplit(origin).netloc != request.host:
            raise web.HTTPForbidden(text="WebSocket from another site refused.")
        # No compression: on this machine it would cost more time than the bytes it saves.
        socket = web.WebSocketResponse(max_msg_size=protocol.MAX_MESSAGE, heartbeat=30,
                                       compress=False)
        await socket.prepare(request)
        client = Client(socket)
        self.clients.add(client)
        sender = asyncio.create_task(client.send_forever())
        loop = asyncio.get_running_loop()
        try:
            async for message in socket:
                if message.type == WSMsgType.TEXT:
                    text = message.data
                elif message.type == WSMsgType.BINARY:
                    text = message.data  # refused by the protocol's check, with a reply
                else:
                    continue
                reply = await loop.run_in_executor(None, self._handle, text)
                if reply is not None:
                    client.reply(reply)
        finally:
            self.clients.discard(client)
            sender.cancel()
        return socket

    def _handle(self, text) -> str | None:
        try:
            reply = protocol.handle(self.session, text)
        except Exception as error:  # a bug must not take the server down: report, go on
            log.exception("playground message failed")
            reply = {"type": "error", "message": f"internal error: {error!r}", "request": None}
        return None if reply is None else protocol.encode(reply)

    def _on_state(self, state) -> None:
        """A listener of the session (any thread): offer the state to every tab."""
        text = protocol.encode({"type": "state", "state": state})
        loop = self._loop
        if loop is not None and loop.is_running():
            loop.call_soon_threadsafe(self._offer, text, state["version"])

    def _offer(self, text: str, version: int) -> None:
        if version <= self._newest:  # a state taken before the one already sent: stale
            return
        self._newest = version
        for client in self.clients:
            client.offer_state(text)
