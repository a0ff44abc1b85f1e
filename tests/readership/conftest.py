import pytest
from django.urls import reverse

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
PHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Mobile/15E148"
)


def me_url(listicle):
    return reverse("articles:me", args=[listicle.pk, listicle.slug])


@pytest.fixture
def view():
    """`view(client, listicle, times=1, agent=BROWSER)`: page views as reader.js reports them."""

    def view(client, listicle, times=1, agent=BROWSER):
        for _ in range(times):
            response = client.get(me_url(listicle) + "?view=1", HTTP_USER_AGENT=agent)
            assert response.status_code == 200
        return response

    return view
