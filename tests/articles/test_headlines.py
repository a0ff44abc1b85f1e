"""Headlines never break inside "K-Drama": the compound is kept on one line, its hyphen a plain one."""

import pytest
from django.template import Context, Template

from tests import factories

pytestmark = pytest.mark.django_db

TITLE = "12 Most Memorable K-Drama Confession Scenes"
KEPT = '<span class="nowrap">K-Drama</span>'


def render(text):
    return Template("{% load headlines %}{{ text|headline }}").render(Context({"text": text}))


def test_short_prefix_compounds_are_kept_whole_and_everything_else_is_escaped():
    assert render(TITLE) == f"12 Most Memorable {KEPT} Confession Scenes"
    assert render("K-Pop & J-Drama: Ji-Eun's pick") == (
        '<span class="nowrap">K-Pop</span> &amp; <span class="nowrap">J-Drama</span>: '
        '<span class="nowrap">Ji-Eun</span>&#x27;s pick'
    )
    assert render("Must-watch moments") == "Must-watch moments"  # longer words may break as usual
    assert render("<b>K-Drama</b>") == f"&lt;b&gt;{KEPT}&lt;/b&gt;"


@pytest.fixture
def article():
    drama = factories.DramaFactory(title="K-Drama Club", slug="k-drama-club")
    listicle = factories.PublishedListicleFactory(title=TITLE)
    listicle.tags.add("k-drama")
    factories.EntryFactory(listicle=listicle, drama=drama, position=0)
    return listicle


@pytest.mark.parametrize(
    ("page", "heading"),
    [
        (
            "home",
            f'<h2 class="card__title"><a href="{{url}}">12 Most Memorable {KEPT} Confession Scenes</a></h2>',
        ),
        ("article", f'<h1 class="article__title">12 Most Memorable {KEPT} Confession Scenes</h1>'),
        ("tag", '<h1 class="listing__title"><span class="nowrap">K-drama</span></h1>'),
        ("drama", f'<h1 class="profile__name">{KEPT} Club</h1>'),
    ],
)
def test_headlines_keep_k_drama_on_one_line_on_every_page(client, article, page, heading):
    path = {
        "home": "/",
        "article": article.get_absolute_url(),
        "tag": "/tag/k-drama/",
        "drama": "/drama/k-drama-club/",
    }
    html = client.get(path[page]).content.decode()

    assert heading.replace("{url}", article.get_absolute_url()) in html
    # What search engines and link previews read keeps the plain words.
    title = html[html.index("<title>") : html.index("</title>")]
    assert "K-" in title and "nowrap" not in title


def test_the_article_page_keeps_entry_headings_and_the_drama_page_its_articles_on_one_line(client, article):
    article_html = client.get(article.get_absolute_url()).content.decode()
    drama_html = client.get("/drama/k-drama-club/").content.decode()

    assert f">{KEPT} Club</a>" in article_html  # the entry's heading, the drama's title
    assert f">12 Most Memorable {KEPT} Confession Scenes</a>" in drama_html
    assert f'"headline": "{TITLE}"' in article_html  # structured data keeps the plain hyphen
