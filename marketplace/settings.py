"""Settings for the OCOP marketplace.

Everything that differs between machines comes from the environment (django-environ).
With no environment at all the site runs on the embedded defaults: SQLite, the
database search backend, a local-memory cache and Celery tasks run inline.
"""

import datetime
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF, UNSAFE_HASHES, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _
from oscar.defaults import *  # noqa: F403  (Oscar's OSCAR_* defaults, overridden below)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# The default key is flagged by `check --deploy` (it starts with "django-insecure-").
SECRET_KEY = env("SECRET_KEY", default="django-insecure-ocop-marketplace-development-key-change-me")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_ID = 1
# The site's public address: every absolute link (e-mails, the CMS admin) is built from it.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "axes",
    # Our apps come first so their templates and translations win.
    "marketplace.adminunits",
    "marketplace.pagecache",
    "marketplace.salespoints",
    "marketplace.reports",
    "catalog.certification",
    "catalog.registry",
    "catalog.opendata",
    "catalog.combos",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "marketplace.api",
    "cms",
    "cms.stories",
    "cms.fairs",
    "cms.live",
    "cms.news",
    # Oscar, with our forks in place of the apps we change.
    "oscar.config.Shop",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "marketplace.checkout.apps.CheckoutConfig",
    "oscar.apps.address.apps.AddressConfig",
    "marketplace.shipping.apps.ShippingConfig",
    "catalog.catalogue.apps.CatalogueConfig",
    "catalog.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "marketplace.producers.apps.PartnerConfig",
    "marketplace.basket.apps.BasketConfig",
    "marketplace.payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "marketplace.order.apps.OrderConfig",
    "marketplace.customer.apps.CustomerConfig",
    "catalog.search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "marketplace.dashboard.apps.DashboardConfig",
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "marketplace.dashboard.orders.apps.OrdersDashboardConfig",
    "marketplace.dashboard.catalogue.apps.CatalogueDashboardConfig",
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
    "catalog.certification.dashboard.apps.CertificationDashboardConfig",
    "catalog.registry.dashboard.apps.RegistryDashboardConfig",
    "marketplace.salespoints.dashboard.apps.SalesPointsDashboardConfig",
    "marketplace.reports.dashboard.apps.ReportsDashboardConfig",
    "marketplace.producers.dashboard.apps.ProducersDashboardConfig",
    "marketplace.payment.dashboard.apps.PaymentDashboardConfig",
    "widget_tweaks",
    "treebeard",
    "django_tables2",
    "csp",
    "sorl.thumbnail",
    # Wagtail
    "wagtail_localize",
    "wagtail_localize.locales",  # Wagtail's locales admin, with "synchronise from Vietnamese"
    "wagtail.contrib.forms",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "marketplace.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "marketplace.pagecache.PageCacheMiddleware",  # serves stored pages before the rest runs
    "django.contrib.sessions.middleware.SessionMiddleware",
    "marketplace.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "oscar.apps.basket.middleware.BasketMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the lockout page
]

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "themes" / "default" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # Not Oscar's search_form (a form built for every page; our search box is plain
                # HTML) nor its notifications (a count query on every page of a signed-in
                # visitor, for a number our header does not show).
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.core.context_processors.metadata",
                "marketplace.context_processors.site",
                "marketplace.pagecache.csrf_placeholder",  # last: overrides csrf_token
            ],
        },
    },
]

# --- Data ---------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite cannot upgrade a reading transaction to a writing one while another process
    # writes ("database is locked"), so requests run in autocommit and wait for the lock.
    DATABASES["default"].update(ATOMIC_REQUESTS=False, CONN_MAX_AGE=0)
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    INSTALLED_APPS.append("django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "marketplace.rediscache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Whole public pages kept for anonymous visitors (marketplace/pagecache), for a minute at most and
# never past a change of what they show. Only with Redis by default: every process (web workers,
# the sync's command, Celery) must share the cache's generation.
PAGE_CACHE = env.bool("PAGE_CACHE", default=bool(REDIS_URL))

# Celery: Redis is the broker when REDIS_URL is set; without a broker tasks run inline.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"

ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
ELASTICSEARCH_INDEX = env("ELASTICSEARCH_INDEX", default="ocop-products")
# Words that mean the same to a shopper (matched without diacritics); edit to taste.
SEARCH_SYNONYMS = [
    ["trà", "chè"],
    ["heo", "lợn"],
    ["thơm", "dứa", "khóm"],
    ["bắp", "ngô"],
    ["mè", "vừng"],
    ["đậu phộng", "lạc"],
    ["rượu", "rượu trắng"],
]

# --- Registry -----------------------------------------------------------------------
REGISTRY_URL = env("REGISTRY_URL", default="")  # e.g. https://registry.example.vn/api
REGISTRY_TOKEN = env("REGISTRY_TOKEN", default="")

# --- Files --------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "themes" / "default" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "marketplace.staticfiles.ManifestStorage"
        if env.bool("STATIC_MANIFEST", default=not DEBUG)
        else "marketplace.staticfiles.PlainStorage"
    },
}
# Media is served by Django only when asked (the demo); production uses a web server or S3.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG)

# --- Language, time, money ----------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["marketplace.formats"]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

OSCAR_DEFAULT_CURRENCY = "VND"
OSCAR_CURRENCY_FORMAT = {"VND": {"format": "#,##0 ¤"}}
OSCAR_SHOP_NAME = "Chợ OCOP"
OSCAR_SHOP_TAGLINE = _("Certified One Commune One Product goods")
OSCAR_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="no-reply@ocop.local")
OSCAR_SLUG_ALLOW_UNICODE = False
OSCAR_SLUG_FUNCTION = "marketplace.text.vn_slugify"
OSCAR_PRODUCTS_PER_PAGE = 24
OSCAR_HOMEPAGE = "/"
OSCAR_ALLOW_ANON_CHECKOUT = True
# Orders: statuses and what may follow each (marketplace/order/statuses.py; the order's own
# status rolls up from its lines).
from marketplace.order import statuses as _statuses  # noqa: E402

OSCAR_INITIAL_ORDER_STATUS = _statuses.AWAITING_PAYMENT
OSCAR_INITIAL_LINE_STATUS = _statuses.NEW
OSCAR_ORDER_STATUS_PIPELINE = {status: tuple(_statuses.ORDER_LABELS) for status in _statuses.ORDER_LABELS}
OSCAR_LINE_STATUS_PIPELINE = _statuses.LINE_PIPELINE
# Payments (marketplace/payment/methods/): offered in this order at checkout.
PAYMENT_METHODS = [
    "marketplace.payment.methods.cod.CashOnDelivery",
    "marketplace.payment.methods.vietqr.BankTransfer",
    "marketplace.payment.methods.stripe.Card",
]
COD_LIMIT = env.int("COD_LIMIT", default=5_000_000)  # đồng; 0 = no limit
# Product reviews (catalog/catalogue/reviews/rules.py): only a signed-in customer who received the
# product may review it, once; staff approve each review (dashboard, Reviews) before it appears.
OSCAR_ALLOW_ANON_REVIEWS = False
OSCAR_MODERATE_REVIEWS = True
# Bank transfer with VietQR (marketplace/payment/methods/vietqr.py): the shop's account that
# shoppers transfer to. Until all four are set the method is listed but not offered (checkout
# says so); a partial or invalid setting is reported by `manage.py check`.
VIETQR_BANK_BIN = env("VIETQR_BANK_BIN", default="")  # the bank's 6-digit NAPAS BIN, e.g. 970436
VIETQR_BANK_NAME = env("VIETQR_BANK_NAME", default="")  # as shoppers know it, e.g. Vietcombank
VIETQR_ACCOUNT_NUMBER = env("VIETQR_ACCOUNT_NUMBER", default="")
VIETQR_ACCOUNT_NAME = env("VIETQR_ACCOUNT_NAME", default="")  # the holder, as the bank shows it
# Card payments through Stripe PaymentIntents (marketplace/payment/methods/stripe.py). Without
# both keys the card method is offered as unavailable; the webhook
# (/payments/stripe/webhook/) refuses every event until STRIPE_WEBHOOK_SECRET is set. The API
# base and the Stripe.js address are Stripe's own; tests point them at a local stand-in
# (localstripe). Their origins are added to the Content-Security-Policy of the card page only.
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env("STRIPE_API_BASE", default="https://api.stripe.com")
STRIPE_JS_URL = env("STRIPE_JS_URL", default="https://js.stripe.com/v3/")
# Delivery (marketplace/shipping/): each producer sends its own parcel, priced by zone
# (marketplace/shipping/zones.py: same province, same or neighbouring region, nationwide) and
# by the parcel's weight: the price of the first band that holds it, plus "per_extra_kg" for
# each started kilogram above the last band. Amounts in đồng, weights in grams.
SHIPPING_RATES = {
    "province": {
        "bands": [(500, 16_000), (1_000, 19_000), (2_000, 24_000), (5_000, 35_000), (10_000, 55_000)],
        "per_extra_kg": 3_000,
    },
    "region": {
        "bands": [(500, 22_000), (1_000, 27_000), (2_000, 35_000), (5_000, 52_000), (10_000, 85_000)],
        "per_extra_kg": 6_000,
    },
    "nationwide": {
        "bands": [(500, 30_000), (1_000, 36_000), (2_000, 48_000), (5_000, 75_000), (10_000, 125_000)],
        "per_extra_kg": 10_000,
    },
}
# The weight of one item whose product has none (Product.weight_grams), by classification code
# (Decision 148; the most specific code that matches; "" for anything else).
SHIPPING_DEFAULT_WEIGHT_GRAMS = {
    "I": 500,  # food: a jar of honey, a bag of tea or dried goods
    "I.1": 1_000,  # fresh food, packed cold
    "I.2.a": 2_000,  # rice and cereals, sold by the bag
    "II": 1_000,  # a bottle
    "III": 300,  # herbal products, cosmetics, essential oils
    "IV": 800,  # handicrafts, textiles
    "V": 2_000,  # plants and animals, with pot or cage
    "": 500,
}
#: How many sales points at most are offered for pickup (nearest first, else by district).
SHIPPING_PICKUP_POINTS = 10
# Checkout contact and address (marketplace/checkout/forms.py): Vietnamese phone numbers, read
# as national numbers and shown "0912 345 678"; Vietnam has no postcode (the address is street,
# commune, province), so Oscar's address models require only the street.
PHONENUMBER_DEFAULT_REGION = "VN"
PHONENUMBER_DEFAULT_FORMAT = "NATIONAL"
OSCAR_REQUIRED_ADDRESS_FIELDS = ("line1",)


def _producers_menu(user, *args, **kwargs):
    """The producer area's menu entries: for producers' users (staff have Oscar's catalogue)."""
    from marketplace.producers.access import is_producer

    return is_producer(user)


def _staff_menu(user, url_name, *args, **kwargs):
    from oscar.apps.dashboard.nav import default_access_fn

    return user.is_staff and default_access_fn(user, url_name, *args, **kwargs)


def _stories_menu(user, *args, **kwargs):
    """The producer's stories (cms/stories): for producers' users, and staff who help them."""
    from marketplace.producers.access import is_producer, is_staff

    return is_staff(user) or is_producer(user)


OSCAR_DASHBOARD_NAVIGATION = [
    {
        "label": _("Your products"),
        "icon": "fas fa-seedling",
        "url_name": "producers-dashboard:product-list",
        "access_fn": _producers_menu,
    },
    {
        "label": _("Notices"),
        "icon": "fas fa-bell",
        "url_name": "producers-dashboard:notices",
        "access_fn": _producers_menu,
    },
    {
        "label": _("API key"),
        "icon": "fas fa-key",
        "url_name": "producers-dashboard:api-key",
        "access_fn": _producers_menu,
    },
    {
        "label": _("Product stories"),
        "icon": "fas fa-book-open",
        "url_name": "stories-dashboard:story-list",
        "access_fn": _stories_menu,
    },
    # Oscar's catalogue menu is staff's: a producer's menu leads to its own area, made for a phone
    # (Oscar's product pages still answer a producer by the ownership rule). Oscar's "Reports" item
    # becomes a menu: the province's reports first, then Oscar's own.
    *(
        {**item, "access_fn": _staff_menu}
        if item.get("icon") == "fas fa-sitemap"
        else {
            "label": item["label"],
            "icon": item["icon"],
            "children": [
                {"label": _("Province reports"), "url_name": "province-reports:dashboard"},
                {"label": _("Orders, products and offers"), "url_name": item["url_name"]},
            ],
        }
        if item.get("url_name") == "dashboard:reports-index"
        else item
        for item in OSCAR_DASHBOARD_NAVIGATION  # noqa: F405
    ),
    {"label": _("Order lines to prepare"), "icon": "fas fa-box-open", "url_name": "dashboard:order-lines"},
    {
        "label": _("OCOP registry"),
        "icon": "fas fa-certificate",
        "children": [
            {"label": _("Sync runs"), "url_name": "registry-dashboard:registry-sync-runs"},
            {"label": _("Certificates to watch"), "url_name": "certification-dashboard:certificates-to-watch"},
        ],
    },
    {
        "label": _("Sales points"),
        "icon": "fas fa-store",
        "children": [
            {"label": _("Sales points list"), "url_name": "salespoints-dashboard:sales-point-list"},
            {"label": _("Coverage"), "url_name": "salespoints-dashboard:sales-point-coverage"},
            {"label": _("Sales-point files"), "url_name": "salespoints-dashboard:sales-points-import"},
        ],
    },
    {
        "label": _("Payments"),
        "icon": "fas fa-money-check-alt",
        "children": [
            {"label": _("Bank transfers"), "url_name": "payment-dashboard:transfers"},
            {"label": _("Import a bank statement"), "url_name": "payment-dashboard:statement"},
        ],
    },
]

# --- Auth ---------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "marketplace.logins.LoginThrottleBackend",  # first: refuses locked-out attempts
    "oscar.apps.customer.auth_backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_REDIRECT_URL = "/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling (django-axes) on every login form: after AXES_FAILURE_LIMIT wrong passwords
# for one account from one address, that account is locked out from that address (HTTP 429,
# even with the right password) until AXES_COOLOFF_TIME has passed since the last failure.
# Counting per account *and* address means a stranger guessing from elsewhere cannot lock the
# owner out. A successful login resets the count. See marketplace/logins.py.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "marketplace.logins.lockout_username"
AXES_CLIENT_IP_CALLABLE = "marketplace.logins.client_ip"
AXES_LOCKOUT_CALLABLE = "marketplace.logins.lockout_response"
AXES_VERBOSE = False
# Who producers ask for an account when the registry has no e-mail address for them (shown on
# the claim page, marketplace/producers/accounts.py), e.g. "Văn phòng Điều phối OCOP tỉnh Bắc
# Giang — 0204 3854 123 — ocop@bacgiang.gov.vn". Empty: the page says to ask the province's office.
OCOP_OFFICE_CONTACT = env("OCOP_OFFICE_CONTACT", default="")

# --- Search -------------------------------------------------------------------------
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# --- Wagtail ------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Chợ OCOP"
# Pages are written in Vietnamese and translated into English with wagtail-localize (README,
# "Publishing"): each language has its page tree, one URL serves the visitor's language.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_ALLOW_UNICODE_SLUGS = False  # page addresses without diacritics, as everywhere on the site
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Tags of news articles are filters in addresses (/tin-tuc/?tag=mat-ong): slugs without diacritics.
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# Photos producers upload from a phone (marketplace/producers/photos.py): the same limits, and
# the longest side a photo is stored at.
PHOTO_MAX_UPLOAD_SIZE = env.int("PHOTO_MAX_UPLOAD_SIZE", default=WAGTAILIMAGES_MAX_UPLOAD_SIZE)
PHOTO_MAX_PIXELS = env.int("PHOTO_MAX_PIXELS", default=WAGTAILIMAGES_MAX_IMAGE_PIXELS)
PHOTO_MAX_SIDE = env.int("PHOTO_MAX_SIDE", default=2400)
# A producer is told when no more than this is left of a product for sale online.
LOW_STOCK_THRESHOLD = env.int("LOW_STOCK_THRESHOLD", default=3)
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "csv"]
# The admin calls no third party (and its Content-Security-Policy would block it): no Gravatar
# pictures (they would send a hash of each editor's e-mail address), no release check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# --- Mail ---------------------------------------------------------------------------
EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = OSCAR_FROM_EMAIL
SERVER_EMAIL = OSCAR_FROM_EMAIL

# The sales-point map's background (Leaflet, served from our static files, draws it): tiles
# from OpenStreetMap unless MAP_TILE_URL names another server. The list works without them.
MAP_TILES = {
    "url": env("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
    "attribution": env(
        "MAP_TILE_ATTRIBUTION",
        default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
    ),
}
_TILE_ORIGIN = "{0.scheme}://{0.netloc}".format(urlsplit(MAP_TILES["url"]))

# --- Security -----------------------------------------------------------------------
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
# Oscar's own cookies (an anonymous visitor's basket, the recently viewed products) are sent
# over HTTPS only, like the session's; Oscar sets both HttpOnly. Oscar's list of cookies to
# delete on logout names a cookie it never sets; the history cookie is the one to delete.
OSCAR_BASKET_COOKIE_SECURE = OSCAR_RECENTLY_VIEWED_COOKIE_SECURE = SESSION_COOKIE_SECURE
OSCAR_COOKIES_DELETE_ON_LOGOUT = [OSCAR_RECENTLY_VIEWED_COOKIE_NAME]
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
BEHIND_TLS_PROXY = env.bool("BEHIND_TLS_PROXY", default=False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"  # Wagtail marks its own preview views same-origin.
# Content-Security-Policy (django-csp). The storefront runs no inline script (its behaviours
# are theme/js/ui.js's), so its policy names no nonce; a template that needs one (the page-load
# hook of oscar/base.html) gets the request's nonce added to the policy. JSON-LD blocks are data,
# not script. Oscar's basket and checkout templates hide form parts with
# style="display:none": that one style attribute is allowed by its hash (style-src-attr).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_HASHES, "'sha256-aqNNdDLnnrDOnTNdkJpYlAxKVJtLt9CtFLklmInuUAE='"],
        "img-src": [SELF, "data:", _TILE_ORIGIN],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# Wagtail's admin, Oscar's dashboard and Django's admin are built with inline scripts and
# styles (and Wagtail previews pages in a frame): under these prefixes a looser policy applies,
# still limited to our own origin (marketplace.middleware.ContentSecurityPolicyMiddleware).
ADMIN_URL_PREFIXES = ("/cms-admin/", "/dashboard/", "/django-admin/")
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
    }
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "django_tasks": {"level": "WARNING"}},
}

# --- Registry sync ------------------------------------------------------------------
# A sync that would delist more than this share of the listed products is held for review.
REGISTRY_MAX_DELIST_SHARE = env.float("REGISTRY_MAX_DELIST_SHARE", default=0.10)
REGISTRY_ALERT_EMAILS = env.list("REGISTRY_ALERT_EMAILS", default=[])
REGISTRY_SYNC_HOUR = env.int("REGISTRY_SYNC_HOUR", default=2)  # nightly, Asia/Ho_Chi_Minh
CELERY_BEAT_SCHEDULE = {
    "registry-sync": {
        "task": "catalog.registry.tasks.sync_registry_task",
        "schedule": crontab(hour=REGISTRY_SYNC_HOUR, minute=0),
    },
    "certificate-expiry-notices": {
        "task": "catalog.certification.tasks.daily_certificate_task",
        "schedule": crontab(hour=6, minute=0),
    },
    # Pages scheduled by the province's editors go live and expire on time (cms/tasks.py).
    "publish-scheduled-pages": {"task": "cms.tasks.publish_scheduled_task", "schedule": crontab(minute="*")},
    # Product views counted in the cache, added to the database (catalog/catalogue/viewcount.py).
    "flush-product-views": {"task": "catalog.catalogue.tasks.flush_product_views", "schedule": crontab(minute="*/5")},
}


# --- API (marketplace/api): Django REST Framework, OpenAPI schema by drf-spectacular ------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["marketplace.api.throttles.AnonThrottle", "marketplace.api.throttles.UserThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# Requests per client (anonymous: per address; with a token or signed in: per user), in the
# shared cache (Redis in production, so every worker counts together).
API_THROTTLE_RATES = {
    "anon": env("API_THROTTLE_ANON", default="120/minute"),
    "user": env("API_THROTTLE_USER", default="600/minute"),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Chợ OCOP API",
    "DESCRIPTION": (
        "Certified OCOP products listed on the marketplace, certificates, sales points and trade "
        "fairs (read-only, no sign-in); a producer's own products with a token "
        "(`Authorization: Token <key>`)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["marketplace.api.schema.only_the_api"],
}
