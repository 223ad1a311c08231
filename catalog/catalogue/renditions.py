"""Responsive renditions of product images (JPEG and WebP at a few widths).

They are made once, when an image is saved (or by ``manage.py make_renditions``), and their
paths follow from the original's, so a page lists product pictures without any query or
file-system lookup.
"""

import io
import posixpath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

WIDTHS = (320, 640, 960)
FORMATS = {
    "webp": ("WEBP", "image/webp", {"quality": 78, "method": 4}),
    "jpg": ("JPEG", "image/jpeg", {"quality": 82, "progressive": True}),
}
ROOT = "renditions"


def rendition_name(original_name, width, ext):
    stem = posixpath.splitext(original_name)[0]
    return f"{ROOT}/{width}/{stem}.{ext}"


def rendition_url(original_name, width, ext):
    return default_storage.url(rendition_name(original_name, width, ext))


def make_renditions(original_name, storage=default_storage):
    """Write every rendition of the image stored at ``original_name``; returns how many."""
    with storage.open(original_name, "rb") as f:
        image = ImageOps.exif_transpose(Image.open(f))
        image.load()
    image = image.convert("RGB")
    made = 0
    for width in WIDTHS:
        resized = (
            image
            if image.width <= width
            else image.resize((width, round(image.height * width / image.width)), Image.LANCZOS)
        )
        for ext, (fmt, _mime, options) in FORMATS.items():
            buffer = io.BytesIO()
            resized.save(buffer, fmt, **options)
            name = rendition_name(original_name, width, ext)
            if storage.exists(name):
                storage.delete(name)
            storage.save(name, ContentFile(buffer.getvalue()))
            made += 1
    return made
