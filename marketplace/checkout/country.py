"""The one country the shop delivers to. Oscar's address forms want a shipping country from its
Country table, which nothing else fills: Vietnam is put there after every ``migrate`` (and
after a test's flush), and the address form sets it without asking."""

VIETNAM = "VN"


def ensure_vietnam(using="default", **kwargs):
    from oscar.core.loading import get_model

    get_model("address", "Country")._default_manager.using(using).update_or_create(
        iso_3166_1_a2=VIETNAM,
        defaults={
            "iso_3166_1_a3": "VNM",
            "iso_3166_1_numeric": "704",
            "printable_name": "Việt Nam",
            "name": "Cộng hòa Xã hội chủ nghĩa Việt Nam",
            "is_shipping_country": True,
        },
    )
