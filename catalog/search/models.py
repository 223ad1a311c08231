from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchDocument(models.Model):
    """What the database search backend searches and counts: one row per *listable* product,
    with its text folded (no diacritics, lower case) and its facet values. Only products the
    listing rule accepts get a row, and catalog/search/index.py removes a row the moment its
    product is delisted; expiry is date-based, so queries also ask ``valid_until >= today``.
    The products shown are loaded through the listing rule once more."""

    product = models.OneToOneField(
        "catalogue.Product", on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    title = models.TextField()  # folded, padded with spaces: " mat ong luc nam " (longer than the name)
    text = models.TextField()  # folded title, producer, places and description: " mat ong luc nam … "
    accented = models.TextField()  # the same words lower-cased with their diacritics: " mật ong lục nam … "
    province = models.CharField(max_length=8, blank=True, db_index=True)
    district = models.CharField(max_length=8, blank=True, db_index=True)
    group = models.CharField(max_length=8, blank=True, db_index=True)
    subgroup = models.CharField(max_length=20, blank=True)
    producer = models.IntegerField(null=True, db_index=True)
    stars = models.PositiveSmallIntegerField(null=True)
    price = models.DecimalField(max_digits=12, decimal_places=0, null=True)
    buy_online = models.BooleanField(default=False)
    combo = models.BooleanField(default=False)  # a gift combo (catalog/combos)
    decision_date = models.DateField(null=True)
    valid_until = models.DateField(null=True, db_index=True)  # expiry needs no re-indexing
    vector = SearchVectorField(null=True)  # PostgreSQL only: weighted full-text vector

    class Meta:
        indexes = [models.Index(fields=["stars"]), models.Index(fields=["price"])]

    def __str__(self):
        return self.title
