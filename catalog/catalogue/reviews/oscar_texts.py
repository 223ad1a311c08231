"""Oscar's review texts that the site still shows — the review's fields and statuses, the vote
messages, the dashboard's review pages — named here so that `make messages` keeps their
Vietnamese in locale/vi, which overrides Oscar's own (Oscar's calls the score "Điểm tích lũy",
loyalty points, and a review "Xem lại"). The storefront's review pages are our own templates
(themes/default/templates/oscar/catalogue/reviews/)."""

from django.utils.translation import gettext_noop, pgettext_lazy

OSCAR_REVIEW_TEXTS = (
    # the review and the vote (oscar/apps/catalogue/reviews/abstract_models.py, apps.py, forms.py, views.py)
    gettext_noop("Score"),
    pgettext_lazy("Product review title", "Title"),
    pgettext_lazy("Anonymous reviewer name", "Name"),
    gettext_noop("Requires moderation"),
    gettext_noop("Approved"),
    gettext_noop("Rejected"),
    gettext_noop("Total Votes"),
    gettext_noop("Delta Votes"),
    gettext_noop("Product review"),
    gettext_noop("Product reviews"),
    gettext_noop("Anonymous reviews must include a name and an email"),
    gettext_noop("anonymous"),
    gettext_noop("Only signed in users can vote"),
    gettext_noop("Up"),
    gettext_noop("Down"),
    gettext_noop("Delta"),
    gettext_noop("Vote"),
    gettext_noop("Votes"),
    gettext_noop("You cannot vote on your own reviews"),
    gettext_noop("Only signed-in users can vote on reviews"),
    gettext_noop("You can only vote once on a review"),
    gettext_noop("Catalogue reviews"),
    gettext_noop("Recency"),
    gettext_noop("Thanks for voting!"),
    gettext_noop("Write a review"),
    gettext_noop("Is this review helpful?"),
    # the dashboard's review pages (oscar/apps/dashboard/reviews/, oscar/templates/oscar/dashboard/reviews/)
    gettext_noop("Reviews dashboard"),
    gettext_noop("Reviews"),
    gettext_noop("All reviews"),
    gettext_noop(" with status matching '%s'"),
    gettext_noop("Review"),
    gettext_noop("Review Search"),
    gettext_noop("Update status of selected reviews"),
    gettext_noop("No reviews found."),
    gettext_noop("Update review"),
    gettext_noop("Review #%(review_id)s"),
    gettext_noop("Review information"),
    gettext_noop("Delete review '%(title)s'?"),
    gettext_noop('Delete review "%(title)s"?'),
)
