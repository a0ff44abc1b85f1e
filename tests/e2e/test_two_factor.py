"""Two-factor sign-in in a real browser, at desktop and phone width: the demo editor's first visit to
the admin sets up an authenticator app from the QR page (pyotp reading the secret shown), and a
security key is added and used through allauth's own scripts with Chromium's virtual authenticator.
Every page keeps to its Content-Security-Policy and has no serious axe-core violation.

Set E2E_SCREENSHOTS to a folder to keep a screenshot of each step.
"""

import pyotp
import pytest

from newsroom.management.commands.loaddemo import ACCOUNTS
from tests.two_factor import fresh_code

from .conftest import DESKTOP, PHONE, load_demo
from .test_comments import assert_accessible, screenshot
from .test_security_headers import Watch

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EDITOR = next(account for account in ACCOUNTS if account.username == "editor")
SCREENS = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture
def demo(live_server):
    load_demo()


def new_page(browser, screen, live_server):
    context = browser.new_context(**SCREENS[screen])
    page = context.new_page()
    page.set_default_timeout(15_000)
    return Watch(page, live_server)


def submit(page, selector):
    with page.expect_navigation():
        page.click(selector)


def password_step(page, live_server):
    page.goto(live_server.url + "/admin/")
    assert page.url == live_server.url + "/accounts/login/?next=%2Fadmin%2F"
    page.fill("#id_login", EDITOR.username)
    page.fill("#id_password", EDITOR.password)
    submit(page, "main form [type=submit]")


def checked(watch, where):
    assert_accessible(watch.page, where)
    assert watch.violations() == [], where
    assert watch.console == [], where


@pytest.mark.parametrize("screen", SCREENS)
def test_the_demo_editor_sets_up_an_authenticator_app_on_the_first_visit_to_the_admin(
    browser, live_server, demo, screen
):
    watch = new_page(browser, screen, live_server)
    page = watch.page
    password_step(page, live_server)
    assert page.url == live_server.url + "/accounts/2fa/"
    assert "signs in with a second factor" in page.locator(".messages").inner_text()
    screenshot(page, f"two-factor-setup-{screen}")
    checked(watch, "the setup page")

    submit(page, "main a:has-text('Activate')")
    page.fill("#id_password", EDITOR.password)  # allauth asks for the password before a new factor
    submit(page, "main form [type=submit]")
    qr = page.locator("img.account-image--qr")
    assert qr.get_attribute("src").startswith("data:image/svg+xml;base64,")
    assert qr.evaluate("image => image.complete && image.naturalWidth > 0"), "the QR code is drawn"
    screenshot(page, f"two-factor-qr-{screen}")
    checked(watch, "the QR page")

    app = pyotp.TOTP(page.input_value("#authenticator_secret"))
    page.fill("#id_code", "000000" if app.now() != "000000" else "111111")
    submit(page, "main form [type=submit]")
    assert "Incorrect code." in page.inner_text("main")
    first = app.now()
    page.fill("#id_code", first)
    submit(page, "main form [type=submit]")
    assert page.url == live_server.url + "/accounts/2fa/recovery-codes/"
    assert len(page.input_value("#recovery_codes").split()) == 10
    screenshot(page, f"two-factor-recovery-codes-{screen}")
    checked(watch, "the recovery codes")

    submit(page, "text=Continue to the admin")
    assert page.url == live_server.url + "/admin/"

    # Signed out, the password alone no longer opens the admin: the app's next code does.
    submit(page, "#logout-form [type=submit]")
    password_step(page, live_server)
    assert page.url == live_server.url + "/accounts/2fa/authenticate/"
    screenshot(page, f"two-factor-code-{screen}")
    checked(watch, "the code page")
    page.fill("#id_code", fresh_code(app, used={first}))
    submit(page, "main form [type=submit]")
    assert page.url == live_server.url + "/admin/"
    page.context.close()


def test_an_editor_adds_a_security_key_and_signs_in_with_it(browser, live_server, demo):
    watch = new_page(browser, "desktop", live_server)
    page = watch.page
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": False,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    password_step(page, live_server)
    page.goto(live_server.url + "/accounts/2fa/webauthn/add/")
    page.fill("#id_password", EDITOR.password)
    submit(page, "main form [type=submit]")
    page.fill("#id_name", "Desk key")
    submit(page, "#mfa_webauthn_add")
    assert page.url == live_server.url + "/accounts/2fa/recovery-codes/"
    checked(watch, "the key's recovery codes")
    page.goto(live_server.url + "/admin/")
    assert page.url == live_server.url + "/admin/"

    submit(page, "#logout-form [type=submit]")
    password_step(page, live_server)
    assert page.url == live_server.url + "/accounts/2fa/authenticate/"
    submit(page, "#mfa_webauthn_authenticate")
    assert page.url == live_server.url + "/admin/"
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": added["authenticatorId"]})
    assert credentials["credentials"][0]["signCount"] >= 2, "the key signed at setup and at sign-in"
    page.context.close()
