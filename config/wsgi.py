"""The WSGI application (gunicorn, waitress). Building it loads the text engine's models,
so that the first petition after a start does not wait for them."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
application = get_wsgi_application()

from eqiao.intake.services.reading import text_engine_preload  # noqa: E402

text_engine_preload()
