"""Site-wide addresses that browsers ask for on their own."""

import pytest


def test_browsers_asking_for_favicon_ico_get_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"


@pytest.mark.parametrize(
    "url",
    [
        "/search/?q=%00",
        "/?page=1%00",
        "/admin/articles/listicle/?q=%00",
        "/admin/autocomplete/?app_label=articles&model_name=entry&field_name=drama&term=%00",
    ],
)
def test_a_nul_character_in_the_address_is_refused_with_a_reason_not_a_crash(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


def test_ordinary_searches_still_pass_the_nul_check(admin_client):
    assert admin_client.get("/admin/articles/listicle/?q=goblin").status_code == 200
