"""What an editor does with mouse and keyboard in the admin, shared by the browser tests."""

from django.contrib.auth import get_user_model

from accounts.two_factor import must_use_two_factor
from tests.two_factor import authenticator_app, fresh_code

SECOND_STEP = "/accounts/2fa/authenticate/"


def sign_in(page, live_server, username, password):
    """Opens the admin as staff do: the one sign-in page, then, for an account that must use a second
    factor, its authenticator app's code (the app is given to the account here, as a phone would
    have it from the setup page)."""
    user = get_user_model().objects.get(username=username)
    app = authenticator_app(user) if must_use_two_factor(user) else None
    page.goto(live_server.url + "/admin/")
    page.fill("#id_login", username)
    page.fill("#id_password", password)
    page.click("main form [type=submit]")
    if app is not None:
        page.wait_for_url(live_server.url + SECOND_STEP)
        page.fill("#id_code", fresh_code(app))
        page.press("#id_code", "Enter")
    page.wait_for_url(live_server.url + "/admin/")


def drag(page, source, target):
    """Press on the source's title bar, move in small steps above the target, release."""
    source.scroll_into_view_if_needed()
    box = source.bounding_box()
    page.mouse.move(box["x"] + 60, box["y"] + box["height"] / 2)
    page.mouse.down()
    goal = target.bounding_box()
    page.mouse.move(goal["x"] + 60, goal["y"] + goal["height"] / 2, steps=25)
    page.wait_for_timeout(300)
    page.mouse.move(goal["x"] + 60, goal["y"] - 5, steps=10)
    page.mouse.up()
    page.wait_for_timeout(300)
