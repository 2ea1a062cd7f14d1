"""Map pages: the list, a map with its legend and table, embed mode and the downloads."""

import csv
import datetime
import io
import json

import pytest
from django.utils import timezone

from jurisdictions.models import Jurisdiction, Level
from tests.factories import PolicyMapFactory, square

pytestmark = pytest.mark.django_db

PAGE = "/maps/detainer-policies/"


def table_rows(response) -> list[tuple]:
    return [
        (row["name"], row["category"].label if row["category"] else None)
        for row in response.context["table"]
    ]


def test_map_list_shows_level_description_and_last_update(client, detainer_map):
    PolicyMapFactory(slug="hidden", title="Hidden draft map", is_published=False)

    response = client.get("/maps/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Detainer policies" in html
    assert "Hidden draft map" not in html
    assert "Counties" in html
    assert f'datetime="{timezone.localdate().isoformat()}"' in html
    assert "Sample data" in html


def test_map_page_has_legend_counts_table_and_sample_notice(client, detainer_map):
    response = client.get(PAGE)

    html = response.content.decode()
    assert response.status_code == 200
    assert "illustrative, not real" in html
    assert [(c.slug, c.count) for c in response.context["legend"]] == [
        ("hold-policy", 1),
        ("no-holds-no-access", 0),
    ]
    # Travis's policy ended yesterday; El Paso never had one.
    assert response.context["no_policy_count"] == 2
    assert sorted(table_rows(response)) == [
        ("El Paso County", None),
        ("Harris County", "ICE hold policy"),
        ("Travis County", None),
    ]
    assert "Sheriff&#x27;s memo" in html
    assert 'href="https://example.org/harris-memo"' in html
    assert "Counted from jail policies." in html
    assert 'id="map-config"' in html
    # The shapes at an address that changes with them, and the shading of the date.
    assert "/api/maps/detainer-policies/geometry/" in html
    assert "/api/maps/detainer-policies/places/?as_of=" in html


def test_the_table_reads_another_date_and_keeps_it_in_links(client, detainer_map):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    response = client.get(PAGE, {"as_of": yesterday.isoformat()})

    assert ("Travis County", "No ICE holds; no ICE access") in table_rows(response)
    html = response.content.decode()
    assert f"data.csv?as_of={yesterday.isoformat()}" in html
    assert f'value="{yesterday.isoformat()}"' in html


def test_a_bad_date_is_a_400_page_that_says_why(client, detainer_map):
    response = client.get(PAGE, {"as_of": "31/12/2024"})

    assert response.status_code == 400
    assert "is not a date" in response.content.decode()


def test_the_table_sorts_and_filters_by_state_and_name(client, detainer_map, california):
    Jurisdiction.objects.create(
        level=Level.COUNTY,
        name="Alameda County",
        geoid="06001",
        state_code="CA",
        parent=california,
        slug="alameda-county",
        boundary=square(-122, 37),
    )

    by_name = client.get(PAGE, {"sort": "name"})
    by_category = client.get(PAGE, {"sort": "category"})
    by_name_desc = client.get(PAGE, {"sort": "-name"})
    texas_only = client.get(PAGE, {"state": "tx"})
    named = client.get(PAGE, {"q": "harr"})
    unknown_state = client.get(PAGE, {"state": "ZZ"})
    odd_sort = client.get(PAGE, {"sort": "password"})

    assert [r[0] for r in table_rows(by_name)] == [
        "Alameda County",
        "El Paso County",
        "Harris County",
        "Travis County",
    ]
    assert [r[0] for r in table_rows(by_name_desc)][0] == "Travis County"
    assert table_rows(by_category)[0] == ("Harris County", "ICE hold policy")
    assert "Alameda County" not in [r[0] for r in table_rows(texas_only)]
    assert len(table_rows(texas_only)) == 3
    assert [r[0] for r in table_rows(named)] == ["Harris County"]
    assert unknown_state.status_code == 400
    assert len(table_rows(unknown_state)) == 4
    assert odd_sort.status_code == 200


def test_map_page_query_count_does_not_grow_with_the_table(
    client, detainer_map, django_assert_max_num_queries
):
    texas = detainer_map["texas"]
    for n in range(30):
        Jurisdiction.objects.create(
            level=Level.COUNTY,
            name=f"Test County {n}",
            geoid=f"48{n + 500:03d}",
            state_code="TX",
            parent=texas,
            slug=f"test-county-{n}",
            boundary=square(-104 + n * 0.1, 33, 0.1),
        )
    # One of them builds the map's shapes when they are not cached yet; the same one query
    # however many places there are. Two read the related publications by topic and by place,
    # as on any map with fewer related publications than the page lists (here none).
    with django_assert_max_num_queries(14):
        response = client.get(PAGE)
    assert len(response.context["table"]) == 33


def test_markup_in_a_summary_or_title_is_shown_as_text(client, detainer_map):
    harris = detainer_map["harris"]
    harris.source_title = '<script>alert("source")</script>'
    harris.save()
    policy_map = detainer_map["map"]
    policy_map.title = '<b>Detainers</b> "quoted"'
    policy_map.save()

    html = client.get(PAGE).content.decode()

    assert '<script>alert("source")</script>' not in html
    assert "&lt;script&gt;alert(&quot;source&quot;)&lt;/script&gt;" in html
    assert "<b>Detainers</b>" not in html
    # The embed snippet escapes the title inside its attribute, and the page escapes the snippet.
    assert "title=&quot;&amp;lt;b&amp;gt;Detainers" in html


def test_embed_mode_has_no_site_chrome_and_may_be_framed(client, detainer_map):
    full = client.get(PAGE)
    embed = client.get(PAGE, {"embed": "1"})

    assert 'class="site-header"' in full.content.decode()
    assert "&lt;iframe src=&quot;http://testserver/maps/detainer-policies/?embed=1&quot;" in (
        full.content.decode()
    )
    html = embed.content.decode()
    assert embed.status_code == 200
    assert 'class="site-header"' not in html
    assert 'class="site-footer"' not in html
    assert 'id="policy-map"' in html
    assert "Open the full map" in html
    assert "X-Frame-Options" not in embed.headers
    assert "X-Frame-Options" in full.headers


def test_unpublished_or_unknown_maps_are_404(client, detainer_map):
    PolicyMapFactory(slug="draft-map", is_published=False)

    assert client.get("/maps/draft-map/").status_code == 404
    assert client.get("/maps/no-such-map/").status_code == 404
    assert client.get("/maps/draft-map/data.csv").status_code == 404
    assert client.get("/maps/draft-map/data.geojson").status_code == 404


def test_csv_download_has_every_county_with_the_policy_on_the_date(client, detainer_map):
    harris = detainer_map["harris"]
    harris.summary = '=HYPERLINK("http://evil")'
    harris.save()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    response = client.get(f"{PAGE}data.csv", {"as_of": yesterday.isoformat()})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = {row["geoid"]: row for row in csv.DictReader(io.StringIO(response.content.decode()))}
    assert set(rows) == {"48201", "48453", "48141"}
    assert rows["48453"]["category"] == "no-holds-no-access"
    assert rows["48201"]["source_url"] == "https://example.org/harris-memo"
    assert rows["48201"]["as_of"] == yesterday.isoformat()
    assert rows["48141"]["category"] == ""
    # A spreadsheet must not run a summary as a formula.
    assert rows["48201"]["summary"].startswith("'=")
    assert client.get(f"{PAGE}data.csv", {"as_of": "soon"}).status_code == 400


def test_geojson_download_matches_the_api(client, detainer_map):
    response = client.get(f"{PAGE}data.geojson")

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    assert data == client.get("/api/maps/detainer-policies/features/").json()


def test_layer_links_join_the_maps_of_the_same_level(client, detainer_map):
    PolicyMapFactory(slug="287g-agreements", title="287(g) agreements", level="county")
    PolicyMapFactory(slug="state-enforcement-laws", title="State laws", level="state")

    html = client.get(PAGE).content.decode()

    assert 'href="/maps/287g-agreements/"' in html
    assert 'href="/maps/state-enforcement-laws/"' not in html
    assert 'aria-current="page">Detainer policies' in html


@pytest.mark.parametrize("page", ["999999", "-1", "0", "two"])
def test_a_table_page_that_does_not_exist_is_a_404_like_the_library(client, detainer_map, page):
    response = client.get(PAGE, {"page": page})
    assert response.status_code == 404
    assert f"There is no page “{page}”. The results have 1 page(s)." in response.content.decode()
    assert client.get("/resources/", {"page": page}).status_code == 404


def test_the_first_table_page_is_found(client, detainer_map):
    assert client.get(PAGE, {"page": "1"}).status_code == 200


@pytest.mark.parametrize(
    ("prefix", "since", "verified"),
    [("", "03/01/2019", "05/01/2024"), ("/es", "01/03/2019", "01/05/2024")],
)
def test_table_links_each_place_and_prints_dates_as_the_language_writes_them(
    client, detainer_map, prefix, since, verified
):
    html = client.get(f"{prefix}{PAGE}").content.decode()
    row = html[html.index('<tr data-geoid="48201">') :]
    row = row[: row.index("</tr>")]
    assert f'href="{prefix}/jurisdictions/48201/"' in row
    assert f'<time datetime="2019-03-01">{since}</time>' in row
    assert f'<time datetime="2024-05-01">{verified}</time>' in row
