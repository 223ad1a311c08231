from marketplace.producers import access


class PartnerProductFilterMixin:
    """Oscar's product list, edit and delete views restrict their queryset here: by the ownership rule."""

    def filter_queryset(self, queryset):
        return access.products_for(self.request.user, queryset)
