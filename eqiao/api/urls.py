import functools

from django.urls import URLPattern, path, re_path
from django.utils.translation import gettext as _

from eqiao.api import wechat
from eqiao.api.api import api
from eqiao.api.errors import error_response, unknown_path


def _method_not_allowed_in_our_format(pattern: URLPattern) -> URLPattern:
    """django-ninja answers a wrong method with an HTML 405; give it in the endpoint's own
    error format (JSON, or XML for an Open311 .xml path), with its Allow header."""
    view = pattern.callback

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code != 405 or "Allow" not in response:
            return response
        allowed = response["Allow"]
        answer = error_response(
            request,
            405,
            _("不支持 %(method)s 请求，这个地址只接受：%(allowed)s。")
            % {"method": request.method[:10], "allowed": allowed},
        )
        answer["Allow"] = allowed
        return answer

    return URLPattern(pattern.pattern, wrapped, pattern.default_args, pattern.name)


# The project includes this module at /api/ under the namespace "api"; ninja reverses its
# own pages (the docs' link to openapi.json) as "api:…".
app_name = "api"
urlpatterns = [
    *(_method_not_allowed_in_our_format(pattern) for pattern in api.urls[0]),
    # WeChat's server posts XML here (docs/wechat.md): a plain view, not the JSON API.
    path("wechat/callback", wechat.callback, name="wechat_callback"),
    re_path(r"^(?:open311|v1)/(?P<path>.*)$", unknown_path, name="unknown"),
]
