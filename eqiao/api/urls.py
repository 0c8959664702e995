from django.urls import re_path

from eqiao.api.api import api
from eqiao.api.errors import unknown_path

# The project includes this module at /api/ under the namespace "api"; ninja reverses its
# own pages (the docs' link to openapi.json) as "api:…".
app_name = "api"
urlpatterns = [
    *api.urls[0],
    re_path(r"^(?:open311|v1)/(?P<path>.*)$", unknown_path, name="unknown"),
]
