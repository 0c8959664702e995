from django.conf import settings


def site(request):
    return {"site_name": settings.EQIAO_SITE_NAME}
