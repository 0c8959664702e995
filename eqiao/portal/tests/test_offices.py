"""A citizen can reach every office: the list by county and the map link to each office's
submit page, a petition filed there lands there, and each office's poster carries a QR code
that scans to that page."""

from __future__ import annotations

import re

import numpy as np
import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from eqiao.intake.models import Petition
from eqiao.offices.models import Procuratorate
from eqiao.offices.services import procuratorate_locate

pytestmark = pytest.mark.django_db
OFFICES = reverse("portal:offices")


@pytest.fixture
def located(office_tree):
    t = office_tree
    for office, lat, lng in (
        (t.city, 36.457, 115.985),
        (t.guanxian, 36.484, 115.442),
        (t.qingshui, 36.551, 115.534),
        (t.ganguantun, 36.432, 115.573),
        (t.linqing, 36.838, 115.705),
        (t.lindong, 36.844, 115.736),
    ):
        procuratorate_locate(office=office, latitude=lat, longitude=lng)
    return t


def test_the_page_lists_every_office_grouped_by_county(client, located):
    page = client.get(OFFICES).content.decode()
    for office in Procuratorate.objects.all():
        assert office.name in page
        assert reverse("portal:submit_to_office", args=[office.pk]) in page
    start = page.index(f'<h2 id="county-{located.guanxian.pk}"')
    guanxian = page[start : page.index("</section>", start)]
    assert located.qingshui.name in guanxian and located.ganguantun.name in guanxian
    assert located.lindong.name not in guanxian


def test_the_map_has_a_dot_linking_to_each_office(client, located):
    page = client.get(OFFICES).content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    links = re.findall(r'<a href="([^"]+)" class="map-office', svg)
    assert len(links) == Procuratorate.objects.count()
    assert reverse("portal:submit_to_office", args=[located.qingshui.pk]) in links
    assert "cdn" not in page.lower() and "http://" not in svg.replace("http://www.w3.org", "")


def test_home_and_submit_pages_link_to_the_office_chooser(client, office_tree):
    assert f'href="{OFFICES}"' in client.get(reverse("portal:home")).content.decode()
    assert f'href="{OFFICES}"' in client.get(reverse("portal:submit")).content.decode()


def test_the_qingshui_link_files_the_petition_at_qingshui(client, located):
    page = client.get(OFFICES).content.decode()
    url = reverse("portal:submit_to_office", args=[located.qingshui.pk])
    assert f'href="{url}"' in page
    form = client.get(url).content.decode()
    assert located.qingshui.name in form
    key = re.search(r'name="idempotency_key" value="([^"]+)"', form).group(1)
    response = client.post(
        url,
        {
            "idempotency_key": key,
            "kind": "complaint",
            "content": "村里的土地补偿款一直没有发下来，请检察院帮忙查一查。",
            "name": "王建国",
            "phone": "13812345678",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Petition.objects.get().office == located.qingshui


def _decode_svg_qr(svg: str) -> list[str]:
    zxingcpp = pytest.importorskip("zxingcpp")
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    matrix = np.zeros((size, size), dtype=bool)
    for x, y, w in re.findall(r'<rect x="(\d+)" y="(\d+)" width="(\d+)" height="1"/>', svg):
        matrix[int(y), int(x) : int(x) + int(w)] = True
    image = np.where(np.kron(matrix, np.ones((8, 8), dtype=bool)), 0, 255).astype(np.uint8)
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_the_poster_qr_code_scans_to_the_offices_submit_page(client, located, settings):
    settings.EQIAO_PUBLIC_BASE_URL = "https://eqiao.example.cn"
    office = located.qingshui
    Procuratorate.objects.filter(pk=office.pk).update(
        address="冠县清水镇政府东侧", phone="0635-5201234"
    )
    page = client.get(reverse("portal:office_poster", args=[office.pk])).content.decode()
    assert office.name in page and "冠县清水镇政府东侧" in page and "0635-5201234" in page
    svg = page[page.index('<svg class="qr"') : page.index("</svg>") + 6]
    expected = "https://eqiao.example.cn" + reverse("portal:submit_to_office", args=[office.pk])
    assert _decode_svg_qr(svg) == [expected]
    with open(finders.find("portal/poster.css"), encoding="utf-8") as css:
        assert "size: A4" in css.read()  # the poster prints on one A4 page


def test_without_a_public_address_the_qr_uses_the_requests_host(client, located, settings):
    settings.EQIAO_PUBLIC_BASE_URL = ""
    page = client.get(reverse("portal:office_poster", args=[located.lindong.pk])).content.decode()
    svg = page[page.index('<svg class="qr"') : page.index("</svg>") + 6]
    path = reverse("portal:submit_to_office", args=[located.lindong.pk])
    assert _decode_svg_qr(svg) == ["http://testserver" + path]


def test_an_unknown_office_poster_is_404(client, office_tree):
    assert client.get(reverse("portal:office_poster", args=[99999])).status_code == 404
