"""The operators' page in the Wagtail admin: health, queues, failures, retries."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render

from clarion.ops import health, operations

PER_PAGE = 100


@permission_required("ops.operate", raise_exception=True)
def operations_page(request):
    if request.method == "POST":
        what = request.POST.get("retry")
        ids = request.POST.getlist("id")
        if what == "mails":
            count = operations.retry_mails([int(i) for i in ids if i.isdigit()])
            messages.success(request, f"{count} mail(s) queued again.")
        elif what == "tasks":
            count = operations.retry_tasks([i for i in ids if _is_uuid(i)])
            messages.success(request, f"{count} task(s) ready to run again.")
        return redirect("ops_operations")
    healthy, report = health.report()
    checks = [(name, value) for name, value in report.items() if isinstance(value, dict)]
    context = {
        "healthy": healthy, "checks": checks, "summary": operations.summary(),
        "mails": operations.failed_mails()[:PER_PAGE],
        "tasks": operations.failed_tasks()[:PER_PAGE],
    }  # fmt: skip
    return render(request, "ops/admin/operations.html", context)


def _is_uuid(value):
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
