"""One-click moderation in the comment admin: Approve, Hide and Spam on each row and on the page.

Each button posts to `admin:comments_comment_moderate` (`<id>/moderate/<decision>/`), a POST-only
admin view behind `comments.moderate_comment` and Django's CSRF check, which decides through
`comments.comments.moderate` like the bulk actions. Without JavaScript a button submits the form
it sits in (the changelist's, or the panel's on the change page) to that view, which answers 303
back to the page it came from with a message. With JavaScript (`moderation.js`) the same button
posts with `fetch`, the CSRF token from the cookie as `X-CSRFToken`, and `Accept:
application/json`; the view answers JSON and the row changes in place, announced in a live region.
"""

from dataclasses import dataclass

from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator

from . import comments, holds
from .models import CommentStatus


@dataclass(frozen=True)
class Decision:
    slug: str
    status: str
    label: str  # the button
    done: str  # "Comment by Jisoo approved."
    key: str  # its keyboard shortcut ("" for none)


DECISIONS = {
    decision.slug: decision
    for decision in [
        Decision("approve", CommentStatus.PUBLISHED, "Approve", "approved", "a"),
        Decision("hide", CommentStatus.HIDDEN, "Hide", "hidden", "h"),
        Decision("spam", CommentStatus.SPAM, "Spam", "marked as spam", "s"),
        Decision("remove", CommentStatus.REMOVED, "Remove", "removed", ""),
    ]
}
ON_EACH_ROW = ["approve", "hide", "spam"]
# The field the comment admin's templates add to their form: where the view sends the moderator back.
NEXT = "next"


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def excerpt(comment):
    """A few words of the comment, so that its buttons' group says which comment they decide on."""
    return "[deleted by its author]" if comment.is_deleted else Truncator(comment.body).chars(40)


def decided_text(comment):
    if comment.decided_by is None:
        return "—"
    return f"{comment.decided_by.get_username()}, {comment.decided_at:%Y-%m-%d %H:%M}"


class ModerationButtonsMixin:
    """Adds the moderation view, its buttons (a changelist column and the change page's panel) and
    the reasons a comment was held. Used by `CommentAdmin`."""

    def get_urls(self):
        view = self.admin_site.admin_view(self.moderate_view)
        return [
            path("<path:object_id>/moderate/<slug:decision>/", view, name="comments_comment_moderate"),
            *super().get_urls(),
        ]

    def moderate_url(self, comment, decision):
        return reverse(
            "admin:comments_comment_moderate",
            args=[quote(comment.pk), decision],
            current_app=self.admin_site.name,
        )

    def moderate_view(self, request, object_id, decision):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"], "Moderation buttons post; there is nothing to see here.")
        if not comments.can_moderate(request.user):
            raise PermissionDenied
        decision = DECISIONS.get(decision)
        if decision is None:
            raise Http404("There is no such moderation decision.")
        queryset = self.get_queryset(request).select_related("listicle", "user__reader_profile")
        comment = self.get_object_from(queryset, unquote(object_id))
        if comment is None:
            raise Http404("There is no comment with this id: it may have been deleted.")
        comments.moderate(queryset.filter(pk=comment.pk), decision.status, request.user)
        comment.refresh_from_db(fields=["status", "held_for", "decided_by", "decided_at"])
        self.log_change(request, comment, f"{decision.label}: {comment.get_status_display()}.")
        message = f"Comment by {comment.author} {decision.done}."
        if wants_json(request):
            return JsonResponse(
                {
                    "id": comment.pk,
                    "decision": decision.slug,
                    "status": comment.status,
                    "status_label": comment.get_status_display(),
                    "decided": decided_text(comment),
                    "message": message,
                    "waiting": comments.waiting_count(),
                }
            )
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(self.back_url(request), status=303)

    @staticmethod
    def get_object_from(queryset, object_id):
        try:
            return queryset.get(pk=int(object_id))
        except (ValueError, queryset.model.DoesNotExist):
            return None

    def back_url(self, request):
        """Where the moderator was: the `next` the page sent, if it is on this site, else the queue."""
        back = request.POST.get(NEXT) or request.GET.get(NEXT, "")
        if url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return back
        return reverse("admin:comments_comment_changelist", current_app=self.admin_site.name) + "?waiting=yes"

    def buttons(self, comment, slugs):
        """The decision buttons for `comment`: submit buttons of the form around them, each posting
        to its own URL (`formaction`), so a row's buttons live inside the changelist's form."""
        return format_html_join("", "{}", ((self.button(comment, DECISIONS[slug]),) for slug in slugs))

    def button(self, comment, decision):
        shortcut = format_html(' aria-keyshortcuts="{}"', decision.key) if decision.key else ""
        return format_html(
            '<button type="submit" class="button moderation-button moderation-{slug}" formaction="{url}" '
            'formmethod="post" data-decision="{slug}" data-key="{key}"{shortcut}>{label}</button>',
            slug=decision.slug,
            url=self.moderate_url(comment, decision.slug),
            key=decision.key,
            shortcut=shortcut,
            label=decision.label,
        )

    @admin.display(description="Moderate")
    def moderation(self, comment):
        # The group's name says which comment its buttons decide on; each button's is what it shows.
        return format_html(
            '<div class="moderation-actions" role="group" aria-label="Moderate the comment by {}: “{}”" '
            'data-comment="{}">{}</div>',
            comment.author,
            excerpt(comment),
            comment.pk,
            self.buttons(comment, ON_EACH_ROW),
        )

    @admin.display(description="Held for")
    def why_held(self, comment):
        reasons = holds.described(comment, getattr(comment, "flag_total", None))
        if not reasons:
            return "—"
        return format_html(
            '<ul class="hold-reasons{}">{}</ul>',
            "" if comment.held_for else " hold-reasons-past",
            format_html_join("", "<li>{}</li>", ((reason,) for reason in reasons)),
        )

    def moderation_panel(self, request, comment):
        """What the change page shows above the comment: its status, why it was held, who decided,
        the buttons, and the next comment waiting."""
        waiting = (
            comments.waiting().exclude(pk=comment.pk).order_by("created", "pk").values_list("pk", flat=True)
        )
        following = waiting.filter(created__gte=comment.created).first() or waiting.first()
        return {
            "comment": comment,
            "waiting": comments.waiting().filter(pk=comment.pk).exists(),
            "reasons": holds.described(comment, getattr(comment, "flag_total", None)),
            "decided": decided_text(comment) if comment.decided_by_id else "",
            "buttons": self.buttons(comment, [*ON_EACH_ROW, "remove"]),
            "next_url": reverse(
                "admin:comments_comment_change", args=[following], current_app=self.admin_site.name
            )
            if following
            else "",
            "next_field": NEXT,
        }
