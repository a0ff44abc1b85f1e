"""Where an article render goes: cProfile of the demo article page through the test client.

SQLite in a throwaway folder, DEBUG off, every cache bypassed (the cold render). Run with
`python -m bench.profile_article`; prints the top functions by cumulative and own time.
"""

import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

WORKDIR = Path(tempfile.mkdtemp(prefix="soompi-profile-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR / 'profile.sqlite3'}"
os.environ["DEBUG"] = "false"
os.environ.setdefault("SECRET_KEY", "profile-only-" + "x" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ["PAGE_CACHE_SECONDS"] = "0"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "soompi.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402


def main(rounds=200):
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("loaddemo", allow_demo_passwords=True, verbosity=0)
    from articles.models import Listicle

    url = Listicle.objects.get(slug="12-most-memorable-k-drama-confession-scenes").get_absolute_url()
    client = Client()
    for _ in range(20):
        assert client.get(url, secure=True).status_code == 200
    start = time.perf_counter()
    for _ in range(rounds):
        client.get(url, secure=True)
    print(f"{(time.perf_counter() - start) / rounds * 1000:.2f} ms per render, unprofiled")
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(rounds):
        client.get(url, secure=True)
    profile.disable()
    stats = pstats.Stats(profile).strip_dirs()
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(20)


if __name__ == "__main__":
    main()
