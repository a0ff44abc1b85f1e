"""Comment moderation: the list editors keep up with, their decisions, and the blocked words.

Statuses change only through the row and page buttons (`moderation`) and the bulk actions, which
call `comments.comments.moderate` and so record who decided and when; what a reader wrote is never
edited here: the change page shows a comment, why it was held and its flags, with the buttons.
Moderating needs `comments.moderate_comment`, which the Editors group has. The queue ("Waiting
for a moderator") holds what `comments.waiting()` names, each with why it waits (`holds`).

Blocked words are matched on what they look like (`soompi.lookalikes.skeleton`); two words that
look alike are one word, and a word made of invisible characters is refused.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator

from soompi.lookalikes import has_visible_content, skeleton

from . import comments
from .models import BlockedWord, Comment, CommentFlag, CommentStatus
from .moderation import ModerationButtonsMixin


class WaitingFilter(admin.SimpleListFilter):
    title = "moderation queue"
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [("yes", "Waiting for a moderator")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(pk__in=comments.waiting().values("pk"))
        return queryset


class FlaggedFilter(admin.SimpleListFilter):
    title = "flags"
    parameter_name = "flagged"

    def lookups(self, request, model_admin):
        return [("yes", "Flagged"), ("no", "Not flagged")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(flag_total__gt=0)
        if self.value() == "no":
            return queryset.filter(flag_total=0)
        return queryset


class CommentFlagInline(admin.TabularInline):
    model = CommentFlag
    fields = ["user", "reason", "weight", "created"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(ModerationButtonsMixin, admin.ModelAdmin):
    list_display = [
        "excerpt", "moderation", "status", "why_held", "flag_total",
        "article", "author", "created", "decision",
    ]  # fmt: skip
    list_display_links = ["excerpt"]
    list_filter = [WaitingFilter, "status", "held_for", FlaggedFilter, "spoiler"]
    search_fields = ["body", "user__username", "user__email", "user__reader_profile__display_name"]
    list_select_related = ["listicle", "user__reader_profile", "decided_by"]
    date_hierarchy = "created"
    actions = ["approve", "hide", "spam", "remove", "suspend"]
    inlines = [CommentFlagInline]
    # The text, its status, why it was held and who decided are in the panel above, with the buttons.
    fields = ["listicle", "author_with_history", "parent", "spoiler", "created", "edited", "deleted"]
    readonly_fields = fields
    list_per_page = 50

    def get_queryset(self, request):
        flags = CommentFlag.objects.filter(comment=OuterRef("pk"))
        return super().get_queryset(request).annotate(flag_total=comments.counted(flags, "comment"))

    def lookup_allowed(self, lookup, value, request=None):
        # The "other comments by this author" link filters on the author.
        return lookup == "user__id__exact" or super().lookup_allowed(lookup, value, request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # What a reader wrote is theirs: moderators decide on it with the buttons, never edit it.
        return False

    def has_moderate_permission(self, request):
        return comments.can_moderate(request.user)

    @admin.display(description="Comment")
    def excerpt(self, comment):
        if comment.is_deleted:
            return "[deleted by its author]"
        return Truncator(comment.body).chars(90)

    @admin.display(description="Article", ordering="listicle__title")
    def article(self, comment):
        return Truncator(comment.listicle.title).chars(40)

    @admin.display(description="Flags", ordering="flag_total")
    def flag_total(self, comment):
        return comment.flag_total

    @admin.display(description="Author", ordering="user__reader_profile__display_name")
    def author(self, comment):
        if comment.user is None:
            return "[deleted account]"
        profile = getattr(comment.user, "reader_profile", None)
        name = profile.display_name if profile else comment.user.get_username()
        url = reverse("admin:comments_comment_changelist") + f"?user__id__exact={comment.user_id}"
        suspended = " (suspended)" if profile and profile.commenting_suspended else ""
        return format_html('<a href="{}" title="All comments by this author">{}</a>{}', url, name, suspended)

    @admin.display(description="Author")
    def author_with_history(self, comment):
        if comment.user is None:
            return "[deleted account]"
        record = Comment.objects.filter(user=comment.user).aggregate(
            total=Count("pk"), spam=Count("pk", filter=Q(status=CommentStatus.SPAM))
        )
        total, spam = record["total"], record["spam"]
        return format_html(
            "{} — {} comment{} in all{}",
            self.author(comment),
            total,
            "" if total == 1 else "s",
            f", {spam} marked spam" if spam else "",
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            # "Comment by Jisoo on 12 Most Memorable…", not "View comment" over "Comment 3 on 4".
            context.update(title=str(obj), subtitle=None, moderation=self.moderation_panel(request, obj))
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )

    @admin.display(description="Decided")
    def decision(self, comment):
        if comment.decided_by is None:
            return "—"
        return format_html(
            "{}<br>{}",
            comment.decided_by.get_username(),
            date_format(timezone.localtime(comment.decided_at), "DATETIME_FORMAT"),
        )

    def decide(self, request, queryset, status, verb):
        count = comments.moderate(queryset, status, request.user)
        self.message_user(request, f"{count} comment{'' if count == 1 else 's'} {verb}.", messages.SUCCESS)

    @admin.action(description="Approve: publish the selected comments", permissions=["moderate"])
    def approve(self, request, queryset):
        self.decide(request, queryset, CommentStatus.PUBLISHED, "approved")

    @admin.action(description="Hide the selected comments", permissions=["moderate"])
    def hide(self, request, queryset):
        self.decide(request, queryset, CommentStatus.HIDDEN, "hidden")

    @admin.action(description="Mark the selected comments as spam", permissions=["moderate"])
    def spam(self, request, queryset):
        self.decide(request, queryset, CommentStatus.SPAM, "marked as spam")

    @admin.action(description="Remove the selected comments", permissions=["moderate"])
    def remove(self, request, queryset):
        self.decide(request, queryset, CommentStatus.REMOVED, "removed")

    @admin.action(
        description="Suspend the selected comments' authors from commenting", permissions=["moderate"]
    )
    def suspend(self, request, queryset):
        count = comments.suspend_authors(queryset, request.user)
        self.message_user(request, f"{count} author{'' if count == 1 else 's'} suspended from commenting.")


class BlockedWordForm(forms.ModelForm):
    class Meta:
        model = BlockedWord
        fields = ["word"]

    def clean_word(self):
        word = self.cleaned_data["word"].strip()
        if not has_visible_content(word):
            raise forms.ValidationError("Type a word readers could see.", code="invisible")
        shape = skeleton(word)
        for other in BlockedWord.objects.exclude(pk=self.instance.pk).values_list("word", flat=True):
            if skeleton(other) == shape:
                raise forms.ValidationError(
                    "“%(other)s” is blocked already, and looks the same.",
                    code="lookalike",
                    params={"other": other},
                )
        return word


@admin.register(BlockedWord)
class BlockedWordAdmin(admin.ModelAdmin):
    form = BlockedWordForm
    list_display = ["word", "matches"]
    search_fields = ["word"]

    @admin.display(description="Matches text that looks like")
    def matches(self, word):
        return skeleton(word.word)

    def get_search_results(self, request, queryset, search_term):
        """Words found as typed, and words that look like the search ("ѕcam" finds "scam")."""
        found, duplicates = super().get_search_results(request, queryset, search_term)
        shape = skeleton(search_term)
        if shape:
            alike = [
                pk for pk, word in BlockedWord.objects.values_list("pk", "word") if shape in skeleton(word)
            ]
            found = found | queryset.filter(pk__in=alike)
        return found, duplicates
