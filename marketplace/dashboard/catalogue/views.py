from django.contrib import messages
from django.db.models import ProtectedError, Q
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.catalogue import views
from oscar.core.loading import get_model

from catalog.certification.models import Certificate
from catalog.search.index import index_products
from marketplace import pagecache
from marketplace.producers import access

Product = get_model("catalogue", "Product")


class ProductLookupView(views.ProductLookupView):
    """The product picker (select2): only the products the user may reach."""

    def get_queryset(self):
        return access.products_for(self.request.user, super().get_queryset())


class ProductCreateUpdateView(views.ProductCreateUpdateView):
    """Oscar's product form with the registry-owned fields read-only where the ownership rule
    says so; the categories (the registry's classification) are then shown, not edited."""

    def get_object(self, queryset=None):
        product = super().get_object(queryset)
        self.registry_locked = access.registry_fields_locked(self.request.user, product)
        if self.registry_locked:
            self.formsets.pop("category_formset", None)
        return product

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "registry_locked": self.registry_locked}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["registry_locked"] = self.registry_locked
        return ctx


class ProductDeleteView(views.ProductDeleteView):
    """A product with OCOP certificates is never deleted: its certificates and their history stay
    (the QR code on the packaging keeps answering). The page says so and offers to withdraw the
    listing instead."""

    def certificates(self):
        return Certificate.objects.filter(Q(product=self.object) | Q(product__parent=self.object))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["certificates"] = self.certificates()
        return ctx

    def delete(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not self.certificates().exists():
            try:
                return super().delete(request, *args, **kwargs)
            except ProtectedError:
                pass
        messages.error(
            request,
            _("This product cannot be deleted: it has OCOP certificates. Withdraw its listing instead."),
        )
        return self.render_to_response(self.get_context_data(), status=409)


class ProductBulkActionConfirmView(views.ProductBulkActionConfirmView):
    """Oscar's bulk actions (public / non-public, prices) write with ``QuerySet.update()``, which
    sends no signal: the search index of the products they touched is brought up to date here."""

    def execute_action(self, request, form):
        ids = list(self.get_objects(form).values_list("pk", flat=True))
        result = super().execute_action(request, form)
        index_products(ids)
        pagecache.bump()
        return result
