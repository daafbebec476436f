"""Django settings for Terreau, read from the environment.

DATABASE_URL chooses the database (default: an SQLite file under var/); TERREAU_DEBUG,
TERREAU_SECRET_KEY, TERREAU_ALLOWED_HOSTS and TERREAU_DATA_DIR tune the rest.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("TERREAU_VAR_DIR", BASE_DIR.parent / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("TERREAU_DEBUG", False)
SECRET_KEY = os.environ.get("TERREAU_SECRET_KEY", "terreau-local-only-change-me-in-production")
ALLOWED_HOSTS = os.environ.get("TERREAU_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks_db",
    "terreau.core",
    "terreau.accounts",
    "terreau.territory",
    "terreau.catalog",
    "terreau.indicators",
    "terreau.atlas",
    "terreau.scenarios",
    "terreau.surveys",
    "terreau.analysis",
    "terreau.directory",
    "terreau.actions",
    "terreau.monitoring",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "terreau.urls"
WSGI_APPLICATION = "terreau.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "terreau.accounts.context_processors.memberships",
                "terreau.core.context_processors.map_tiles",
                "terreau.scenarios.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'terreau.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes an import. Memory-mapped reads
    # make the cached map layers (blobs of several MB) 5x faster to read (territory.layers).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                        "PRAGMA mmap_size=268435456;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "fr"
# French only until an English translation exists: following the browser's language would
# mix English (Django's own words, dates, numbers) into French pages.
LANGUAGES = [("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"

# Uploads: files above this size are refused with a message (see territory.forms).
TERREAU_MAX_UPLOAD_MB = int(os.environ.get("TERREAU_MAX_UPLOAD_MB", "200"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Folder of open data used by the demo (communes, IRIS list...). See `terreau demo --data`.
TERREAU_DATA_DIR = os.environ.get("TERREAU_DATA_DIR", "")
# Where `terreau demo` downloads official contours when it has no data folder (geo.api.gouv.fr)
# and asks for the real IRIS contours when online (IGN Géoplateforme WFS); tests point them at
# a local server.
TERREAU_GEO_API_URL = os.environ.get("TERREAU_GEO_API_URL", "https://geo.api.gouv.fr")
TERREAU_IGN_WFS_URL = os.environ.get("TERREAU_IGN_WFS_URL", "https://data.geopf.fr/wfs/ows")

# Maps draw the zones themselves, with no basemap. An optional raster basemap: a tile URL
# template ("https://tuiles.example.org/{z}/{x}/{y}.png") and the credit its provider asks for.
TERREAU_TILE_URL = os.environ.get("TERREAU_TILE_URL", "")
TERREAU_TILE_ATTRIBUTION = os.environ.get("TERREAU_TILE_ATTRIBUTION", "")
# The address of this site, for the links of e-mails (notifications of the scenarios).
TERREAU_SITE_URL = os.environ.get("TERREAU_SITE_URL", "http://127.0.0.1:8000")

MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "TERREAU_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
        )
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "terreau.accounts.backends.RoleBackend",
]
