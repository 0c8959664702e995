from eqiao.api.api import api

# The project includes this module at /api/ under the namespace "api"; ninja reverses its
# own pages (the docs' link to openapi.json) as "api:…".
app_name = "api"
urlpatterns = api.urls[0]
