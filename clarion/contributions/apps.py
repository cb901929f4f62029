from django.apps import AppConfig


class ContributionsConfig(AppConfig):
    name = "clarion.contributions"
    label = "contributions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import pre_save

        from clarion.content import ways
        from clarion.contributions import views
        from clarion.contributions.models import erase_for_erased_signature, forget_old_drafts
        from clarion.ops import periodic
        from clarion.supporters.models import Signature

        ways.register("image-message", views.image_message)
        ways.register("letters", views.letters)
        periodic.register(forget_old_drafts, seconds=3600)
        pre_save.connect(erase_for_erased_signature, sender=Signature, dispatch_uid="contrib-erase")
