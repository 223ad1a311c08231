from oscar.apps.dashboard.catalogue.forms import ProductForm as OscarProductForm

from catalog.catalogue.richtext import sanitize_html
from marketplace.producers.access import REGISTRY_FIELDS


class ProductForm(OscarProductForm):
    """Oscar's product form; with ``registry_locked`` the registry-owned fields are shown but
    disabled, so a forged POST cannot change them (Django keeps a disabled field's initial value).
    Producers and staff set the weight that prices home delivery (``weight_grams``)."""

    class Meta(OscarProductForm.Meta):
        fields = [*OscarProductForm.Meta.fields, "weight_grams"]

    def __init__(self, product_class, *args, registry_locked=False, **kwargs):
        super().__init__(product_class, *args, **kwargs)
        self.registry_locked = registry_locked
        if registry_locked:
            for name in REGISTRY_FIELDS:
                if name in self.fields:
                    self.fields[name].disabled = True

    def clean_description(self):
        return sanitize_html(self.cleaned_data.get("description", ""))
