from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("eqiao.api.urls")),
    path("staff/", include("eqiao.workbench.urls")),
    path("", include("eqiao.portal.urls")),
]
# MEDIA_URL is deliberately not served: attachments hold personal data and are downloaded only
# through the workbench's scoped, audited view.
