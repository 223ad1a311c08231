"""The producer's story form, made for a phone: a title, a short introduction, the story typed as
plain text (paragraphs separated by an empty line; stored escaped, as rich text paragraphs),
up to six photos from the camera or the gallery, and a video link."""

import html
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.rich_text import RichText

from cms.videos import MAX_LENGTH, validate_video_url
from marketplace.producers import access
from marketplace.producers.photos import PhotoField

Product = get_model("catalogue", "Product")

MAX_PHOTOS = 6
MAX_TEXT = 20_000
#: The collection of the CMS image library that holds the photos producers upload (one
#: sub-collection per producer), so that editors find them in one place.
PHOTOS_COLLECTION = "Ảnh của chủ thể"


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(PhotoField):
    """Several photos at once (a phone's gallery lets one pick several); each is checked and
    cleaned by ``clean_photo``, and every refused file is named in the error."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultiplePhotoInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        photos, errors = [], []
        for upload in files:
            try:
                photos.append(super().clean(upload, initial))
            except ValidationError as error:
                name = getattr(upload, "name", "") or "?"
                errors += [f"{name}: {message}" for message in error.messages]
        if errors:
            raise ValidationError(errors)
        return [photo for photo in photos if photo]


class ProductField(forms.ModelChoiceField):
    def label_from_instance(self, product):
        return product.get_title()

    def to_python(self, value):
        if isinstance(value, str) and "\x00" in value:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


def text_to_rich_text(text):
    """Plain text typed by a producer as Wagtail rich text: a paragraph for each block of lines
    separated by an empty line, line breaks kept, everything escaped. Wagtail's editor reads
    this format back (``<br/>``, not ``<br>``: its parser wants the element closed)."""
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if part.strip()]
    return "".join(
        "<p>" + "<br/>".join(escape(line.strip()) for line in part.split("\n")) + "</p>" for part in paragraphs
    )


def story_text(body):
    """The text of a story's paragraphs as the producer typed it (paragraphs separated by an
    empty line), from its body's text blocks."""
    paragraphs = []
    for block in body:
        if block.block_type != "paragraph":
            continue
        source = block.value.source
        source = re.sub(r"<br\s*/?>", "\n", source)
        source = re.sub(r"</(p|h2|h3|li)>", "\n\n", source)
        text = html.unescape(re.sub(r"<[^>]*>", "", source))
        paragraphs += [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]
    return "\n\n".join(paragraphs)


def story_photos(body):
    """The photo blocks of a story's body: ``[(image, caption)]``, in order."""
    return [
        (block.value["image"], block.value.get("caption", ""))
        for block in body
        if block.block_type == "image" and block.value["image"] is not None
    ]


def photos_collection(producer):
    """The producer's sub-collection of "Ảnh của chủ thể" (created when first needed)."""
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")  # as Wagtail's migration makes it
    parent = root.get_children().filter(name=PHOTOS_COLLECTION).first() or root.add_child(name=PHOTOS_COLLECTION)
    if producer is None:
        return parent
    name = f"{producer.name} ({producer.code})"[:255]
    return parent.get_children().filter(name=name).first() or parent.add_child(name=name)


class StoryForm(forms.Form):
    product = ProductField(
        queryset=Product.objects.none(),
        label=_("Product"),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of your products.")},
    )
    title = forms.CharField(label=_("Title"), max_length=255)
    intro = forms.CharField(
        label=_("Introduction"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One or two sentences, shown on the product page and in the list of stories."),
    )
    text = forms.CharField(
        label=_("Your story"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Who you are, how the product is made, what makes it special. Leave an empty line between paragraphs."
        ),
    )
    photos = PhotosField(
        label=_("Add photos"),
        required=False,
        help_text=_("Up to 6 photos in all: JPEG, PNG or WebP, taken with your phone or chosen from its gallery."),
    )
    remove_photos = forms.TypedMultipleChoiceField(
        label=_("Remove these photos"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    video_url = forms.URLField(
        label=_("Video link"),
        required=False,
        max_length=MAX_LENGTH,
        assume_scheme="https",
        validators=[validate_video_url],
        help_text=_("Optional: the link of a video on YouTube, Facebook, TikTok or Vimeo."),
    )

    def __init__(self, *args, user, story=None, draft=None, **kwargs):
        """``story`` is the page being edited (``None`` when creating) and ``draft`` its latest
        revision, whose values the form shows and changes."""
        self.user, self.story, self.draft = user, story, draft
        self.current_photos = story_photos(draft.body) if draft is not None else []
        initial = kwargs.setdefault("initial", {})
        if draft is not None:
            initial.update(
                product=draft.product_id,
                title=draft.title,
                intro=draft.intro,
                text=story_text(draft.body),
                video_url=draft.video_url,
            )
        super().__init__(*args, **kwargs)
        products = access.products_for(user).filter(parent=None)
        if story is not None and story.producer_id:
            products = products.filter(producer_id=story.producer_id)
        self.fields["product"].queryset = products.order_by("title", "pk")
        if access.is_staff(user):
            # Staff reach every product: they type its OCOP code rather than scroll thousands.
            self.fields["product"].to_field_name = "product_code"
            self.fields["product"].widget = forms.TextInput()
            self.fields["product"].help_text = _("The OCOP product code, e.g. 24-218-0007.")
            self.fields["product"].error_messages["invalid_choice"] = _("No product has this OCOP code.")
            if draft is not None:
                self.initial["product"] = draft.product.product_code
        self.fields["remove_photos"].choices = [(image.pk, image.title) for image, _caption in self.current_photos]

    def photo_rows(self):
        """The story's photos for the form: ``[(image, ticked for removal)]``."""
        ticked = {str(value) for value in (self["remove_photos"].value() or [])}
        return [(image, str(image.pk) in ticked) for image, _caption in self.current_photos]

    def clean_text(self):
        return self.cleaned_data["text"].strip()

    def clean(self):
        data = super().clean()
        removed = set(data.get("remove_photos") or [])
        kept = [photo for photo in self.current_photos if photo[0].pk not in removed]
        added = data.get("photos") or []
        if len(kept) + len(added) > MAX_PHOTOS:
            self.add_error(
                "photos",
                _("A story has at most %(max)d photos: it has %(kept)d, so add at most %(free)d more (or remove some).")
                % {"max": MAX_PHOTOS, "kept": len(kept), "free": max(MAX_PHOTOS - len(kept), 0)},
            )
        self.kept_photos = kept
        return data

    def apply(self, page):
        """Put the form's values on ``page`` (a new page, or the draft of a story) and store the new
        photos in the CMS image library; saving the page is the caller's."""
        data = self.cleaned_data
        page.product = data["product"]
        if page.pk is None:
            page.producer = data["product"].producer
        page.title = page.draft_title = data["title"].strip()
        page.intro = data["intro"].strip()
        page.video_url = data["video_url"]
        collection = photos_collection(page.producer)
        photos = list(self.kept_photos)
        for number, photo in enumerate(data.get("photos") or [], start=len(photos) + 1):
            image = get_image_model()(
                title=f"{page.title} – {number}"[:255], file=photo, collection=collection, uploaded_by_user=self.user
            )
            image._set_image_file_metadata()
            image.save()
            photos.append((image, ""))
        others = [
            (block.block_type, block.value)
            for block in (self.draft.body if self.draft is not None else [])
            if block.block_type not in ("paragraph", "image")
        ]
        text = [("paragraph", RichText(text_to_rich_text(data["text"])))] if data["text"] else []
        page.body = text + [("image", {"image": image, "caption": caption}) for image, caption in photos] + others
        return page


class WithdrawForm(forms.Form):
    """Nothing to fill: the story's submission is withdrawn (POST only, with its CSRF token)."""
