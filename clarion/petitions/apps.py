from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "clarion.petitions"
    label = "petitions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from clarion.content.loader import pack_loaded
        from clarion.lib import personal_data
        from clarion.ops import periodic
        from clarion.petitions import delivery, followups, pack, paper, privacy, signing

        pack_loaded.connect(pack.load, dispatch_uid="petitions-from-pack")
        periodic.register(signing.activate_confirmed, seconds=10)
        periodic.register(delivery.dispatch, seconds=5)
        periodic.register(delivery.requeue_stalled, seconds=300)
        periodic.register(delivery.queue_due_digests, seconds=600)
        periodic.register(delivery.queue_progress_reports, seconds=600)
        periodic.register(followups.ask, seconds=3600)
        personal_data.register(
            "petition_paper",
            label=_("Petitions signed on paper"),
            export=paper.export,
            erase=paper.erase,
        )
        personal_data.register(
            "petitions", label=_("Petition signatures"), export=privacy.export, erase=privacy.erase
        )
