"""Checking every watch link and keeping the result on its row: the periodic task, the command, the
record of failures in a row, the lock."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.utils import timezone

from dramas import link_health
from dramas.link_checker import Outcome
from dramas.models import WatchLink
from dramas.tasks import check_watch_links
from tests import factories
from tests.test_settings import manage

from .link_stub import FakeClock, Stub

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def stub():
    with Stub() as running:
        yield running


@pytest.fixture(autouse=True)
def _quick_checks(settings, stub):
    settings.WATCH_LINK_READ_TIMEOUT = 0.3
    settings.WATCH_LINK_HOST_SPACING = 0
    settings.WATCH_LINK_RETRY_BACKOFF = 0
    settings.WATCH_LINK_BROKEN_AFTER = 2
    stub.log.clear()
    stub.flaky_failures = 2
    cache.delete(link_health.LOCK_KEY)


def link_to(url, **kwargs):
    return factories.WatchLinkFactory(url=url, **kwargs)


def test_the_periodic_task_records_what_each_site_answered(stub):
    links = {
        path: link_to(stub.url(path)) for path in ("/ok", "/moved", "/missing", "/error", "/no-head", "/slow")
    }
    closed = link_to("http://127.0.0.1:18159/" if stub.port != 18159 else "http://127.0.0.1:18158/")

    check_watch_links.delay()

    found = {
        path: WatchLink.objects.values_list("last_status", "final_url", "failures").get(pk=link.pk)
        for path, link in links.items()
    }
    assert found == {
        "/ok": ("200", stub.url("/ok"), 0),
        "/moved": ("200", stub.url("/ok"), 0),
        "/missing": ("404", stub.url("/missing"), 1),
        "/error": ("500", stub.url("/error"), 1),
        "/no-head": ("200", stub.url("/no-head"), 0),
        "/slow": ("timeout", stub.url("/slow"), 1),
    }
    closed.refresh_from_db()
    assert (closed.last_status, closed.failures) == ("refused", 1)
    working = WatchLink.objects.get(pk=links["/ok"].pk)
    assert working.last_checked is not None and working.last_good == working.last_checked
    assert WatchLink.objects.get(pk=links["/missing"].pk).last_good is None


def test_a_link_is_broken_after_failed_checks_in_a_row_and_working_again_after_one_good_one(stub):
    link = link_to(stub.url("/missing"))
    good = link_to(stub.url("/ok"))

    link_health.check_links()
    assert WatchLink.objects.get(pk=link.pk).health == WatchLink.Health.FAILING
    assert list(WatchLink.objects.failing()) == [link] and not WatchLink.objects.broken().exists()

    link_health.check_links()
    link.refresh_from_db()
    assert (link.health, link.failures) == (WatchLink.Health.BROKEN, 2)
    assert list(WatchLink.objects.broken()) == [link]
    assert list(WatchLink.objects.good()) == [good]

    WatchLink.objects.filter(pk=link.pk).update(url=stub.url("/ok"))
    assert WatchLink.objects.get(pk=link.pk).health == WatchLink.Health.UNCHECKED  # edited: unknown
    assert not WatchLink.objects.broken().exists()
    link_health.check_links()
    link.refresh_from_db()
    assert (link.health, link.failures, link.last_status) == (WatchLink.Health.GOOD, 0, "200")
    assert link.last_good == link.last_checked


def test_a_link_that_worked_keeps_when_it_last_worked_while_it_fails(stub):
    link = link_to(stub.url("/ok"))
    link_health.check_links()
    worked = WatchLink.objects.get(pk=link.pk).last_good

    WatchLink.objects.filter(pk=link.pk).update(checked_url=stub.url("/missing"), url=stub.url("/missing"))
    link_health.check_links()

    link.refresh_from_db()
    assert link.last_good == worked and link.last_checked > worked and link.failures == 1


def test_an_address_edited_during_its_check_keeps_no_result_of_the_old_one(stub):
    link = link_to(stub.url("/missing"))
    stale = WatchLink.objects.get(pk=link.pk)
    WatchLink.objects.filter(pk=link.pk).update(url="https://www.viki.com/tv/new-address")

    link_health.keep(stale, Outcome("404", stale.url))

    link.refresh_from_db()
    assert (link.last_checked, link.last_status, link.failures) == (None, "", 0)


def test_links_of_different_hosts_take_turns(stub):
    first = [link_to(stub.url(f"/ok?{n}")) for n in range(3)]
    other = link_to(stub.url("/ok", host="localhost"))

    assert link_health.taking_turns(first + [other]) == [first[0], other, first[1], first[2]]


def test_a_run_spends_the_spacing_one_host_is_owed_on_another(stub, settings):
    settings.WATCH_LINK_HOST_SPACING = 5
    clock = FakeClock()
    for n in range(2):
        link_to(stub.url(f"/ok?{n}"))
        link_to(stub.url(f"/ok?{n}", host="localhost"))

    link_health.check_links(checker=link_health.default_checker(clock=clock, sleep=clock.sleep))

    assert clock.sleeps == [5]  # one wait: the second link of each host follows the other host's


def test_a_second_run_while_one_is_going_does_nothing(stub):
    link = link_to(stub.url("/ok"))
    cache.add(link_health.LOCK_KEY, "another worker", 60)

    assert check_watch_links.delay().get() is None
    with pytest.raises(CommandError, match="Another check of the watch links is running"):
        call_command("check_watch_links")

    assert stub.log == []
    assert WatchLink.objects.get(pk=link.pk).last_checked is None
    assert cache.get(link_health.LOCK_KEY) == "another worker"  # not released by the refused run


def test_the_lock_is_released_after_a_run_even_one_that_failed(stub, monkeypatch):
    link_to(stub.url("/ok"))
    monkeypatch.setattr(link_health, "keep", lambda *args: 1 / 0)

    with pytest.raises(ZeroDivisionError):
        link_health.check_links()
    assert cache.get(link_health.LOCK_KEY) is None


def test_the_command_lists_each_link_with_its_answer_and_the_broken_count(stub, capsys):
    drama = factories.DramaFactory(title="Goblin", slug="goblin")
    link_to(stub.url("/ok"), drama=drama, provider="Viki")
    link_to(stub.url("/missing"), drama=drama, provider="Netflix")
    WatchLink.objects.filter(provider="Netflix").update(
        checked_url=stub.url("/missing"), last_checked=timezone.now() - timedelta(hours=6), failures=1
    )

    call_command("check_watch_links")

    out = capsys.readouterr().out
    assert "Checking 2 watch links…" in out
    assert f"Goblin on Viki: HTTP 200 {stub.url('/ok')}" in out
    assert f"Goblin on Netflix: HTTP 404 {stub.url('/missing')}" in out
    assert "1 working, 1 failed; 1 broken (shown to editors)." in out


def test_the_command_names_a_redirect_target_and_only_checks_the_dramas_asked_for(stub, capsys):
    goblin = factories.DramaFactory(slug="goblin")
    link_to(stub.url("/moved"), drama=goblin)
    link_to(stub.url("/missing"))

    call_command("check_watch_links", "--drama", "goblin")

    out = capsys.readouterr().out
    assert f"HTTP 200 {stub.url('/moved')} → {stub.url('/ok')}" in out
    assert "/missing" not in out and [path for _m, path, _h, _a in stub.log] == ["/moved", "/ok"]


def test_the_command_refuses_an_unknown_drama_by_name(stub):
    factories.DramaFactory(slug="goblin")

    with pytest.raises(CommandError, match=r"--drama: no drama has the slug 'gobln'"):
        call_command("check_watch_links", "--drama", "goblin", "--drama", "gobln")
    assert stub.log == []


def test_a_dry_run_asks_the_sites_and_records_nothing(stub, capsys):
    link = link_to(stub.url("/missing"))

    call_command("check_watch_links", "--dry-run")

    assert "Dry run: nothing was recorded." in capsys.readouterr().out
    assert stub.requests_to("/missing")
    assert WatchLink.objects.get(pk=link.pk).last_checked is None


def test_broken_only_rechecks_the_links_whose_last_check_failed(stub, capsys):
    failed = link_to(stub.url("/missing"))
    link_to(stub.url("/ok"))
    link_to(stub.url("/error"))  # never checked
    WatchLink.objects.filter(pk=failed.pk).update(
        checked_url=failed.url, last_checked=timezone.now(), failures=1
    )

    call_command("check_watch_links", "--broken")

    assert {path for _m, path, _h, _a in stub.log} == {"/missing"}
    assert WatchLink.objects.get(pk=failed.pk).failures == 2


def test_the_command_says_when_there_is_nothing_to_check(capsys):
    call_command("check_watch_links")

    assert capsys.readouterr().out == "No watch links to check.\n"


def test_beat_runs_the_check_periodically(settings):
    from soompi.celery import app

    app.loader.import_default_modules()
    entry = settings.CELERY_BEAT_SCHEDULE["check-watch-links"]
    assert entry["task"] in app.tasks
    assert entry["schedule"] == timedelta(hours=settings.WATCH_LINK_CHECK_HOURS)


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("WATCH_LINK_READ_TIMEOUT", "10s", "WATCH_LINK_READ_TIMEOUT='10s' is not a number, e.g. 10."),
        ("WATCH_LINK_CONNECT_TIMEOUT", "0", "WATCH_LINK_CONNECT_TIMEOUT='0' must be at least 0.1."),
        ("WATCH_LINK_BROKEN_AFTER", "0", "WATCH_LINK_BROKEN_AFTER='0' must be at least 1."),
        ("WATCH_LINK_CHECK_HOURS", "0", "WATCH_LINK_CHECK_HOURS='0' must be at least 0.25."),
        (
            "WATCH_LINK_MAX_REDIRECTS",
            "five",
            "WATCH_LINK_MAX_REDIRECTS='five' is not a whole number, e.g. 5.",
        ),
    ],
)
def test_a_bad_link_check_setting_stops_the_app_naming_it(variable, value, says):
    result = manage("check", **{variable: value})

    assert result.returncode != 0 and says in result.stderr


def test_link_check_and_utm_settings_follow_the_environment():
    show = (
        "from django.conf import settings as s; print(s.WATCH_LINK_HOST_SPACING, s.WATCH_UTM_SOURCE, "
        "s.WATCH_UTM_MEDIUM, s.CELERY_BEAT_SCHEDULE['check-watch-links']['schedule'])"
    )
    result = manage(
        "shell",
        "-c",
        show,
        WATCH_LINK_HOST_SPACING="0.5",
        WATCH_UTM_SOURCE="soompi-news",
        WATCH_UTM_MEDIUM="",
        WATCH_LINK_CHECK_HOURS="12",
    )

    assert result.stdout.splitlines()[-1] == "0.5 soompi-news referral 12:00:00"
