"""Suggest a correction: a reader's report is stored for staff and e-mailed to the map editors;
hostile input (markup, 10 MB of text, a flood from one address, a forged CSRF token, a bot
filling the hidden field or posting at once) is refused with a clear message and nothing else
happens; staff accept or reject with a note, and accepting opens a prefilled new period."""

import time

import pytest
from django.contrib.auth.models import Permission
from django.core import mail, signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from corrections.models import Correction
from corrections.views import SALT
from maps.models import Policy
from tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db

URL = "/maps/corrections/new/?map=detainer-policies&place=48201"


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user(
        "editor", email="editor@example.org", password="x", is_staff=True
    )
    user.user_permissions.add(Permission.objects.get(codename="change_policy"))
    return user


def started(seconds_ago=10):
    return signing.TimestampSigner(salt=SALT).sign(str(time.time() - seconds_ago))


def post(client, url=URL, **fields):
    data = {"message": "The sheriff ended this policy in March.", "started": started()}
    data.update(fields)
    return client.post(url, data)


def nothing_happened():
    assert Correction.objects.count() == 0
    assert mail.outbox == []


def test_the_form_names_what_it_is_about(client, detainer_map):
    html = client.get(URL).content.decode()
    assert "Suggest a correction" in html
    assert "Harris County" in html and "Detainer policies" in html and "ICE hold policy" in html
    assert 'name="website"' in html and 'name="started"' in html and "csrfmiddlewaretoken" in html


def test_a_correction_is_stored_linked_to_the_policy_and_editors_are_told(
    client, detainer_map, editor
):
    policy = Policy.objects.get(jurisdiction__geoid="48201")
    before = Policy.objects.values().get(pk=policy.pk)

    response = post(
        client,
        source_url="https://example.org/memo",
        email="reader@example.org",
        attachment=SimpleUploadedFile("memo.pdf", b"%PDF-1.4 memo", "application/pdf"),
    )

    assert response.status_code == 302 and response["Location"] == "/maps/corrections/thanks/"
    correction = Correction.objects.get()
    assert correction.policy == policy
    assert correction.jurisdiction.geoid == "48201"
    assert correction.policy_map.slug == "detainer-policies"
    assert correction.status == "new" and correction.email == "reader@example.org"
    assert correction.attachment.name.endswith(".pdf")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["editor@example.org"]
    assert "The sheriff ended this policy in March." in mail.outbox[0].body
    # Nothing public changed.
    assert Policy.objects.values().get(pk=policy.pk) == before
    thanks = client.get(response["Location"]).content.decode()
    assert "Thank you" in thanks


def test_markup_is_refused_with_a_clear_message(client, detainer_map, editor):
    response = post(client, message='<script>alert(1)</script><a href="x">see</a>')
    assert response.status_code == 400
    assert "Please write plain text" in response.content.decode()
    assert "<script>alert(1)" not in response.content.decode()
    nothing_happened()


def test_ten_megabytes_of_text_are_refused_before_being_read(client, detainer_map, editor):
    response = post(client, message="x" * (10 * 1024 * 1024))
    assert response.status_code == 413
    assert "too large" in response.content.decode()
    nothing_happened()


def test_an_overlong_message_is_refused(client, detainer_map, editor):
    response = post(client, message="y" * 5001)
    assert response.status_code == 400
    assert "5,000 characters" in response.content.decode()
    nothing_happened()


def test_a_flood_from_one_address_is_cut_off_after_five(client, detainer_map, editor):
    codes = [post(client).status_code for _ in range(8)]
    assert codes == [302] * 5 + [429] * 3
    assert Correction.objects.count() == 5
    assert len(mail.outbox) == 5
    assert "Too many corrections" in post(client).content.decode()
    # Another address is not affected.
    other = post(Client(REMOTE_ADDR="203.0.113.9"))
    assert other.status_code == 302


def test_a_forged_csrf_token_is_refused(detainer_map, editor):
    client = Client(enforce_csrf_checks=True)
    client.get(URL)
    response = client.post(
        URL,
        {"message": "Forged.", "started": started(), "csrfmiddlewaretoken": "forged" * 8},
    )
    assert response.status_code == 403
    nothing_happened()


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"website": "https://spam.example"}, "could not be sent"),
        ({"started": "now"}, "very fast"),
        ({"started": "tampered"}, "could not be sent"),
        ({"started": started(3 * 60 * 60)}, "open too long"),
        ({"message": "   "}, "This field is required"),
        ({"source_url": "javascript:alert(1)"}, "Enter a valid URL"),
        ({"email": "not-an-address"}, "valid email"),
    ],
)
def test_bots_and_bad_fields_are_refused(client, detainer_map, editor, fields, message):
    if fields.get("started") == "now":
        fields = {"started": started(0)}
    response = post(client, **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    nothing_happened()


def test_a_file_too_large_or_of_the_wrong_kind_is_refused(client, detainer_map, editor):
    big = SimpleUploadedFile("big.pdf", b"0" * (4 * 1024 * 1024 + 1), "application/pdf")
    assert "larger than 4 MB" in post(client, attachment=big).content.decode()
    script = SimpleUploadedFile("run.exe", b"MZ", "application/octet-stream")
    assert "Send a PDF" in post(client, attachment=script).content.decode()
    # A page dressed as a PDF is refused by its content, whatever its name.
    page = SimpleUploadedFile(
        "memo.pdf", b"%PDF-1.4\n<html><script>alert(1)</script>", "application/pdf"
    )
    assert "web-page markup" in post(client, attachment=page).content.decode()
    nothing_happened()


def test_a_correction_about_a_publication_or_nothing(client, editor):
    resource = ResourceFactory()
    response = post(client, url=f"/maps/corrections/new/?resource={resource.pk}")
    assert response.status_code == 302
    assert Correction.objects.get().resource == resource
    assert client.get("/maps/corrections/new/").status_code == 400
    assert client.get("/maps/corrections/new/?place=00000").status_code == 404


def test_the_spanish_form(client, detainer_map):
    html = client.get("/es" + URL).content.decode()
    assert "Sugerir una corrección" in html and "¿Qué está mal?" in html


def test_staff_accept_with_a_note_and_get_a_prefilled_new_period(
    client, admin_client, detainer_map, editor
):
    post(client, email="reader@example.org", source_url="https://example.org/new-memo")
    correction = Correction.objects.get()
    policy = correction.policy
    Policy.objects.filter(pk=policy.pk).update(summary_es="Acata algunas órdenes.")
    before = Policy.objects.values().get(pk=policy.pk)
    policies_before = Policy.objects.count()
    mail.outbox.clear()
    url = reverse("admin:corrections_correction_change", args=[correction.pk])

    refused = admin_client.post(url, {"status": "accepted", "staff_note": ""})
    assert refused.status_code == 200
    assert "Say why" in refused.content.decode()
    correction.refresh_from_db()
    assert correction.status == "new"

    response = admin_client.post(url, {"status": "accepted", "staff_note": "Confirmed."})
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(reverse("admin:maps_policy_add"))
    assert f"jurisdiction={policy.jurisdiction_id}" in location
    assert f"category={policy.category_id}" in location
    assert "source_url=https%3A%2F%2Fexample.org%2Fnew-memo" in location
    form = admin_client.get(location).context["adminform"].form
    assert form.initial["jurisdiction"] == str(policy.jurisdiction_id)
    # The new period starts from the policy's texts in both languages.
    assert form.initial["summary_en"] == policy.summary_en
    assert form.initial["source_title_en"] == policy.source_title_en
    assert form.initial["summary_es"] == "Acata algunas órdenes."
    correction.refresh_from_db()
    assert correction.status == "accepted" and correction.resolved_at is not None
    assert mail.outbox[0].to == ["reader@example.org"]
    assert "Confirmed." in mail.outbox[0].body
    # Accepting changed nothing public.
    assert Policy.objects.values().get(pk=policy.pk) == before
    assert Policy.objects.count() == policies_before


def test_a_rejected_correction_tells_the_reader_and_cannot_reopen(
    client, admin_client, detainer_map, editor
):
    post(client, email="reader@example.org")
    correction = Correction.objects.get()
    mail.outbox.clear()
    url = reverse("admin:corrections_correction_change", args=[correction.pk])
    assert (
        admin_client.post(
            url, {"status": "rejected", "staff_note": "The memo is still in force."}
        ).status_code
        == 302
    )
    assert "not changing the page" in mail.outbox[0].body
    again = admin_client.post(url, {"status": "new", "staff_note": "x"})
    assert "cannot go back to new" in again.content.decode()


def test_map_editors_download_a_readers_file_from_the_admin(client, detainer_map, editor):
    """Nothing serves the media folder in production: staff get the file through the admin,
    as a download that cannot run as a page; others get nothing."""
    from tests.resources.staff import staff_member

    post(client, attachment=SimpleUploadedFile("memo.pdf", b"%PDF-1.4 memo", "application/pdf"))
    correction = Correction.objects.get()
    url = reverse("admin:corrections_correction_attachment", args=[correction.pk])

    map_editor = Client()
    map_editor.force_login(staff_member("Map editor"))
    page = map_editor.get(reverse("admin:corrections_correction_change", args=[correction.pk]))
    assert page.status_code == 200 and url in page.content.decode()
    download = map_editor.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 memo"
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download["Content-Security-Policy"]

    publisher = Client()
    publisher.force_login(staff_member("Publisher"))
    assert publisher.get(url).status_code == 403
    assert Client().get(url).status_code == 302  # to the admin's login
