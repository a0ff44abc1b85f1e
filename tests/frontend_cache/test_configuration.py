"""The system check that names a half-configured backend, and `manage.py purge_pages`."""

import pytest
from django.core.management import CommandError, call_command

from frontend_cache.checks import frontend_cache_configured


def ids(settings, **values):
    for name, value in values.items():
        setattr(settings, name, value)
    return sorted((type(m).__name__, m.id, m.msg) for m in frontend_cache_configured())


def test_no_backend_and_no_variables_is_fine(settings):
    assert ids(settings, FRONTEND_CACHE_BACKENDS=[]) == []


def test_a_chosen_backend_missing_its_variables_is_an_error_naming_them(settings):
    problems = ids(
        settings, FRONTEND_CACHE_BACKENDS=["nginx", "cloudflare", "fastly"], CLOUDFLARE_ZONE_ID="z"
    )
    assert [(kind, id_) for kind, id_, _ in problems] == [("Error", "frontend_cache.E002")] * 3
    messages = " ".join(msg for *_, msg in problems)
    assert "FRONTEND_CACHE_NGINX_CACHE_DIR or FRONTEND_CACHE_NGINX_URL is not set" in messages
    assert "CLOUDFLARE_API_TOKEN is not set" in messages
    assert "FASTLY_SERVICE_ID, FASTLY_API_KEY is not set" in messages


def test_half_the_credentials_of_a_backend_nobody_chose_is_still_an_error(settings):
    (problem,) = ids(settings, FRONTEND_CACHE_BACKENDS=[], FASTLY_API_KEY="k")
    assert problem[:2] == ("Error", "frontend_cache.E003")
    assert "FASTLY_API_KEY is set without FASTLY_SERVICE_ID" in problem[2]


def test_an_unknown_backend_is_an_error(settings):
    (problem,) = ids(settings, FRONTEND_CACHE_BACKENDS=["varnish"])
    assert problem[:2] == ("Error", "frontend_cache.E001")


def test_credentials_for_a_backend_not_chosen_are_a_warning(settings):
    (problem,) = ids(settings, FRONTEND_CACHE_BACKENDS=[], CLOUDFLARE_ZONE_ID="z", CLOUDFLARE_API_TOKEN="t")
    assert problem[:2] == ("Warning", "frontend_cache.W001")


def test_a_missing_cache_folder_is_a_warning(settings, tmp_path):
    (problem,) = ids(
        settings, FRONTEND_CACHE_BACKENDS=["nginx"], FRONTEND_CACHE_NGINX_CACHE_DIR=str(tmp_path / "nowhere")
    )
    assert problem[:2] == ("Warning", "frontend_cache.W002")


def test_a_base_url_that_is_not_an_address_is_an_error(settings, tmp_path):
    (problem,) = ids(
        settings,
        FRONTEND_CACHE_BACKENDS=["nginx"],
        FRONTEND_CACHE_NGINX_CACHE_DIR=str(tmp_path),
        FRONTEND_CACHE_BASE_URLS=["www.example.com"],
    )
    assert problem[:2] == ("Error", "frontend_cache.E004")


def test_a_complete_configuration_passes(settings, tmp_path):
    assert (
        ids(
            settings,
            FRONTEND_CACHE_BACKENDS=["nginx", "cloudflare"],
            FRONTEND_CACHE_NGINX_CACHE_DIR=str(tmp_path),
            CLOUDFLARE_ZONE_ID="z",
            CLOUDFLARE_API_TOKEN="t",
        )
        == []
    )


@pytest.fixture
def cloudflare(site, stub):
    site.FRONTEND_CACHE_BACKENDS = ["cloudflare"]
    site.CLOUDFLARE_ZONE_ID, site.CLOUDFLARE_API_TOKEN = "zone", "token"
    site.CLOUDFLARE_API_URL = stub.url
    return stub


def test_purge_pages_purges_everything(cloudflare, capsys):
    call_command("purge_pages")
    (request,) = cloudflare.requests
    assert request.json() == {"purge_everything": True}
    assert "Purged every page from cloudflare." in capsys.readouterr().out


def test_purge_pages_purges_the_given_paths_and_urls(cloudflare, capsys):
    call_command("purge_pages", "--path", "/article/1/a/", "--path", "https://m.example.com/")
    (request,) = cloudflare.requests
    assert request.json() == {"files": ["https://m.example.com/", "https://www.example.com/article/1/a/"]}
    assert "Purged 2 address(es) from cloudflare." in capsys.readouterr().out


def test_purge_pages_without_a_backend_says_what_to_set(settings):
    settings.FRONTEND_CACHE_BACKENDS = []
    with pytest.raises(CommandError, match="set FRONTEND_CACHE_BACKENDS"):
        call_command("purge_pages")


def test_purge_pages_refuses_a_path_without_its_slash(cloudflare):
    with pytest.raises(CommandError, match="'article/1/a/' is neither a path starting with / nor an http"):
        call_command("purge_pages", "--path", "article/1/a/")
    assert cloudflare.requests == []


def test_purge_pages_fails_naming_what_the_cache_refused(cloudflare):
    cloudflare.answers = [(403, b'{"success": false, "errors": [{"message": "Authentication error"}]}')]
    with pytest.raises(CommandError, match="Cloudflare answered 403: Authentication error"):
        call_command("purge_pages")
