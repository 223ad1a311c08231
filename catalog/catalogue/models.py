from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from oscar.apps.catalogue.abstract_models import AbstractCategory, AbstractProduct
from oscar.apps.catalogue.managers import ProductQuerySet as OscarProductQuerySet

from catalog.listing import listable_q, why_not_listable
from marketplace.text import code_key_expression

from .classification import Fulfilment
from .richtext import sanitize_html


class Category(AbstractCategory):
    """A node of Decision 148's classification (``code`` "I.2.b"), or a category of our own."""

    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    fulfilment = models.CharField(_("fulfilment"), max_length=10, choices=Fulfilment.choices, default=Fulfilment.SHIP)

    @property
    def display_name(self):
        return self.name_en if get_language() == "en" and self.name_en else self.name


class ProductQuerySet(OscarProductQuerySet):
    def listable(self, at=None):
        """Products that may be shown and sold at ``at`` — see catalog/listing.py."""
        return self.filter(listable_q(at), parent=None)

    def certified(self, at=None):
        """Listable products certified in their own name — gift combos (made of such products)
        left out: what open data, reports, feeds and the API count and describe."""
        return self.listable(at).filter(is_combo=False)

    def for_cards(self):
        """What a product card needs, in one query. Its pictures and stock records are prefetched
        by :func:`catalog.catalogue.cards.render_cards` for the cards it renders, in two more
        queries for any number of cards (a card taken from the cache needs neither)."""
        return self.select_related(
            "certificate", "producer__legacy_province", "producer__legacy_district", "group", "product_class"
        )


class Product(AbstractProduct):
    product_code = models.CharField(
        _("OCOP product code"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The registry's product code; stable across re-certification."),
    )
    producer = models.ForeignKey(
        "partner.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="products",
        verbose_name=_("producer"),
    )
    group = models.ForeignKey(
        Category,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("product group"),
        help_text=_("The top level of the classification (I–VI)."),
    )
    subgroup = models.ForeignKey(
        Category,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("classification"),
        help_text=_("The most specific classification known (nhóm or phân nhóm)."),
    )
    certificate = models.ForeignKey(
        "certification.Certificate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current certificate"),
    )
    stars = models.PositiveSmallIntegerField(
        _("stars"),
        null=True,
        blank=True,
        db_index=True,
        editable=False,
        help_text=_("The stars of the current certificate."),
    )

    is_combo = models.BooleanField(
        _("gift combo"),
        default=False,
        editable=False,
        help_text=_("A gift box of listed products (catalog/combos): listed while every product in it is."),
    )

    weight_grams = models.PositiveIntegerField(
        _("weight (grams)"),
        null=True,
        blank=True,
        help_text=_(
            "The weight of one item as packed for delivery, in grams; it prices home delivery. "
            "Left empty, a typical weight for its product group is used."
        ),
    )

    # The product code as the certificate lookup matches it (marketplace.text.code_key).
    code_key = models.GeneratedField(
        expression=code_key_expression("product_code"), output_field=models.CharField(max_length=120), db_persist=True
    )

    objects = ProductQuerySet.as_manager()

    class Meta(AbstractProduct.Meta):
        indexes = [models.Index(fields=["stars", "-date_created"]), models.Index(fields=["code_key"])]

    def save(self, *args, **kwargs):
        # The description is rich text from producers: stored safe whichever path saves it.
        self.description = sanitize_html(self.description)
        super().save(*args, **kwargs)

    def why_not_listable(self, at=None):
        return why_not_listable(self, at)

    def own_stockrecord(self):
        """The producer's own stock record (its price and online stock), or ``None`` for a
        showcase product not sold online (from prefetched stock records when there are)."""
        for record in self.stockrecords.all():
            if record.partner_id == self.producer_id:
                return record
        return None

    def is_listable(self, at=None):
        return self.why_not_listable(at) is None

    # Reviews: who may write one and which count are decided in catalog/catalogue/reviews/rules.py.
    def is_review_permitted(self, user):
        from .reviews import rules

        return rules.why_not_review(self, user) is None

    def calculate_rating(self):
        from .reviews import rules

        return rules.buyers_rating(self)["average"]

    @property
    def num_approved_reviews(self):
        from .reviews import rules

        return rules.published(self).count()


from oscar.apps.catalogue.models import *  # noqa: E402, F403
