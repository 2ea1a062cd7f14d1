"""The import pages say what to upload (column list, template) and the preview shows what will
happen to each row: its values, before and after for a change, the policies it ends, the new
topics it creates."""

import csv
import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from maps.models import Policy

from ..factories import (
    MapCategoryFactory,
    PolicyFactory,
    PolicyMapFactory,
    ResourceFactory,
    TopicFactory,
)
from .staff import staff_member
from .test_roles import CHANGELIST

pytestmark = pytest.mark.django_db

IMPORT = f"{CHANGELIST}import/"
POLICY_IMPORT = "/admin/maps/policy/import/"


def _text(response) -> str:
    """The page with spaces next to tags removed."""
    return re.sub(r"\s*(<[^>]+>)\s*", r"\1", " ".join(response.content.decode().split()))


@pytest.mark.parametrize(
    ("url", "role", "columns"),
    [
        (IMPORT, "Editor", ["title", "type", "publication_date", "topics", "status"]),
        (POLICY_IMPORT, "Map editor", ["jurisdiction", "category", "effective_date"]),
    ],
)
def test_import_page_lists_the_columns_and_offers_a_template(client, url, role, columns):
    client.force_login(staff_member(role))
    page = _text(client.get(url))
    assert "import_resources" not in page and "import_policies" not in page
    for name in columns:
        assert f"<code>{name}</code>" in page
    template = client.get(f"{url}template.csv")
    assert template["Content-Disposition"].startswith("attachment")
    header, example = list(csv.reader(io.StringIO(template.content.decode("utf-8-sig"))))
    assert header[: len(columns)] == columns[: len(header)] or set(columns) <= set(header)
    assert len(example) == len(header)


def test_publication_template_imports_as_it_is(client, texas):
    client.force_login(staff_member("Publisher"))
    template = client.get(f"{IMPORT}template.csv").content
    response = client.post(IMPORT, {"file": SimpleUploadedFile("t.csv", template)})
    assert "1 new, 0 changed, 0 unchanged, 0 with errors" in _text(response)


def test_preview_shows_values_before_and_after_and_new_topics(client):
    TopicFactory(name="Detainers")
    ResourceFactory(title="Bond hearings", summary="How to seek bond.", status="draft")
    client.force_login(staff_member("Publisher"))
    text = (
        "title,type,publication_date,summary,topics,status\n"
        "Bond hearings,practice-advisory,2020-01-15,Bond in 2026.,Detainers,draft\n"
        "U visas,practice-advisory,2021-02-01,Who qualifies.,Detaners;U visas,draft\n"
    )
    page = _text(client.post(IMPORT, {"file": SimpleUploadedFile("p.csv", text.encode())}))
    assert "<dt>summary</dt><dd>Who qualifies.</dd>" in page
    assert "<strong>summary</strong>:<del>How to seek bond.</del>→<ins>Bond in 2026.</ins>" in page
    assert "This import creates 2 new topics; check their spelling:" in page
    assert "<li>Detaners</li><li>U visas</li>" in page


def test_policy_preview_warns_which_policy_a_row_ends(client, texas_with_counties):
    _, counties = texas_with_counties
    detainer_map = PolicyMapFactory(slug="detainer-policies", level="county")
    hold = MapCategoryFactory(policy_map=detainer_map, slug="hold-policy", label="ICE hold policy")
    MapCategoryFactory(policy_map=detainer_map, slug="no-holds", label="No ICE holds")
    PolicyFactory(
        category=hold,
        jurisdiction=counties["Harris County"],
        effective_date=datetime.date(2019, 3, 1),
    )
    client.force_login(staff_member("Map editor"))
    text = (
        "jurisdiction,category,effective_date,summary,source_title,source_url\n"
        "48201,no-holds,2024-07-01,No more holds.,Ordinance,https://example.org/o\n"
    )
    upload = SimpleUploadedFile("p.csv", text.encode())
    page = _text(client.post(POLICY_IMPORT, {"policy_map": detainer_map.pk, "file": upload}))
    assert "Ends: ICE hold policy, in force since 2019-03-01, ends on 2024-06-30" in page
    assert Policy.objects.get().end_date is None
