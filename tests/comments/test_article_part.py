"""What the comments add to an article's pages through `articles.reader_parts`, and what they leave
off when an editor closes them on an article: the section, the byline's count, the script, the
`comment` confirm step, their part of `me`, and the listings' count."""

from django.test import Client
from django.urls import reverse

from comments.models import CommentStatus
from tests import factories
from tests.reader_posts import confirm_url, me


def page(client, listicle):
    response = client.get(listicle.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_an_article_with_comments_open_shows_them_their_count_and_their_script(db):
    listicle = factories.PublishedListicleFactory()
    factories.CommentFactory(listicle=listicle, body="First!")
    factories.CommentFactory(listicle=listicle, body="Held back.", status=CommentStatus.PENDING)

    html = page(Client(), listicle)

    assert 'id="comments"' in html and "First!" in html and "Held back." not in html
    assert "data-comment-total-label>1 comment</a>" in html
    assert "/static/js/comments.js" in html


def test_an_article_with_comments_closed_shows_nothing_of_them_and_takes_none(reader):
    listicle = factories.PublishedListicleFactory(allow_comments=False)
    factories.CommentFactory(listicle=listicle, body="Said before they closed.")
    client = Client()
    client.force_login(reader)

    html = page(client, listicle)

    assert 'id="comments"' not in html and "Said before they closed." not in html
    assert "data-comment-total-label" not in html
    assert "/static/js/comments.js" not in html
    assert me(client, listicle)["comments"] is None
    step = client.post(confirm_url(listicle, "comment"), {"body": "Hello?"})
    assert step.status_code == 403
    assert "Comments are closed on this article." in step.content.decode()


def test_me_tells_a_reader_who_is_not_signed_in_to_sign_in_and_marks_nothing(db):
    listicle = factories.PublishedListicleFactory()
    factories.CommentFactory(listicle=listicle)

    state = me(Client(), listicle)["comments"]

    assert state == {
        "may_post": False,
        "refusal": "Sign in to take part in the discussion.",
        "liked": [],
        "flagged": [],
        "own": {},
        "pending": [],
    }


def test_the_listings_count_each_articles_published_comments(db):
    counted = factories.PublishedListicleFactory(title="Talked about")
    quiet = factories.PublishedListicleFactory(title="Nobody said a word")
    for _ in range(3):
        factories.CommentFactory(listicle=counted)
    factories.CommentFactory(listicle=quiet, status=CommentStatus.PENDING)

    html = Client().get(reverse("articles:home")).content.decode()

    assert f'href="{counted.get_absolute_url()}#comments">3 comments</a>' in html
    assert f'href="{quiet.get_absolute_url()}#comments"' not in html


def test_the_done_step_of_a_comment_refuses_what_is_not_a_number(db):
    listicle = factories.PublishedListicleFactory()
    done = reverse("articles:done", args=[listicle.pk, listicle.slug, "comment"])

    response = Client().get(done + "?comment=abc")

    assert response.status_code == 400
    assert "The comment is named by its number." in response.content.decode()
