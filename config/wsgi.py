"""The WSGI application (gunicorn, waitress).

Building it also does what every process would otherwise do on its first requests — load
the text engine's models, the translation catalogues, the URL patterns and the templates —
so that no citizen waits for them; under gunicorn's `preload_app` it is done once, before
the workers fork, and shared by them."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
application = get_wsgi_application()


def warm_up() -> None:
    from django.conf import settings
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template
    from django.urls import reverse
    from django.utils import translation

    from eqiao.intake.services.reading import text_engine_preload

    text_engine_preload()
    reverse("portal:home")
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("首页")
    for name in ("portal/home.html", "portal/track.html", "portal/submit.html", "404.html"):
        try:
            get_template(name)
        except TemplateDoesNotExist:
            pass


warm_up()
