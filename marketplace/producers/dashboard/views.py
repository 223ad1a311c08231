"""The producer's own area, made for a phone. Every object comes through the ownership rule
(marketplace/producers/access.py): an id of another producer's product, photo or notice is a
404, whatever is posted."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.generic import ListView, TemplateView
from oscar.core.loading import get_model

from catalog.certification.models import local_today
from catalog.combos.parts import parts_prefetch
from catalog.combos.views import ComboView
from marketplace import pagecache
from marketplace.producers import access
from marketplace.producers.notices import check_low_stock
from marketplace.text import printable

from .forms import (
    ListingForm,
    PhotoActionForm,
    PhotoForm,
    PointStockForm,
    ProductForm,
    own_stockrecord,
    supplied_points,
)

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

STATES = {"listed", "not_listed", "withdrawn"}


def _products(user):
    return (
        access.products_for(user)
        .filter(parent=None)
        .select_related("certificate", "producer", "subgroup", "group")
        .prefetch_related(
            Prefetch("images", queryset=ProductImage.objects.order_by("display_order", "pk")),
            Prefetch("stockrecords", queryset=StockRecord.objects.order_by("pk")),
            parts_prefetch(),
        )
    )


def _annotate(product, today):
    product.not_listable_reason = product.why_not_listable()
    product.own_record = own_stockrecord(product)
    product.photos = list(product.images.all())
    certificate = product.certificate
    product.days_left = (certificate.valid_until - today).days if certificate else None
    return product


class ProductListView(ListView):
    """The producer's products, showcase-only ones included, each with what a producer checks
    first: listed or why not, stars, certificate expiry, price and stock online."""

    template_name = "producers_dashboard/product_list.html"
    context_object_name = "products"
    paginate_by = 20

    def get_queryset(self):
        products = _products(self.request.user)
        self.q = self.request.GET.get("q", "").strip()[:100]
        if not printable(self.q):
            self.q = ""
        if self.q:
            products = products.filter(Q(title__icontains=self.q) | Q(product_code__iexact=self.q))
        self.state = self.request.GET.get("state", "")
        if self.state == "listed":
            products = products.listable()
        elif self.state == "not_listed":
            products = products.exclude(pk__in=Product.objects.listable().values("pk"))
        elif self.state == "withdrawn":
            products = products.filter(is_public=False)
        else:
            self.state = ""
        return products.order_by("title", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = local_today()
        for product in context["products"]:
            _annotate(product, today)
        context.update(q=self.q, state=self.state)
        return context


class ProductView(TemplateView):
    """One product: what the registry says (read-only), and what the producer sets — description,
    weight, price and online stock, stock at its sales points, photos, and whether it is listed."""

    template_name = "producers_dashboard/product.html"

    def dispatch(self, request, *args, **kwargs):
        self.product = get_object_or_404(_products(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def point_rows(self):
        return list(
            access.point_stock_for(self.request.user)
            .filter(product=self.product)
            .select_related("point")
            .order_by("point__name", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        product = _annotate(self.product, local_today())
        context.update(
            product=product,
            form=kwargs.get("form") or ProductForm(instance=product),
            points_form=kwargs.get("points_form")
            or PointStockForm(rows=self.point_rows(), points=supplied_points(self.request.user, product)),
            photo_form=kwargs.get("photo_form") or PhotoForm(),
            certificate=product.certificate,
        )
        return context

    def post(self, request, *args, **kwargs):
        if "save_points" in request.POST:
            form = PointStockForm(
                request.POST, rows=self.point_rows(), points=supplied_points(request.user, self.product)
            )
            if not form.is_valid():
                messages.error(request, gettext("Nothing was saved: see the stock at sales points below."))
                return self.render_to_response(self.get_context_data(points_form=form), status=400)
            form.save(self.product)
            messages.success(request, gettext("Stock at the sales points saved."))
            return redirect(self.url("points"))
        form = ProductForm(request.POST, instance=self.product)
        if not form.is_valid():
            messages.error(request, gettext("Nothing was saved: see the form below."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        form.save()
        if form.record is not None:
            transaction.on_commit(lambda: check_low_stock([form.record]))
        messages.success(request, gettext("“%(title)s” saved.") % {"title": self.product.get_title()})
        return redirect(self.url())

    def url(self, fragment=""):
        url = reverse("producers-dashboard:product", kwargs={"pk": self.product.pk})
        return f"{url}#{fragment}" if fragment else url


class ProductActionView(ProductView):
    """POST-only actions on one product (withdraw/republish, add a photo); they answer with the
    product page."""

    http_method_names = ["post"]


class ListingView(ProductActionView):
    def post(self, request, *args, **kwargs):
        form = ListingForm(request.POST)
        if not form.is_valid():
            messages.error(request, gettext("Choose whether to withdraw or republish the listing."))
            return redirect(self.url())
        public = form.cleaned_data["action"] == "republish"
        if self.product.is_public != public:
            self.product.is_public = public
            self.product.save(update_fields=["is_public", "date_updated"])
        if public:
            reason = self.product.why_not_listable()
            if reason:
                messages.warning(request, gettext("Republished, but not listed yet: %(reason)s") % {"reason": reason})
            else:
                messages.success(request, gettext("Listed again: shoppers can find and buy it."))
        else:
            messages.success(request, gettext("Withdrawn: shoppers no longer see it. Republish it any time."))
        return redirect(self.url())


class PhotoAddView(ProductActionView):
    def post(self, request, *args, **kwargs):
        form = PhotoForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, gettext("The photo was not added: see below."))
            return self.render_to_response(self.get_context_data(photo_form=form), status=400)
        form.save(self.product)
        messages.success(request, gettext("Photo added."))
        return redirect(self.url("photos"))


class PhotoView(ProductActionView):
    """Delete a photo, or make it the main one (the first shown)."""

    def dispatch(self, request, *args, **kwargs):
        products = access.products_for(request.user).filter(parent=None)
        self.image = get_object_or_404(ProductImage.objects.filter(product__in=products), pk=kwargs["image"])
        kwargs["pk"] = self.image.product_id
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        form = PhotoActionForm(request.POST)
        if form.is_valid() and form.cleaned_data["action"] == "delete":
            self.image.delete()
            messages.success(request, gettext("Photo deleted."))
        elif form.is_valid():
            with transaction.atomic():
                images = list(self.product.images.select_for_update().order_by("display_order", "pk"))
                images.sort(key=lambda image: image.pk != self.image.pk)
                for order, image in enumerate(images):
                    if image.display_order != order:
                        ProductImage.objects.filter(pk=image.pk).update(display_order=order)
                pagecache.bump()  # update() sends no signal
            messages.success(request, gettext("This photo is now shown first."))
        return redirect(self.url("photos"))


class NoticeListView(ListView):
    """The producer's notices, newest first, the unread ones marked; "Mark all as read" (a POST)
    clears the count shown in the producer's home page."""

    template_name = "producers_dashboard/notices.html"
    context_object_name = "notices"
    paginate_by = 30

    def get_queryset(self):
        return access.producer_notices_for(self.request.user).select_related("producer")

    def post(self, request, *args, **kwargs):
        access.producer_notices_for(request.user).filter(read_at=None).update(read_at=timezone.now())
        messages.success(request, gettext("All notices marked as read."))
        return redirect("producers-dashboard:notices")


class ApiKeyView(TemplateView):
    """The key a producer's user gives a program (its own shop software, a spreadsheet script) to
    change its products through the API (/api/producer/products/): made, replaced or deleted
    here, by POST; a replaced or deleted key stops working at once. Staff reach only their own."""

    template_name = "producers_dashboard/api_key.html"
    ACTIONS = {"make", "replace", "delete"}

    def get_context_data(self, **kwargs):
        from rest_framework.authtoken.models import Token

        return super().get_context_data(token=Token.objects.filter(user=self.request.user).first(), **kwargs)

    def post(self, request, *args, **kwargs):
        from rest_framework.authtoken.models import Token

        action = request.POST.get("action")
        if action not in self.ACTIONS:
            messages.error(request, gettext("Nothing was changed."))
            return redirect("producers-dashboard:api-key")
        with transaction.atomic():
            Token.objects.filter(user=request.user).delete()
            if action != "delete":
                Token.objects.create(user=request.user)
        done = {
            "make": gettext("Your API key is ready."),
            "replace": gettext("A new API key replaces the old one, which no longer works."),
            "delete": gettext("Your API key is deleted: programs using it can no longer change your products."),
        }
        messages.success(request, done[action])
        return redirect("producers-dashboard:api-key")


urlpatterns = [
    path("products/", ProductListView.as_view(), name="product-list"),
    path("combos/new/", ComboView.as_view(), name="combo-new"),
    path("combos/<int:pk>/", ComboView.as_view(), name="combo"),
    path("products/<int:pk>/", ProductView.as_view(), name="product"),
    path("products/<int:pk>/listing/", ListingView.as_view(), name="product-listing"),
    path("products/<int:pk>/photos/", PhotoAddView.as_view(), name="product-photo-add"),
    path("photos/<int:image>/", PhotoView.as_view(), name="product-photo"),
    path("notices/", NoticeListView.as_view(), name="notices"),
    path("api-key/", ApiKeyView.as_view(), name="api-key"),
]
