from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from oscar.core.loading import get_model

from .rules import SCORES

ProductReview = get_model("reviews", "ProductReview")

SCORE_LABELS = {
    5: _("5 – Excellent"),
    4: _("4 – Good"),
    3: _("3 – Average"),
    2: _("2 – Poor"),
    1: _("1 – Very poor"),
}


class ProductReviewForm(forms.ModelForm):
    """A buyer's review: a score from 1 to 5, a title and a text. Who may send it is decided
    before the form is shown (rules.why_not_review); the author is always the signed-in buyer."""

    score = forms.TypedChoiceField(
        label=_("Your score for this product"),
        choices=[(score, SCORE_LABELS[score]) for score in SCORES],
        coerce=int,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(label=pgettext_lazy("Product review title", "Title"), max_length=120)
    body = forms.CharField(
        label=_("Your review"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What you liked or did not like about the product itself: taste, quality, packaging."),
    )

    def __init__(self, product, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.product = product
        self.instance.user = user

    class Meta:
        model = ProductReview
        fields = ("score", "title", "body")
