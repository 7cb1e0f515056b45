"""Which thread answers ``POST /v1/infer``: the event loop's with a local book, one worker with a remote one."""

from __future__ import annotations

import asyncio

from starlette.testclient import TestClient

from modelmarket.gateway.app import Reply, build_app


class _Probe:
    """Stands in for ``Gateway.handle``: records whether it ran on a thread with a running event loop."""

    def __init__(self) -> None:
        self.on_loop: list[bool] = []

    def __call__(self, body: bytes, headers: object) -> Reply:
        try:
            asyncio.get_running_loop()
            self.on_loop.append(True)
        except RuntimeError:
            self.on_loop.append(False)
        return Reply(200, b"{}", {"content-type": "application/json"})


def _client(gateway, monkeypatch, *, remote: bool) -> tuple[TestClient, _Probe]:
    probe = _Probe()
    monkeypatch.setattr(gateway, "handle", probe)
    monkeypatch.setattr(type(gateway.gate.store), "remote", remote)
    return TestClient(build_app(gateway, manage_settlement=False)), probe


def test_infer_with_a_local_book_answers_on_the_event_loop_thread(gateway, monkeypatch):
    client, probe = _client(gateway, monkeypatch, remote=False)
    for _ in range(3):
        assert client.post("/v1/infer", content=b"{}").status_code == 200
    assert probe.on_loop == [True, True, True]


def test_infer_with_a_remote_book_answers_on_one_worker_thread(gateway, monkeypatch):
    client, probe = _client(gateway, monkeypatch, remote=True)
    for _ in range(3):
        assert client.post("/v1/infer", content=b"{}").status_code == 200
    assert probe.on_loop == [False, False, False]
