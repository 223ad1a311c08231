"""Buyers' reviews: written only by a customer who received the product, shown only once staff
approved them (rules.py decides both), and only for a product that is listed today."""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.generic import CreateView
from oscar.apps.catalogue.reviews import views as oscar_views
from oscar.core.loading import get_model

from . import rules
from .forms import ProductReviewForm

Product = get_model("catalogue", "Product")


def listed_product(pk):
    """The product a review page is about: only a product listed today has review pages."""
    return get_object_or_404(Product.objects.listable(), pk=pk)


class CreateProductReview(oscar_views.CreateProductReview):
    """The review form, for a buyer who may review the product; anyone else gets the reason,
    no form, and HTTP 403 (on GET as on POST)."""

    form_class = ProductReviewForm

    def dispatch(self, request, *args, **kwargs):
        self.product = listed_product(kwargs["product_pk"])
        refusal = rules.why_not_review(self.product, request.user)
        if refusal:
            return self.refuse(refusal)
        return CreateView.dispatch(self, request, *args, **kwargs)  # Oscar's own check is replaced

    def refuse(self, reason):
        context = {"product": self.product, "refusal": reason}
        return TemplateResponse(self.request, self.template_name, context, status=403)

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except IntegrityError:  # the same buyer's review sent twice at once: the first one counts
            return self.refuse(rules.why_not_review(self.product, self.request.user) or rules.ALREADY_REVIEWED)

    def get_success_url(self):
        messages.success(self.request, rules.AWAITING_MODERATION)
        return self.product.get_absolute_url() + "#reviews"


class ProductReviewDetail(oscar_views.ProductReviewDetail):
    """One review of this product, if it is shown (approved, by a buyer); staff see any, to
    moderate it (the dashboard's "View on site")."""

    def get_queryset(self):
        self.product = listed_product(self.kwargs["product_pk"])
        if self.request.user.is_staff:
            return rules.with_verified(self.product.reviews.all())
        return rules.published(self.product)

    def get_context_data(self, **kwargs):
        return super(oscar_views.ProductReviewDetail, self).get_context_data(product=self.product, **kwargs)


class ProductReviewList(oscar_views.ProductReviewList):
    """A listed product's reviews that are shown, best or newest first."""

    def get_queryset(self):
        self.product = listed_product(self.kwargs["product_pk"])
        reviews = rules.published(self.product)
        self.form = oscar_views.SortReviewsForm(self.request.GET)
        recency = oscar_views.SortReviewsForm.SORT_BY_RECENCY
        if self.request.GET and self.form.is_valid() and self.form.cleaned_data["sort_by"] == recency:
            return reviews.order_by("-date_created", "-pk")
        return reviews.order_by("-score", "-date_created", "-pk")

    def get_context_data(self, **kwargs):
        context = super(oscar_views.ProductReviewList, self).get_context_data(**kwargs)
        context.update(product=self.product, form=self.form)
        return context


class AddVoteView(oscar_views.AddVoteView):
    """ "Was this review helpful?" — on a review that is shown, of this product only."""

    def post(self, request, *args, **kwargs):
        listed_product(self.kwargs["product_pk"])
        get_object_or_404(rules.published(), pk=self.kwargs["pk"], product_id=self.kwargs["product_pk"])
        return super().post(request, *args, **kwargs)
