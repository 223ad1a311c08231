import re
from html import unescape

from django import forms
from django.db import transaction
from django.db.models import F
from django.utils.html import escape, linebreaks, strip_tags
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from marketplace import pagecache
from marketplace.producers import access
from marketplace.producers.photos import PhotoField

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
ProductImage = get_model("catalogue", "ProductImage")

MAX_PRICE = 1_000_000_000  # ₫ — far above any OCOP product, low enough to catch a slip of the thumb
MAX_STOCK = 1_000_000


def html_to_text(html):
    """The text of a description written as HTML (by the registry import or by staff), with its
    paragraphs and line breaks, for the producer's plain text box."""
    html = re.sub(r"(?i)<br\s*/?>", "\n", html or "")
    html = re.sub(r"(?i)</(p|div|li|h[1-6])>", "\n\n", html)
    return re.sub(r"\n{3,}", "\n\n", unescape(strip_tags(html))).strip()


def text_to_html(text):
    """Plain text typed on a phone as HTML paragraphs and line breaks; anything that looks like
    markup is shown as typed, never interpreted."""
    text = (text or "").strip()
    return linebreaks(escape(text)) if text else ""


def own_stockrecord(product):
    """The producer's own stock record of ``product`` (online stock and price), or ``None`` for a
    showcase product that is not sold online yet."""
    return product.own_stockrecord()


class ProductForm(forms.ModelForm):
    """What the producer owns on its product: the description, the weight that prices delivery,
    the price and the stock it sells online. What the registry owns is not in this form at all
    (access.REGISTRY_FIELDS), so nothing a producer posts can change it."""

    price = forms.IntegerField(
        label=_("Price (₫)"),
        min_value=0,
        max_value=MAX_PRICE,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    num_in_stock = forms.IntegerField(
        label=_("Stock for sale online"),
        min_value=0,
        max_value=MAX_STOCK,
        required=False,
        help_text=_("How many you can send to online buyers now (not counting the sales points' stock)."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    class Meta:
        model = Product
        fields = ["description", "weight_grams"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "weight_grams": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = own_stockrecord(self.instance)
        if self.record is not None:
            self.fields["price"].initial = int(self.record.price) if self.record.price is not None else None
            self.fields["num_in_stock"].initial = self.record.num_in_stock
        self.fields["weight_grams"].widget.attrs.setdefault("min", 0)
        if not self.is_bound:
            self.initial["description"] = html_to_text(self.instance.description)

    def clean_description(self):
        """Plain text typed on a phone, kept as paragraphs and line breaks; anything that looks
        like markup is shown as typed, never interpreted."""
        return text_to_html(self.cleaned_data.get("description", ""))

    def clean(self):
        data = super().clean()
        price, stock = data.get("price"), data.get("num_in_stock")
        selling = self.record is not None or stock
        if selling and price is None and "price" not in self.errors:
            self.add_error("price", _("Set the price to sell this product online."))
        if self.record is not None and stock is not None and stock < (self.record.num_allocated or 0):
            self.add_error(
                "num_in_stock",
                _("%(count)s are already reserved for orders: the stock cannot be less.")
                % {"count": self.record.num_allocated or 0},
            )
        return data

    @transaction.atomic
    def save(self, commit=True):
        product = super().save()
        price, stock = self.cleaned_data.get("price"), self.cleaned_data.get("num_in_stock")
        record = self.record
        if record is None and price is not None:
            record = StockRecord(
                product=product,
                partner=product.producer,
                partner_sku=product.product_code or f"OCOP-{product.pk}",
                price_currency="VND",
                num_in_stock=0,
            )
        if record is not None:
            record.price = price
            # Only the fields the producer sets: orders being placed move num_allocated meanwhile.
            if stock is not None:
                record.num_in_stock = stock
            if record.pk is None:
                record.save()
            else:
                record.save(update_fields=["price", "num_in_stock", "date_updated"])
                record.refresh_from_db(fields=["num_allocated"])
        self.record = record
        return product


class PointStockForm(forms.Form):
    """The product's stock at the sales points the producer supplies: one quantity per point
    that holds it, and a point to start supplying among those that already hold the producer's
    other products (the province sets up a new point; the producer keeps its shelves filled)."""

    def __init__(self, *args, rows, points, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[f"point_{row.pk}"] = forms.IntegerField(
                label=row.point.name,
                min_value=row.num_allocated,
                max_value=MAX_STOCK,
                initial=row.num_in_stock,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                error_messages={
                    "min_value": _("%(count)s are reserved for orders to pick up here: the stock cannot be less.")
                    % {"count": row.num_allocated}
                },
            )
            row.field = f"point_{row.pk}"
        self.points = points
        if points:
            self.fields["add_point"] = forms.ModelChoiceField(
                label=_("Start supplying another point"), queryset=points, required=False, empty_label="—"
            )
            self.fields["add_quantity"] = forms.IntegerField(
                label=_("Quantity there"),
                min_value=0,
                max_value=MAX_STOCK,
                required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )

    def clean(self):
        data = super().clean()
        if data.get("add_point") and data.get("add_quantity") is None:
            self.add_error("add_quantity", _("How many do you bring to this point?"))
        return data

    @transaction.atomic
    def save(self, product):
        from marketplace.salespoints.models import PointStock

        for row in self.rows:
            quantity = self.cleaned_data[row.field]
            # The reservation check again, in the database: a pickup order may have reserved more meanwhile.
            PointStock.objects.filter(pk=row.pk, num_allocated__lte=quantity).exclude(num_in_stock=quantity).update(
                num_in_stock=quantity
            )
        point = self.cleaned_data.get("add_point")
        if point is not None:
            PointStock.objects.update_or_create(
                point=point, product=product, defaults={"num_in_stock": self.cleaned_data["add_quantity"]}
            )
            PointStock.objects.filter(point=point, product=product, num_allocated__gt=F("num_in_stock")).update(
                num_in_stock=F("num_allocated")
            )
        pagecache.bump()  # update() sends no signal


class PhotoForm(forms.Form):
    photo = PhotoField(label=_("Add a photo"))
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)

    @transaction.atomic
    def save(self, product):
        last = product.images.order_by("-display_order").values_list("display_order", flat=True).first()
        order = 0 if last is None else last + 1  # a first photo is the main one
        image = ProductImage(product=product, caption=self.cleaned_data["caption"], display_order=order)
        image.original.save(self.cleaned_data["photo"].name, self.cleaned_data["photo"], save=False)
        image.save()
        return image


class ListingForm(forms.Form):
    action = forms.ChoiceField(choices=[("withdraw", _("Withdraw")), ("republish", _("Republish"))])


class PhotoActionForm(forms.Form):
    action = forms.ChoiceField(choices=[("delete", _("Delete")), ("main", _("Make main photo"))])


def supplied_points(user, product):
    """The active points that hold any of the user's products but not this one yet."""
    from marketplace.salespoints.models import SalesPoint

    held = access.point_stock_for(user).values("point")
    return SalesPoint.objects.filter(pk__in=held, is_active=True).exclude(stock__product=product).order_by("name")
