""" "Was this helpful?" from visitors: no account, no JavaScript, a rate limit per client."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from wegweiser.core.http import over_limit
from wegweiser.guide import services
from wegweiser.guide.models import ContentItem
from wegweiser.guide.public_selectors import Guide, published, shown_get
from wegweiser.public import links
from wegweiser.public.guide.base import guide_render, guide_view, text_context

FEEDBACK_LIMIT = 10  # per client and hour
FEEDBACK_WINDOW = 60 * 60


class FeedbackForm(forms.Form):
    item = forms.IntegerField(min_value=1)
    helpful = forms.ChoiceField(choices=[("yes", "yes"), ("no", "no")])
    comment = forms.CharField(required=False, max_length=services.FEEDBACK_COMMENT_MAX, strip=True)


def feedback_context() -> dict[str, Any]:
    return {"feedback_comment_max": services.FEEDBACK_COMMENT_MAX}


def feedback_over_limit(request: HttpRequest) -> bool:
    """Count this submission; True when the client has sent too many within the hour."""
    return over_limit(request, scope="public-feedback", limit=FEEDBACK_LIMIT, window=FEEDBACK_WINDOW)


# The guide's pages carry no session and are cached (also offline), so a CSRF token in
# them would go stale; a feedback post changes nothing of the visitor's, and the rate
# limit keeps floods out.
@csrf_exempt
@guide_view
@require_POST
def feedback_view(request: HttpRequest, guide: Guide) -> HttpResponse:
    if feedback_over_limit(request):
        return guide_render(
            request,
            guide,
            "public/guide/feedback.html",
            {"error": _("You have sent a lot of feedback in a short time. Please try again in an hour.")},
            status=429,
        )
    form = FeedbackForm(request.POST)
    raw_id = str(form.data.get("item", ""))
    item_id = int(raw_id) if raw_id.isascii() and raw_id.isdigit() and len(raw_id) <= 18 else 0
    item = published(region=guide.region, model=ContentItem).filter(pk=item_id).first()
    shown = shown_get(guide, item.concrete() if item else None)
    if shown is None:
        raise Http404
    error = ""
    if form.is_valid():
        try:
            services.feedback_submit(
                region=guide.region,
                item=shown.item,
                language=guide.language,
                is_helpful=form.cleaned_data["helpful"] == "yes",
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Thank you for your feedback."))
            return HttpResponseRedirect(links.item_url(item=shown.item, language=guide.language))
    else:
        error = " ".join(
            _("Please choose “Yes” or “No”.") if name == "helpful" else " ".join(str(e) for e in errors)
            for name, errors in form.errors.items()
        )
    return guide_render(
        request,
        guide,
        "public/guide/feedback.html",
        {
            **text_context(guide, shown),
            **feedback_context(),
            "error": error,
            "comment": form.data.get("comment", ""),
            "item_url": links.item_url(item=shown.item, language=guide.language),
        },
        status=400,
    )
