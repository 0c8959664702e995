"""The three views Django serves as a plain project would write them."""

import json
import secrets

from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from rows.models import Row


@require_GET
def hello(request):
    return JsonResponse({"hello": "world"})


@csrf_exempt
@require_POST
def row_insert(request):
    data = json.loads(request.body)
    row = Row.objects.create(
        key=secrets.token_hex(8),
        name=data.get("name", ""),
        phone=data.get("phone", ""),
        text=data.get("content", ""),
    )
    return JsonResponse({"id": row.pk, "key": row.key}, status=201)


@require_GET
def row_read(request, key):
    row = Row.objects.filter(key=key).values("key", "name", "text", "created_at").first()
    if row is None:
        raise Http404
    return JsonResponse(row)
