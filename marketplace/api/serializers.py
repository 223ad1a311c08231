"""What the API answers: listed products, certificates (what the verification page says), sales
points and fairs; and what a producer may change on its own products."""

from django.urls import reverse
from rest_framework import serializers

from marketplace.site import absolute_url


def _verification_url(code):
    return absolute_url(reverse("certification:verify", kwargs={"code": code}))


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class ProducerSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    province = serializers.SerializerMethodField(help_text="The producer's current province.")
    url = serializers.SerializerMethodField()

    def get_province(self, producer) -> str:
        return producer.province.short_name if producer.province_id else ""

    def get_url(self, producer) -> str:
        return absolute_url(producer.get_absolute_url())


class ProductSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    product_code = serializers.CharField(allow_null=True)
    stars = serializers.IntegerField(source="certificate.stars")
    certificate_code = serializers.CharField(source="certificate.code")
    valid_until = serializers.DateField(source="certificate.valid_until")
    verification_url = serializers.SerializerMethodField()
    group = serializers.SerializerMethodField()
    producer = ProducerSerializer()
    price = serializers.SerializerMethodField(help_text="In VND; null when not sold online.")
    currency = serializers.SerializerMethodField()
    available_online = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    def _record(self, product):
        for record in product.stockrecords.all():
            if record.partner_id == product.producer_id:
                return record
        return None

    def get_verification_url(self, product) -> str:
        return _verification_url(product.certificate.code)

    def get_group(self, product) -> str:
        return product.group.code if product.group_id else ""

    def get_price(self, product) -> int | None:
        record = self._record(product)
        return int(record.price) if record is not None and record.price is not None else None

    def get_currency(self, product) -> str:
        return "VND"

    def get_available_online(self, product) -> bool:
        record = self._record(product)
        return bool(record and record.price is not None and (record.num_in_stock or 0) > (record.num_allocated or 0))

    def get_url(self, product) -> str:
        return absolute_url(product.get_absolute_url())


class PageSerializer(serializers.Serializer):
    """One page of a list: ``count`` in all, this ``page`` (from 1) of ``num_pages``."""

    count = serializers.IntegerField()
    page = serializers.IntegerField()
    num_pages = serializers.IntegerField()


class ProductPageSerializer(PageSerializer):
    results = ProductSerializer(many=True)


class CertificateSerializer(serializers.Serializer):
    code = serializers.CharField()
    product_name = serializers.CharField()
    product_code = serializers.CharField(source="product.product_code", allow_null=True)
    producer = serializers.CharField(source="producer.name", allow_null=True)
    stars = serializers.IntegerField()
    level = serializers.CharField()
    decision_number = serializers.CharField()
    decision_date = serializers.DateField()
    valid_until = serializers.DateField()
    status = serializers.CharField(help_text="valid, suspended, revoked or expired")
    status_in_words = serializers.SerializerMethodField()
    certifies_today = serializers.SerializerMethodField(help_text="3 stars or more, valid and not expired today.")
    is_current = serializers.SerializerMethodField(help_text="The product's current certificate.")
    listed = serializers.SerializerMethodField(help_text="The product is on sale on the marketplace today.")
    verification_url = serializers.SerializerMethodField()
    product_url = serializers.SerializerMethodField()

    def get_status_in_words(self, certificate) -> str:
        return str(certificate.status_in_words())

    def get_certifies_today(self, certificate) -> bool:
        return certificate.certifies_today()

    def get_is_current(self, certificate) -> bool:
        return certificate.product is not None and certificate.product.certificate_id == certificate.pk

    def get_listed(self, certificate) -> bool:
        return self.get_is_current(certificate) and certificate.product.is_listable()

    def get_verification_url(self, certificate) -> str:
        return _verification_url(certificate.code)

    def get_product_url(self, certificate) -> str | None:
        return absolute_url(certificate.product.get_absolute_url()) if self.get_listed(certificate) else None


class SalesPointSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    address = serializers.CharField()
    province = serializers.CharField(source="legacy_province.short_name", allow_null=True)
    district = serializers.CharField(source="legacy_district.short_name", allow_null=True)
    phone = serializers.CharField()
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    url = serializers.SerializerMethodField()

    def get_url(self, point) -> str:
        return absolute_url(point.get_absolute_url())


class SalesPointPageSerializer(PageSerializer):
    results = SalesPointSerializer(many=True)


class FairSerializer(serializers.Serializer):
    title = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    venue = serializers.CharField(source="venue_name")
    address = serializers.CharField()
    province = serializers.CharField(source="legacy_province.short_name", allow_null=True)
    district = serializers.CharField(source="legacy_district.short_name", allow_null=True)
    organiser = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, fair) -> str:
        return absolute_url(fair.url)


class OwnProductSerializer(serializers.Serializer):
    """A producer's own product: what it may change (price, stock online, description, weight)."""

    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    listed = serializers.SerializerMethodField()
    why_not_listed = serializers.SerializerMethodField()
    price = serializers.IntegerField(required=False, allow_null=True, min_value=0, help_text="In VND.")
    num_in_stock = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    description = serializers.CharField(required=False, allow_blank=True, help_text="Plain text.")
    weight_grams = serializers.IntegerField(required=False, allow_null=True, min_value=0)

    def get_listed(self, product) -> bool:
        return product.is_listable()

    def get_why_not_listed(self, product) -> str | None:
        reason = product.why_not_listable()
        return str(reason) if reason else None
