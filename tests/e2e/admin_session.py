"""What an editor does with mouse and keyboard in the admin, shared by the browser tests."""


def sign_in(page, live_server, username, password):
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
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
