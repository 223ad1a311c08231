"""CSRF tokens drawn from one ``os.urandom`` call each.

Every page with a form gives its visitor a CSRF token, and a page served from the page cache gets
its token filled in per response: a visitor without the cookie yet needs a new secret and a mask,
two random strings of 32 characters that Django draws with ``secrets.choice`` — 64 calls to
``os.urandom`` per page, about a quarter of what serving a cached page costs. :func:`random_string`
draws the same strings (32 characters of ``CSRF_ALLOWED_CHARS``, each equally likely: bytes
beyond the largest multiple of 62 are dropped, not folded) from one call, and replaces Django's
``_get_new_csrf_string`` (:func:`install`, from the app's ``ready()``); everything else about the
tokens — masking, cookies, checks — is Django's own.
"""

import os

from django.middleware import csrf

ALPHABET = csrf.CSRF_ALLOWED_CHARS
#: Bytes from here up are dropped: below it every character comes from exactly four byte values.
LIMIT = 256 - 256 % len(ALPHABET)


def random_string(length=csrf.CSRF_SECRET_LENGTH):
    chars = []
    while len(chars) < length:
        chars += [ALPHABET[byte % len(ALPHABET)] for byte in os.urandom(length + 8) if byte < LIMIT]
    return "".join(chars[:length])


def install():
    csrf._get_new_csrf_string = random_string
