"""Photos that producers upload from a phone — one door for every upload form of the producer
area (product photos, story photos):

* the file must be a JPEG, PNG or WebP picture that Pillow can read, of at most
  ``PHOTO_MAX_UPLOAD_SIZE`` bytes and ``PHOTO_MAX_PIXELS`` pixels; the pixel count is read from
  the header before anything is decoded, so a decompression bomb (a small file that would
  expand into gigabytes) is refused without being expanded;
* a phone photo stands as it was taken (its EXIF orientation is applied) and is stored
  without its metadata (the EXIF of a phone photo carries the GPS position of the farm or the
  home, the phone's serial number, …): it is re-encoded, which also drops anything hidden
  after the image data;
* a photo larger than ``PHOTO_MAX_SIDE`` on its longest side is scaled down (renditions for
  the pages are made from the stored file: catalog/catalogue/renditions.py).
"""

import io
import posixpath
import warnings

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def _limits():
    return settings.PHOTO_MAX_UPLOAD_SIZE, settings.PHOTO_MAX_PIXELS, settings.PHOTO_MAX_SIDE


def clean_photo(upload):
    """Check an uploaded file and return a clean copy (a ``ContentFile`` named ``<stem>.jpg`` or
    ``.png``), or raise ``forms.ValidationError`` saying what is wrong in words a producer
    understands."""
    max_bytes, max_pixels, max_side = _limits()
    if upload.size > max_bytes:
        raise forms.ValidationError(
            _("This photo is %(size)s; the largest we accept is %(limit)s. Take it again at a lower resolution."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)  # reads the header only
            fmt = image.format
            width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise forms.ValidationError(
            _("This picture has too many pixels: the most we accept is %(limit)s million pixels."),
            code="too_many_pixels",
            params={"limit": max_pixels // 1_000_000},
        ) from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise forms.ValidationError(
            _("This file is not a photo we can read. Send a JPEG, PNG or WebP picture."), code="not_an_image"
        ) from None
    if fmt not in FORMATS:
        raise forms.ValidationError(
            _("Photos must be JPEG, PNG or WebP pictures (this one is %(format)s)."),
            code="format",
            params={"format": fmt or "?"},
        )
    if width * height > max_pixels:
        raise forms.ValidationError(
            _("This picture is %(width)s × %(height)s pixels; the most we accept is %(limit)s million pixels."),
            code="too_many_pixels",
            params={"width": width, "height": height, "limit": max_pixels // 1_000_000},
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
            image = ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise forms.ValidationError(_("This photo is damaged or incomplete. Send it again."), code="damaged") from None
    if max(image.size) > max_side:
        image.thumbnail((max_side, max_side), Image.LANCZOS)
    transparent = image.mode in ("RGBA", "LA", "P") and fmt == "PNG"
    buffer = io.BytesIO()
    if transparent:
        image.convert("RGBA").save(buffer, "PNG", optimize=True)  # no text chunks, no EXIF
        ext = "png"
    else:
        image.convert("RGB").save(buffer, "JPEG", quality=88, optimize=True)  # no EXIF, no ICC extras
        ext = "jpg"
    stem = posixpath.splitext(posixpath.basename(upload.name or "photo"))[0][:80] or "photo"
    return ContentFile(buffer.getvalue(), name=f"{stem}.{ext}")


class PhotoField(forms.FileField):
    """A form field for a photo: on a phone, the picker offers the camera as well as the gallery;
    ``cleaned_data`` holds the clean copy from :func:`clean_photo`."""

    widget = forms.ClearableFileInput

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", "image/jpeg,image/png,image/webp")

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return clean_photo(upload)
