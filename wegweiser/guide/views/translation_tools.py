"""Translation tools under /app/<region>/guide/: machine translation (settings, one item,
all missing items of a language) and XLIFF 1.2 export and import for translation agencies."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wegweiser.guide import translation_services
from wegweiser.guide.machine_translation import MachineTranslationError, machine_translation_config_get
from wegweiser.guide.models import ContentItem, Language, MachineTranslationConfig
from wegweiser.guide.permissions import EDIT_CONTENT, MANAGE_LANGUAGES
from wegweiser.guide.selectors import region_language_list, region_source_language
from wegweiser.guide.xliff import MAX_BYTES, Selection, xliff_export, xliff_items
from wegweiser.tenancy.decorators import region_view
from wegweiser.tenancy.models import Region
from wegweiser.tenancy.selectors import RegionAccess

Choices = list[tuple[str, str]]


def _target_choices(region: Region) -> Choices:
    return [
        (rl.language.code, f"{rl.language.native_name} ({rl.language.code})")
        for rl in region_language_list(region=region)
        if not rl.is_source
    ]


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Language"))

    def __init__(self, choices: Choices, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = choices  # type: ignore[attr-defined]


class ExportForm(LanguageForm):
    selection = forms.ChoiceField(
        label=gettext_lazy("Which items"), choices=Selection.choices, initial=Selection.OPEN, widget=forms.RadioSelect
    )
    ids = forms.CharField(
        label=gettext_lazy("Item numbers"),
        required=False,
        max_length=2000,
        help_text=gettext_lazy(
            "Only for “Only the items with these numbers”; separate them by commas, e.g. 12, 15, 40."
        ),
    )

    def clean_ids(self) -> list[int]:
        parts = [part for part in re.split(r"[\s,;]+", self.cleaned_data["ids"]) if part]
        if not all(part.isdigit() and len(part) < 18 for part in parts):
            raise ValidationError(_("Enter whole numbers separated by commas."))
        return sorted({int(part) for part in parts})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("selection") == Selection.IDS and data.get("ids") == []:
            self.add_error("ids", _("Enter at least one item number."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("XLIFF file"),
        help_text=gettext_lazy("An XLIFF 1.2 file exported here and translated by an agency, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlf,.xliff,.xml"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(_("The file is larger than 5 MB. Please split it into several files."))
        return upload


class ConfigForm(forms.Form):
    provider = forms.ChoiceField(
        label=gettext_lazy("Service"), choices=MachineTranslationConfig.Provider.choices, required=False
    )
    url = forms.URLField(
        label=gettext_lazy("Service address"),
        required=False,
        assume_scheme="https",
        help_text=gettext_lazy("e.g. https://translate.example.org or, for DeepL, https://api-free.deepl.com"),
    )
    api_key = forms.CharField(
        label=gettext_lazy("API key"),
        required=False,
        max_length=translation_services.API_KEY_MAX,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    remove_api_key = forms.BooleanField(label=gettext_lazy("Remove the stored API key"), required=False)

    def __init__(self, *args: Any, has_key: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["api_key"].help_text = (
            _("A key is set. Leave this empty to keep it.")
            if has_key
            else _("Not needed for every LibreTranslate server.")
        )
        if not has_key:
            del self.fields["remove_api_key"]


def _attach(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _tools_page(
    request: HttpRequest,
    access: RegionAccess,
    *,
    export_form: ExportForm | None = None,
    import_form: ImportForm | None = None,
    status: int = 200,
) -> HttpResponse:
    choices = _target_choices(access.region)
    config = machine_translation_config_get(region=access.region)
    return render(
        request,
        "guide/translation_tools/tools.html",
        {
            "export_form": export_form or ExportForm(choices, prefix="export"),
            "import_form": import_form or ImportForm(prefix="import"),
            "machine_form": LanguageForm(choices, prefix="machine") if config and config.is_enabled else None,
            "has_languages": bool(choices),
            "can_configure": access.can(MANAGE_LANGUAGES),
            "bulk_limit": translation_services.MAX_BULK,
        },
        status=status,
    )


@region_view(EDIT_CONTENT)
@require_GET
def translation_tools_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    return _tools_page(request, access)


@region_view(EDIT_CONTENT)
@require_GET
def xliff_export_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    region = access.region
    form = ExportForm(_target_choices(region), request.GET, prefix="export")
    if form.is_valid():
        language = Language.objects.get(code=form.cleaned_data["language"])
        source = region_source_language(region=region)
        try:
            items = xliff_items(
                region=region,
                language=language,
                selection=form.cleaned_data["selection"],
                item_ids=form.cleaned_data["ids"],
            )
        except ValidationError as error:
            _attach(form, error)
        else:
            if source is not None:
                document = xliff_export(region=region, source=source, language=language, items=items)
                name = f"wegweiser-{region.slug}-{language.code}-{timezone.localdate():%Y-%m-%d}.xlf"
                response = HttpResponse(document, content_type="application/x-xliff+xml; charset=utf-8")
                response["Content-Disposition"] = f'attachment; filename="{name}"'
                return response
            form.add_error(None, _("This region has no source language yet."))
    return _tools_page(request, access, export_form=form, status=400)


@region_view(EDIT_CONTENT)
@require_http_methods(["GET", "POST"])
def xliff_import_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    if request.method == "GET":  # e.g. after switching the UI language on the result page
        return redirect("workspace:guide:translation_tools", region_slug=access.region.slug)
    form = ImportForm(request.POST, request.FILES, prefix="import")
    if form.is_valid():
        try:
            lines = translation_services.xliff_import(
                actor=request.user,  # type: ignore[arg-type]
                region=access.region,
                data=form.cleaned_data["file"].read(),
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return render(request, "guide/translation_tools/import_result.html", {"lines": lines})
    return _tools_page(request, access, import_form=form, status=400)


def _back(request: HttpRequest, region: Region) -> HttpResponse:
    """Back to the page that sent the form (the side-by-side view), else to the tools."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("workspace:guide:translation_tools", region_slug=region.slug)


@region_view(EDIT_CONTENT)
@require_POST
def machine_translate_view(request: HttpRequest, access: RegionAccess, item_id: int) -> HttpResponse:
    item = ContentItem.objects.filter(region=access.region, pk=item_id).first()
    if item is None:
        raise Http404
    language = Language.objects.filter(code=request.POST.get("language", "")).first()
    try:
        if language is None:
            raise ValidationError(_("Choose one of the region's target languages."))
        translation_services.machine_translate(actor=request.user, item=item, language=language)  # type: ignore[arg-type]
    except (MachineTranslationError, ValidationError) as error:
        messages.error(request, _message(error))
    else:
        messages.success(
            request,
            _("Machine translation saved. It is labelled machine-translated until a person approves it."),
        )
    return _back(request, access.region)


@region_view(EDIT_CONTENT)
@require_POST
def machine_translate_missing_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    form = LanguageForm(_target_choices(access.region), request.POST, prefix="machine")
    if not form.is_valid():
        messages.error(request, _("Choose one of the region's target languages."))
        return redirect("workspace:guide:translation_tools", region_slug=access.region.slug)
    language = Language.objects.get(code=form.cleaned_data["language"])
    try:
        outcome = translation_services.machine_translate_missing(
            actor=request.user,  # type: ignore[arg-type]
            region=access.region,
            language=language,
        )
    except (MachineTranslationError, ValidationError) as error:
        messages.error(request, _message(error))
    else:
        messages.info(
            request,
            ngettext(
                "%(translated)s text machine-translated, %(remaining)s still missing.",
                "%(translated)s texts machine-translated, %(remaining)s still missing.",
                outcome.translated,
            )
            % {"translated": outcome.translated, "remaining": outcome.remaining},
        )
        for item, reason in outcome.failed:
            messages.warning(request, _("%(item)s was not translated: %(reason)s") % {"item": item, "reason": reason})
        if outcome.error:
            messages.error(request, outcome.error)
    return redirect("workspace:guide:translation_tools", region_slug=access.region.slug)


def _message(error: Exception) -> str:
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


@region_view(MANAGE_LANGUAGES)
def machine_translation_config_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    config = machine_translation_config_get(region=access.region)
    has_key = bool(config and config.api_key)
    initial = {"provider": config.provider, "url": config.url} if config else {}
    form = ConfigForm(request.POST or None, initial=initial, has_key=has_key)
    if request.method == "POST" and form.is_valid():
        try:
            translation_services.machine_translation_config_update(
                actor=request.user,  # type: ignore[arg-type]
                region=access.region,
                provider=form.cleaned_data["provider"],
                url=form.cleaned_data["url"],
                api_key=form.cleaned_data["api_key"],
                remove_api_key=form.cleaned_data.get("remove_api_key", False),
            )
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("Machine translation settings saved."))
            return redirect("workspace:guide:mt_config", region_slug=access.region.slug)
    return render(request, "guide/translation_tools/config.html", {"form": form, "has_key": has_key})


urlpatterns: list[URLPattern] = [
    path("machine-translation/", machine_translation_config_view, name="mt_config"),
    path("machine-translation/items/<int:item_id>/", machine_translate_view, name="mt_translate"),
    path("machine-translation/missing/", machine_translate_missing_view, name="mt_translate_missing"),
    path("translation-tools/", translation_tools_view, name="translation_tools"),
    path("translation-tools/xliff/", xliff_export_view, name="xliff_export"),
    path("translation-tools/xliff/import/", xliff_import_view, name="xliff_import"),
]
