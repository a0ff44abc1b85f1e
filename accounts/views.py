"""The reader's own account page, account deletion and the reply-email unsubscribe link.

Sign-up, sign-in, sign-out, email and password changes are django-allauth's views on the same
`/accounts/` prefix; these pages sit beside them in the site's templates.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from .forms import NAME_TAKEN, DeleteAccountForm, ProfileForm
from .models import ReaderProfile
from .unsubscribe import user_id_from_token


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
    """Delete the account after the password; comments stay, shown as "[deleted account]"."""
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
    logout(request)
    with transaction.atomic():
        user.delete()
    messages.success(request, "Your account is deleted. Your comments now show “[deleted account]”.")
    return redirect("articles:home")


@csrf_exempt  # the signed token is the credential; mail clients POST it for one-click unsubscribe
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    user_id = user_id_from_token(token)
    if user_id is None or not get_user_model().objects.filter(pk=user_id).exists():
        return render(
            request,
            "accounts/unsubscribe.html",
            {"invalid": True},
            status=400,
        )
    ReaderProfile.objects.filter(user_id=user_id).update(reply_emails=False)
    return render(request, "accounts/unsubscribe.html", {"invalid": False})
