"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), in JSON and XML.

`endpoints` holds the routes (each served as `.json` and `.xml`), `reading` who may see
which request and how a request is described, `xml` the XML rendering. Nothing is imported
here, so that `eqiao.api.errors` can use the XML renderer without importing the routes.
"""
