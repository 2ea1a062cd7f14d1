"""The map's table filtered by category, by a text in the name and without the places that
have no policy; the CSV follows the same filters; an unknown category is a clear error."""

import pytest

pytestmark = pytest.mark.django_db


def table_places(response):
    html = response.content.decode()
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    return [name for name in ("Harris County", "Travis County", "El Paso County") if name in body]


def test_the_table_filters_by_category_text_and_policy(client, detainer_map):
    assert table_places(client.get("/maps/detainer-policies/")) == [
        "Harris County",
        "Travis County",
        "El Paso County",
    ]
    assert table_places(client.get("/maps/detainer-policies/?category=hold-policy")) == [
        "Harris County"
    ]
    assert table_places(client.get("/maps/detainer-policies/?with_policy=1")) == ["Harris County"]
    assert table_places(client.get("/maps/detainer-policies/?q=pas")) == ["El Paso County"]
    html = client.get("/maps/detainer-policies/?category=hold-policy&with_policy=1").content
    assert b'<option value="hold-policy" selected>' in html
    assert b'id="table-with-policy"' in html and b"checked" in html


def test_an_unknown_category_is_a_clear_error(client, detainer_map):
    response = client.get("/maps/detainer-policies/?category=nonsense")
    assert response.status_code == 400
    assert "is not a category of this map" in response.content.decode()


def test_the_csv_follows_the_filters(client, detainer_map):
    body = client.get("/maps/detainer-policies/data.csv?with_policy=1").content.decode()
    assert "Harris County" in body and "Travis County" not in body
