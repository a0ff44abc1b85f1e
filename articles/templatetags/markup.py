from django import template

from ..markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """Render editor Markdown through the one sanitising renderer."""
    return render_markdown(text)
