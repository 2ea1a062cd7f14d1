"""A map's editorial "data as of" date: set by staff, shown to readers instead of the day
anything was last saved, and not moved by saving a policy."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from maps.models import PolicyMap

pytestmark = pytest.mark.django_db


def meta_line(html: str) -> str:
    start = html.index('class="map-updated"')
    return html[start : html.index("</p>", start)]


def test_the_map_page_says_data_as_of_not_last_updated(client, detainer_map):
    policy_map = PolicyMap.objects.get(slug="detainer-policies")
    PolicyMap.objects.filter(pk=policy_map.pk).update(data_as_of=datetime.date(2016, 1, 15))

    line = meta_line(client.get("/maps/detainer-policies/").content.decode())

    assert "Data as of" in line
    assert '<time datetime="2016-01-15">Jan. 15, 2016</time>' in line
    assert "Last updated" not in line


def test_saving_a_policy_does_not_move_the_data_as_of_date(client, detainer_map):
    policy_map = PolicyMap.objects.get(slug="detainer-policies")
    PolicyMap.objects.filter(pk=policy_map.pk).update(data_as_of=datetime.date(2016, 1, 15))
    policy = policy_map.policies.first()
    policy.summary = "Checked again."
    policy.save()

    line = meta_line(client.get("/maps/detainer-policies/").content.decode())
    assert 'datetime="2016-01-15"' in line
    assert timezone.localdate().isoformat() not in line


def test_without_a_data_as_of_date_the_page_keeps_the_last_saved_day(client, detainer_map):
    line = meta_line(client.get("/maps/detainer-policies/").content.decode())
    assert "Last updated" in line
    assert "Data as of" not in line


def test_the_list_of_maps_and_the_spanish_page_show_it(client, detainer_map):
    PolicyMap.objects.filter(slug="detainer-policies").update(
        data_as_of=datetime.date(2016, 1, 15)
    )

    listing = client.get("/maps/").content.decode()
    assert "Data as of" in listing and 'datetime="2016-01-15"' in listing

    spanish = meta_line(client.get("/es/maps/detainer-policies/").content.decode())
    assert "Datos a" in spanish and "15 de enero de 2016" in spanish


def test_staff_set_it_in_the_admin_and_a_future_date_is_refused(admin_client, detainer_map):
    policy_map = PolicyMap.objects.get(slug="detainer-policies")
    url = reverse("admin:maps_policymap_change", args=[policy_map.pk])
    assert "data_as_of" in admin_client.get(url).context["adminform"].form.fields

    policy_map.data_as_of = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        policy_map.full_clean()
    assert refused.value.message_dict["data_as_of"] == [
        "The data cannot be as of a day that has not come yet."
    ]
    policy_map.data_as_of = datetime.date(2016, 1, 15)
    policy_map.full_clean()
