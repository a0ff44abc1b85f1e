"""The reader's own account page, account deletion and the reply-email unsubscribe link.

Sign-up, sign-in, sign-out, email and password changes are django-allauth's views on the same
`/accounts/` prefix; these pages sit beside them in the site's templates.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from soompi.responses import only, private

from . import kept_accounts
from .erasure import erase_comments_of, remove_sign_in_records
from .export import reader_data
from .forms import NAME_TAKEN, DeleteAccountForm, ProfileForm
from .models import ReaderProfile
from .signed_in import account
from .unsubscribe import LinkRefused, user_id_from_token


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """Display name and reply emails; links to allauth's email and password pages."""
    instance = ReaderProfile.objects.filter(user=request.user).first() or ReaderProfile(user=request.user)
    form = ProfileForm(request.POST or None, instance=instance)
    if request.method == "POST":
        if form.is_valid():
            try:
                with transaction.atomic():
                    form.save()
            except IntegrityError:  # another reader took the name between the check and the save
                form.add_error("display_name", NAME_TAKEN)
            else:
                messages.success(request, "Your account is saved.")
                return redirect("accounts:profile")
        status = 400
    else:
        status = 200
    context = {
        "form": form,
        "delete_form": DeleteAccountForm(user=request.user),
        "has_profile": bool(instance.pk),
    }
    return render(request, "accounts/profile.html", context, status=status)


@login_required
@require_POST
def delete_account(request):
    """Delete the account after the password; comments stay, shown as "[deleted account]", or
    lose their text too when the reader asks. django-axes' sign-in records for it go as well."""
    form = DeleteAccountForm(request.POST, user=request.user)
    if not form.is_valid():
        instance = ReaderProfile.objects.filter(user=request.user).first() or ReaderProfile(user=request.user)
        context = {
            "form": ProfileForm(instance=instance),
            "delete_form": form,
            "has_profile": bool(instance.pk),
        }
        return render(request, "accounts/profile.html", context, status=400)
    user = request.user
    erase = form.cleaned_data["erase_comments"]
    logout(request)
    with transaction.atomic():
        if erase:
            erase_comments_of(user)
        remove_sign_in_records(user)
        user.delete()
    if erase:
        messages.success(request, "Your account is deleted, and your comments now show “[deleted]”.")
    else:
        messages.success(request, "Your account is deleted. Your comments now show “[deleted account]”.")
    return redirect("articles:home")


@login_required
@require_GET
def export_data(request):
    """The signed-in reader's own data as a JSON file, to keep before deleting the account."""
    response = JsonResponse(reader_data(request.user), json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = 'attachment; filename="soompi-account-data.json"'
    response["Cache-Control"] = "private, no-store"
    return response


# RFC 8058: a mail client unsubscribes with a POST of "List-Unsubscribe=One-Click" and no cookie.
ONE_CLICK = "One-Click"


@csrf_exempt  # only the one-click POST skips the CSRF check: the signed token is its credential
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """Opening the link only asks (mail scanners open links); the button, or the mail client's
    one-click POST, unsubscribes."""
    try:
        user_id = user_id_from_token(token)
    except LinkRefused as refused:
        return render(request, "accounts/unsubscribe.html", {"refused": refused}, status=400)
    if not get_user_model().objects.filter(pk=user_id).exists():
        return render(request, "accounts/unsubscribe.html", {"refused": LinkRefused(False)}, status=400)
    if request.method == "POST" and request.POST.get("List-Unsubscribe") == ONE_CLICK:
        return unsubscribed(request, user_id)
    if request.method == "POST":
        return csrf_protect(lambda request: unsubscribed(request, user_id))(request)
    return render(request, "accounts/unsubscribe.html", {"token": token})


def unsubscribed(request, user_id):
    ReaderProfile.objects.filter(user_id=user_id).update(reply_emails=False)
    kept_accounts.changed([user_id])  # an update() sends no signal
    return render(request, "accounts/unsubscribe.html", {"done": True})


@only("GET", json=True)
def me(request):
    """`/accounts/me/`: who is signed in and their messages, as private JSON for the header of
    every public page (`articles.reader_state`); it sets the `csrftoken` cookie."""
    return private(JsonResponse(account(request)))
