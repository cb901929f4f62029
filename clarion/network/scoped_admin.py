"""Snippet admin views limited to the user's area (default-deny).

A `ScopedViewSet` lists only what lies in the user's area, refuses (403,
logged) every view of one object outside it — edit, inspect, delete, history,
usage — and refuses a form that would move an object out of the area.
"""

from functools import wraps

from django import forms
from django.contrib.admin.utils import unquote
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet

from clarion.network.scoping import deny, scope_of


class NoAddPolicy(ModelPermissionPolicy):
    """The model's permissions, except making one by hand in the admin."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


def made_elsewhere(viewset):
    """Class decorator for a snippet viewset whose objects people or the
    engine make (a volunteer's offer, a contest entry): no "Add" button and the
    add view refuses (403), whatever the user's permissions."""
    register_permission_policy(viewset.model, NoAddPolicy(viewset.model))
    return viewset


class ScopedFormMixin:
    scope_fields = ("country", "city")

    def located(self, data):
        """(country, city) of the object as the form would save it."""
        country_field, city_field = self.scope_fields
        country = data.get(country_field, getattr(self.instance, country_field, ""))
        city = data.get(city_field, getattr(self.instance, city_field, "")) if city_field else ""
        return country, city or ""

    def clean(self):
        data = super().clean()
        user = getattr(self, "for_user", None)
        if user is None or not scope_of(user).covers(*self.located(data)):
            raise forms.ValidationError("This lies outside your area.")
        return data


class ScopedViewSet(SnippetViewSet):
    country_field = "country"
    city_field = "city"
    form_mixin = ScopedFormMixin

    def scoped(self, queryset, user):
        return scope_of(user).filter(queryset, self.country_field, self.city_field)

    def get_queryset(self, request):
        return self.scoped(self.model._default_manager.all(), request.user)

    def get_form_class(self, for_update=False):
        base = super().get_form_class(for_update)
        fields = (self.country_field, self.city_field)
        return type(f"Scoped{base.__name__}", (self.form_mixin, base), {"scope_fields": fields})

    def guard(self, view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            pk = kwargs.get("pk") or (args[0] if args else None)
            if pk is not None:
                found = self.model._default_manager.filter(pk=unquote(str(pk))).first()
                if (
                    found is not None
                    and not self.scoped(
                        self.model._default_manager.filter(pk=found.pk), request.user
                    ).exists()
                ):
                    return deny(request.user, found, f"{self.model._meta.label} {found.pk}")
            return view(request, *args, **kwargs)

        return guarded

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            if hasattr(pattern, "callback"):  # a view, not an included resolver
                pattern.callback = self.guard(pattern.callback)
        return patterns
