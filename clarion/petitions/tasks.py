"""Tasks of the petitions app: one delivery attempt; a package built on disk."""

from django_tasks import task


@task()
def deliver(delivery_id, attempt):
    from clarion.petitions import delivery

    return delivery.attempt(delivery_id, attempt)


@task()
def build_package(petition_id, target_id, label):
    from clarion.petitions import package
    from clarion.petitions.models import Petition, Target

    petition = Petition.objects.filter(pk=petition_id).first()
    target = Target.objects.filter(pk=target_id).first()
    if petition is None or target is None:
        return "skipped"
    pdf, _csv = package.build(petition, target, label)
    return str(pdf)
