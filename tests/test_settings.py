"""Production settings refuse to start without a real secret and pass Django's deploy checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("secret", [None, "short", "django-insecure-" + "x" * 60])
def test_production_refuses_to_start_without_a_real_secret_key(secret):
    env = {"DEBUG": "false"}
    if secret is not None:
        env["SECRET_KEY"] = secret
    result = manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def deploy_check(**env):
    """`check --deploy` as production runs it, failing on warnings."""
    return manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(60),
        **env,
    )


def test_production_settings_pass_the_deploy_checks():
    result = deploy_check(
        ALLOWED_HOSTS="soompi.example",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/soompi",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_deploy_checks_name_sqlite_a_missing_redis_and_any_host():
    result = deploy_check(ALLOWED_HOSTS="*", DATABASE_URL="sqlite:///db.sqlite3", REDIS_URL="")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "(soompi.W001) The database is SQLite" in output
    assert "(soompi.W002) REDIS_URL is not set" in output
    assert "(soompi.W003) ALLOWED_HOSTS accepts any host name" in output


def test_development_needs_no_environment_at_all():
    result = manage("check")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("value", ["0", "false", "False", "no", "off"])
def test_debug_is_off_for_every_usual_false_value(value):
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        DEBUG=value,
        SECRET_KEY=secrets.token_urlsafe(60),
    )
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr


@pytest.mark.parametrize("value", ["1", "true", "True", "yes", "on"])
def test_debug_is_on_for_every_usual_true_value(value):
    result = manage("shell", "-c", "from django.conf import settings; print(settings.DEBUG)", DEBUG=value)
    assert result.stdout.strip().splitlines()[-1] == "True", result.stderr


@pytest.mark.parametrize("value", ["flase", "production", "2", "nope"])
def test_an_unknown_debug_value_stops_the_app_naming_debug(value):
    """A typo must not switch debug pages on."""
    result = manage("check", DEBUG=value, SECRET_KEY=secrets.token_urlsafe(60))
    assert result.returncode != 0
    assert f"DEBUG={value!r} is neither true nor false" in result.stderr
    assert "use one of 1, true, yes, on or 0, false, no, off." in result.stderr


def test_the_newsroom_time_zone_defaults_to_seoul_and_follows_time_zone():
    show = "from django.conf import settings; print(settings.TIME_ZONE)"
    assert manage("shell", "-c", show).stdout.strip().splitlines()[-1] == "Asia/Seoul"
    chosen = manage("shell", "-c", show, TIME_ZONE="Europe/London")
    assert chosen.stdout.strip().splitlines()[-1] == "Europe/London", chosen.stderr


def test_an_unknown_time_zone_stops_the_app_naming_the_variable():
    result = manage("check", TIME_ZONE="Mars/Olympus")
    assert result.returncode != 0
    assert "TIME_ZONE='Mars/Olympus' is not a time zone name" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("PAGE_CACHE_SECONDS", "10s", "PAGE_CACHE_SECONDS='10s' is not a whole number, e.g. 10."),
        ("COMMENT_THREADS_PER_PAGE", "0", "COMMENT_THREADS_PER_PAGE='0' must be at least 1."),
        ("MAX_BODY_SIZE", "-1", "MAX_BODY_SIZE='-1' must be at least 0."),
        ("FRONTEND_CACHE_TIMEOUT", "soon", "FRONTEND_CACHE_TIMEOUT='soon' is not a number, e.g. 5."),
        ("FRONTEND_CACHE_REPEAT_SECONDS", "nan", "FRONTEND_CACHE_REPEAT_SECONDS='nan' must be at least 0."),
        ("STAFF_SESSION_HOURS", "0", "STAFF_SESSION_HOURS='0' must be at least 1."),
        ("STAFF_SESSION_HOURS", "9h", "STAFF_SESSION_HOURS='9h' is not a whole number, e.g. 9."),
    ],
)
def test_a_bad_number_stops_the_app_naming_the_variable(variable, value, says):
    result = manage("check", **{variable: value})
    assert result.returncode != 0
    assert says in result.stderr
    assert "ValueError" not in result.stderr


def test_numbers_are_read_from_the_environment_and_blank_means_the_default():
    show = "from django.conf import settings as s; print(s.COMMENT_THREADS_PER_PAGE, s.PAGE_CACHE_SECONDS)"
    result = manage("shell", "-c", show, COMMENTS_PER_PAGE="7", PAGE_CACHE_SECONDS=" ")
    assert result.stdout.splitlines()[-1].split() == ["7", "10"]


def test_two_factor_settings_follow_the_environment_and_production_takes_only_https_keys():
    show = (
        "from django.conf import settings as s; "
        "print(s.STAFF_MFA_REQUIRED_FOR_ALL, s.STAFF_SESSION_HOURS, s.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN)"
    )
    assert manage("shell", "-c", show).stdout.splitlines()[-1].split() == ["False", "9", "True"]
    production = manage(
        "shell",
        "-c",
        show,
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(60),
        STAFF_MFA_REQUIRED_FOR_ALL="yes",
        STAFF_SESSION_HOURS="8",
    )
    assert production.stdout.splitlines()[-1].split() == ["True", "8", "False"], production.stderr
    typo = manage("check", STAFF_MFA_REQUIRED_FOR_ALL="ture")
    assert (
        typo.returncode != 0 and "STAFF_MFA_REQUIRED_FOR_ALL='ture' is neither true nor false" in typo.stderr
    )


def test_email_file_path_writes_every_message_into_that_folder(tmp_path):
    send = (
        "from django.core.mail import send_mail; from django.conf import settings; "
        "send_mail('Hello', 'Body', None, ['mina@example.com']); print(settings.EMAIL_BACKEND)"
    )
    result = manage("shell", "-c", send, EMAIL_FILE_PATH=str(tmp_path))
    assert result.stdout.strip().splitlines()[-1] == "django.core.mail.backends.filebased.EmailBackend"
    [message] = [path.read_text() for path in tmp_path.iterdir()]
    assert "To: mina@example.com" in message
    assert "Subject: Hello" in message


def test_every_environment_variable_the_settings_read_is_in_the_readmes_configuration_table():
    import re

    source = (ROOT / "soompi" / "settings.py").read_text()
    read = set(re.findall(r'os\.environ(?:\.get)?[\(\[]"([A-Z_]+)"', source))
    read |= set(re.findall(r'\benv\w*\("([A-Z_]+)"', source))
    readme = (ROOT / "README.md").read_text()
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`([A-Z][A-Z_]+)`", table))
    assert len(read) > 30, "the settings' variables were found"
    assert sorted(read - documented) == []


def test_postgresql_prepares_repeated_queries_unless_told_not_to():
    show = (
        "from django.conf import settings as s; o = s.DATABASES['default']['OPTIONS']; "
        "print(o['server_side_binding'], o['prepare_threshold'])"
    )
    postgres = {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/soompi"}

    default = manage("shell", "-c", show, **postgres)
    off = manage("shell", "-c", show, DATABASE_PREPARED_STATEMENTS="false", **postgres)
    typo = manage("check", DATABASE_PREPARED_STATEMENTS="nope", **postgres)

    assert default.stdout.splitlines()[-1] == "True 5", default.stderr
    assert off.stdout.splitlines()[-1] == "True None", off.stderr
    assert typo.returncode != 0
    assert "DATABASE_PREPARED_STATEMENTS='nope' is neither true nor false" in typo.stderr
