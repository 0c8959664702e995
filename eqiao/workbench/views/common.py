"""What the workbench views share: turning a service's error into a form error, paging."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.http import Http404

from eqiao.core.errors import ApplicationError, NotFoundError

PAGE_SIZE = 25


def form_error(form, exc: ApplicationError) -> None:
    """Show the service's message next to the field it names (or above the form), keeping
    everything the person typed."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


def paginate(request, queryset, *, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def get_or_404(selector, **kwargs):
    """Call a `*_get_for_staff` selector; outside the staff's scope it is simply not found."""
    try:
        return selector(**kwargs)
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
