"""deploy/gunicorn.conf.py: two app servers on one machine each get their own control socket."""

import os
import runpy
from pathlib import Path

import pytest
from gunicorn.config import Config

CONF = Path(__file__).resolve().parent.parent / "deploy" / "gunicorn.conf.py"


@pytest.fixture(autouse=True)
def _own_environment(monkeypatch):
    """The file sets defaults in the environment: each test gets a copy that is thrown away."""
    monkeypatch.setattr(os, "environ", dict(os.environ))


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


def test_the_app_behind_it_trusts_nginx_on_the_same_machine_one_proxy_deep(monkeypatch):
    monkeypatch.delenv("TRUSTED_PROXIES", raising=False)
    monkeypatch.delenv("TRUSTED_PROXY_COUNT", raising=False)
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    loaded(monkeypatch, "127.0.0.1:8001")
    assert os.environ["TRUSTED_PROXIES"] == "127.0.0.1"
    assert os.environ["TRUSTED_PROXY_COUNT"] == "1"


def test_what_the_environment_says_wins(monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.0/8")
    monkeypatch.setenv("TRUSTED_PROXY_COUNT", "2")
    loaded(monkeypatch, "127.0.0.1:8001")
    assert (os.environ["TRUSTED_PROXIES"], os.environ["TRUSTED_PROXY_COUNT"]) == ("10.0.0.0/8", "2")


def test_a_wildcard_forwarded_allow_ips_trusts_no_forwarded_address(monkeypatch):
    monkeypatch.delenv("TRUSTED_PROXIES", raising=False)
    monkeypatch.delenv("TRUSTED_PROXY_COUNT", raising=False)
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "*")
    loaded(monkeypatch, "127.0.0.1:8001")
    assert "TRUSTED_PROXIES" not in os.environ and "TRUSTED_PROXY_COUNT" not in os.environ


ARENAS_SCRIPT = """
import ctypes, ctypes.util, runpy, sys, threading
if sys.argv[1] == "conf":
    runpy.run_path(sys.argv[2])
held, ready = [], threading.Barrier(8)
def allocate():
    ready.wait()  # all eight at once, each in the C library's malloc for the first time together
    held.append([bytearray(4096) for _ in range(50)])
threads = [threading.Thread(target=allocate) for _ in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
ctypes.CDLL(ctypes.util.find_library("c")).malloc_stats()  # "Arena N:" per arena, on stderr
"""


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="glibc's malloc_stats on Linux")
@pytest.mark.parametrize(("mode", "capped"), [("conf", True), ("bare", False)])
def test_workers_threads_share_at_most_two_malloc_arenas(tmp_path, mode, capped):
    """With the file loaded, eight threads allocating at once share two arenas; without it (the
    same script) glibc gives them more, so the test would see a missing cap."""
    import subprocess
    import sys

    environ = {key: value for key, value in os.environ.items() if key != "MALLOC_ARENA_MAX"}
    environ["GUNICORN_BIND"] = "127.0.0.1:8001"
    environ["XDG_RUNTIME_DIR"] = str(tmp_path)
    done = subprocess.run(  # noqa: S603 - this interpreter and a fixed script
        [sys.executable, "-c", ARENAS_SCRIPT, mode, str(CONF)],
        env=environ,
        capture_output=True,
        text=True,
        check=True,
    )
    arenas = done.stderr.count("Arena ")
    assert arenas >= 1, done.stderr
    assert (arenas <= 2) == capped, done.stderr
