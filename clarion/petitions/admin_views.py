"""Staff detail of a petition's delivery: attempts, failures, packages, hand delivery."""

from django.contrib.auth.decorators import permission_required
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from clarion.petitions import delivery, followups, package
from clarion.petitions.models import Attempt, Delivery, Petition
from clarion.petitions.tasks import build_package


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
