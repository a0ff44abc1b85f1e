from django import template

from accounts.names import public_name_of

from ..comment_text import render_comment_body

register = template.Library()


@register.filter
def comment_body(text):
    """A reader's plain-text comment as escaped paragraphs with clickable http(s) links."""
    return render_comment_body(text)


@register.filter
def commenter(user):
    """The public name of a comment's author, never their email address."""
    return public_name_of(user)
