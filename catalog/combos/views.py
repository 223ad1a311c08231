"""Composing gift combos in the producer area (``/dashboard/shop/combos/``): a producer with its
own products, staff with any producer's. The combo's price, stock, photos and listing are then
set on its product page like any product's (marketplace/producers/dashboard)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.views.generic import TemplateView

from marketplace.producers import access

from .forms import ComboForm, PartFormSet, allowed_parts, composer, new_combo, save_combo

#: The codes a producer's phone suggests as they type (its own listable products); staff type them.
SUGGESTED = 200


class ComboView(TemplateView):
    """A new combo (no ``pk``) or one of the user's combos (by the ownership rule; another
    producer's is a 404)."""

    template_name = "combos/combo_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.combo = None
        if "pk" in kwargs:
            combos = access.products_for(request.user).filter(is_combo=True)
            self.combo = get_object_or_404(combos, pk=kwargs["pk"])
        self.allowed = allowed_parts(request.user)
        return super().dispatch(request, *args, **kwargs)

    def initial_parts(self):
        if self.combo is None:
            return []
        parts = self.combo.combo_parts.select_related("product").order_by("pk")
        return [{"code": part.product.product_code or "", "quantity": part.quantity} for part in parts]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "form" not in kwargs:  # (a refused post passes its bound forms)
            context["form"] = ComboForm(instance=self.combo)
            context["parts"] = PartFormSet(initial=self.initial_parts(), allowed=self.allowed)
        suggestions = []
        if not access.is_staff(self.request.user):
            suggestions = list(
                self.allowed.listable()
                .exclude(product_code=None)
                .order_by("title")
                .values("product_code", "title")[:SUGGESTED]
            )
        context.update(combo=self.combo, suggestions=suggestions, is_staff=access.is_staff(self.request.user))
        return context

    def post(self, request, *args, **kwargs):
        new = self.combo is None
        if new:
            producer = composer(request.user)
            if producer is None:  # (a user of no producer does not reach the producer area)
                return redirect("producers-dashboard:product-list")
        form = ComboForm(request.POST, instance=new_combo(producer) if new else self.combo)
        parts = PartFormSet(request.POST, allowed=self.allowed)  # (what is posted, all of it)
        if not (form.is_valid() and parts.is_valid()):
            messages.error(request, gettext("Nothing was saved: see the form below."))
            return self.render_to_response(self.get_context_data(form=form, parts=parts), status=400)
        combo = save_combo(form, parts)
        if new:
            messages.success(request, gettext("Gift combo created: now give it a price, a stock of boxes and photos."))
        else:
            messages.success(request, gettext("“%(title)s” saved.") % {"title": combo.get_title()})
        return redirect(reverse("producers-dashboard:product", kwargs={"pk": combo.pk}) + ("#details" if new else ""))
