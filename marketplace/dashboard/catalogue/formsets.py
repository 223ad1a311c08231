from oscar.apps.dashboard.catalogue import formsets

from marketplace.producers import access


class StockRecordFormSet(formsets.StockRecordFormSet):
    """Stock and prices: a producer sees and adds only its own stock records of its own product.
    Oscar demands one stock record of the user's partner on every save; a producer's product may
    have none (a showcase), as ownership is ``Product.producer``."""

    def __init__(self, product_class, user, *args, **kwargs):
        kwargs.setdefault("queryset", access.stockrecords_for(user))
        super().__init__(product_class, user, *args, **kwargs)
        self.require_user_stockrecord = False

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if not access.is_staff(self.user) and "partner" in form.fields:
            owner = self.instance.producer_id or (self.instance.parent.producer_id if self.instance.parent else None)
            form.fields["partner"].queryset = access.producers_of(self.user).filter(pk=owner)
        return form


class ProductRecommendationFormSet(formsets.ProductRecommendationFormSet):
    """A producer recommends only its own products."""

    def __init__(self, product_class, user, *args, **kwargs):
        self.user = user
        super().__init__(product_class, user, *args, **kwargs)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if "recommendation" in form.fields:
            form.fields["recommendation"].queryset = access.products_for(self.user)
        return form
