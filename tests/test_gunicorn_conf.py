"""deploy/gunicorn.conf.py: two app servers on one machine each get their own control socket."""

import runpy
from pathlib import Path

from gunicorn.config import Config

CONF = Path(__file__).resolve().parent.parent / "deploy" / "gunicorn.conf.py"


def loaded(monkeypatch, bind):
    monkeypatch.setenv("GUNICORN_BIND", bind)
    values = runpy.run_path(str(CONF))
    config = Config()
    for name, value in values.items():
        if name in config.settings:
            config.set(name, value)
    return config


def test_two_binds_get_two_control_sockets(monkeypatch):
    first = loaded(monkeypatch, "127.0.0.1:8001")
    second = loaded(monkeypatch, "127.0.0.1:8002")
    assert first.bind == ["127.0.0.1:8001"] and second.bind == ["127.0.0.1:8002"]
    assert first.control_socket != second.control_socket
    assert "8001" in first.control_socket and "8002" in second.control_socket
    assert not first.control_socket_disable


def test_a_unix_socket_bind_gets_its_own_control_socket_too(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    config = loaded(monkeypatch, "unix:/run/soompi/app-a.sock")
    assert config.control_socket == str(tmp_path / "gunicorn-run-soompi-app-a.sock.ctl")
    assert loaded(monkeypatch, "unix:/run/soompi/app-b.sock").control_socket != config.control_socket
