from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from oscar.core.loading import get_model

from .renditions import make_renditions

ProductImage = get_model("catalogue", "ProductImage")


@receiver(post_save, sender=ProductImage, dispatch_uid="product-image-renditions")
def product_image_saved(sender, instance, **kwargs):
    if instance.original:
        name = instance.original.name
        transaction.on_commit(lambda: make_renditions(name))
