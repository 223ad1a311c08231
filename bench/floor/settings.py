"""Django's own defaults as ``startproject`` writes them, production-style (no debug, cached
templates), on the site's database."""

import os
from pathlib import Path

import environ

SECRET_KEY = os.environ.get("SECRET_KEY", "floor-" + "x" * 50)
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "bench.floor.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).parent / "templates"],
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
DATABASES = {"default": environ.Env().db("DATABASE_URL", default="sqlite:///var/db.sqlite3")}
# Connections kept as the site keeps them: a minute on PostgreSQL, one a request on SQLite.
SQLITE = DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
DATABASES["default"]["CONN_MAX_AGE"] = 0 if SQLITE else int(os.environ.get("CONN_MAX_AGE", 60))
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
LANGUAGE_CODE = "vi"
