"""Staff detail of a petition's delivery: attempts, failures, packages, hand
delivery; paper sheets to print and their import."""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from clarion.lib.countries import COUNTRY_CODES
from clarion.lib.sheets import SheetError
from clarion.petitions import delivery, followups, package, paper, sheets
from clarion.petitions.models import Attempt, Delivery, Petition
from clarion.petitions.tasks import build_package
from clarion.supporters.admin_views import PaperForm


@permission_required("petitions.change_petition", raise_exception=True)
def report(request, pk):
    petition = get_object_or_404(Petition, pk=pk)
    if request.method == "POST":
        act(request.POST, petition)
        return redirect("petitions_report", pk=pk)
    directory = package.package_dir(petition)
    files = sorted(p.name for p in directory.glob("*.*") if p.suffix in (".pdf", ".csv"))
    context = {
        "petition": petition,
        "rows": delivery.summary(petition),
        "attempts": Attempt.objects.filter(delivery__petition=petition)
        .select_related("delivery__target")
        .order_by("-at")[:50],
        "failed": Delivery.objects.filter(
            petition=petition, status__in=[Delivery.FAILED, Delivery.BOUNCED]
        ).select_related("target")[:50],
        "by_hand": Delivery.objects.filter(
            petition=petition, channel=Delivery.POST, status=Delivery.QUEUED
        ).select_related("target"),
        "answers": followups.answers(petition),
        "files": files,
        "count": petition.signer_count(),
        "paper_count": petition.paper_count(),
    }
    return TemplateResponse(request, "petitions/admin/report.html", context)


def act(post, petition):
    if post.get("action") == "build":
        label = timezone.localdate().isoformat()
        for target in petition.targets.filter(pk__in=post.getlist("target")):
            build_package.enqueue(petition.pk, target.pk, label)
    elif post.get("action") == "handed":
        for row in Delivery.objects.filter(
            petition=petition, pk__in=post.getlist("delivery"), status=Delivery.QUEUED
        ):
            with transaction.atomic():
                Delivery.objects.filter(pk=row.pk).update(
                    status=Delivery.SENT, sent_at=timezone.now(), provider_id="by hand"
                )
                Attempt.objects.create(
                    delivery=row, channel=row.channel, status=Delivery.SENT, provider_id="by hand"
                )


@permission_required("petitions.change_petition", raise_exception=True)
def download(request, pk, name):
    petition = get_object_or_404(Petition, pk=pk)
    path = package.package_dir(petition) / name
    if "/" in name or name.startswith(".") or path.suffix not in (".pdf", ".csv"):
        raise Http404
    if not path.is_file():
        raise Http404
    return FileResponse(open(path, "rb"), as_attachment=True, filename=name)


class SheetsForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)
    first = forms.IntegerField(min_value=1, max_value=999_999, initial=1, label="First number")
    count = forms.IntegerField(min_value=1, max_value=sheets.MAX_SHEETS, initial=10)


class PaperImportForm(PaperForm):
    """The declaration's paper import form, for a petition's sheets (other columns)."""

    file = forms.FileField(
        help_text="CSV (UTF-8) or XLSX with columns sheet, name, town, country, email, consent"
    )
    country = forms.ChoiceField(
        required=False,
        choices=[("", "—")] + [(c, c) for c in sorted(COUNTRY_CODES)],
        help_text="Where the sheets were signed (otherwise the rows' common country)",
    )


def may_import_paper(user):
    return user.has_perm("petitions.change_petition") or user.has_perm("petitions.add_paperimport")


def paper_sheets(request, pk):
    """Sheets to print (GET with a language: the PDF) and the import of typed-up
    ones; a coordinator imports (and sees earlier imports) within their area."""
    if not may_import_paper(request.user):
        return HttpResponseForbidden("You may not import paper sheets.")
    petition = get_object_or_404(Petition, pk=pk)
    sheets_form = SheetsForm(request.GET if "language" in request.GET else None)
    if sheets_form.is_valid():
        data = sheets_form.cleaned_data
        body = sheets.sheets_pdf(petition, data["language"], data["first"], data["count"])
        response = HttpResponse(body, content_type="application/pdf")
        name = f"{petition.slug}-sheets-{data['first']}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    form = PaperImportForm(request.POST or None, request.FILES or None, user=request.user)
    batch = None
    if request.method == "POST" and form.is_valid():
        upload, data = form.cleaned_data["file"], form.cleaned_data
        try:
            batch = paper.import_rows(
                petition, paper.read_sheet(upload.name, upload.read()),
                place=data["place"], event=data["event"], date=data["date"],
                country=data["country"], filename=upload.name[:200], user=request.user,
                allowed=form.scope.covers,
            )  # fmt: skip
        except SheetError as error:
            form.add_error("file", str(error))
    imports = form.scope.filter(petition.paper_imports.select_related("event"), city_field=None)
    context = {
        "petition": petition, "sheets_form": sheets_form, "form": form, "batch": batch,
        "imports": imports[:50],
        "paper_count": petition.paper_count(),
    }  # fmt: skip
    status = 400 if form.errors or sheets_form.errors else 200
    return TemplateResponse(request, "petitions/admin/paper.html", context, status=status)
