"""“Suggest a correction”: readers tell staff that a policy, a place's entry or a publication is
wrong. Spam is kept out without third-party services: a honeypot field, a signed start time
(too fast or too old is refused), a per-address rate limit and size limits; CSRF as everywhere.
A correction is stored for staff to triage and never changes public data by itself."""

import hashlib
import re
import secrets
import time

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views import View

from core.documents import EXTENSIONS, check_document
from core.http.security import client_ip
from jurisdictions.models import Jurisdiction
from maps.models import Policy, PolicyMap
from resources.models import Resource

from .models import Correction

MAX_MESSAGE = 5000
MAX_FILE = 4 * 1024 * 1024
MAX_BODY = 5 * 1024 * 1024  # the whole request: a 4 MB file and the text fit
MIN_SECONDS = 3  # a person takes longer than this to read and fill in the form
MAX_SECONDS = 2 * 60 * 60
RATE_LIMIT = 5  # corrections per address per hour
RATE_WINDOW = 60 * 60
FILE_TYPES = (".pdf", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".doc", ".docx")
MARKUP = re.compile(r"<\s*[a-zA-Z!/?]")
SALT = "maps.correction.started"


def client_hash(request) -> str:
    # Behind the load balancer every visitor connects from its address: count the visitor's.
    address = client_ip(request)
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()


class CorrectionForm(forms.ModelForm):
    # Left empty by people (it is hidden from them); bots that fill every field give themselves away.
    website = forms.CharField(label=gettext_lazy("Leave this field empty"), required=False)
    started = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = Correction
        fields = ["message", "source_url", "attachment", "email"]
        labels = {
            "message": gettext_lazy("What is wrong?"),
            "source_url": gettext_lazy("Link to a source (optional)"),
            "attachment": gettext_lazy("Or a source file (optional)"),
            "email": gettext_lazy("Your e-mail, if you would like a reply (optional)"),
        }
        help_texts = {
            "message": gettext_lazy("Plain text, up to 5,000 characters."),
            "attachment": gettext_lazy("PDF, image or Word document, up to 4 MB."),
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 6, "maxlength": MAX_MESSAGE})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].max_length = MAX_MESSAGE
        if not self.is_bound:
            self.initial["started"] = signing.TimestampSigner(salt=SALT).sign(str(time.time()))
        self.fields["website"].widget.attrs.update(tabindex="-1", autocomplete="off")

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if len(message) > MAX_MESSAGE:
            raise forms.ValidationError(
                _("Please keep it under %(max)s characters.") % {"max": f"{MAX_MESSAGE:,}"}
            )
        if MARKUP.search(message):
            raise forms.ValidationError(
                _("Please write plain text: markup such as <a> or <script> is not accepted.")
            )
        return message

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return upload
        if upload.size > MAX_FILE:
            raise forms.ValidationError(_("The file is larger than 4 MB."))
        if not upload.name.lower().endswith(FILE_TYPES):
            raise forms.ValidationError(_("Send a PDF, an image or a Word document."))
        # Checked by content like the library's files, and stored under a random name with the
        # detected type's extension: a reader's upload is never kept as a page or a script.
        try:
            content_type = check_document(upload)
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from error
        upload.name = f"{secrets.token_urlsafe(18)}{EXTENSIONS[content_type]}"
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(_("The form could not be sent. Please try again."))
        try:
            started = float(
                signing.TimestampSigner(salt=SALT).unsign(
                    self.data.get("started", ""), max_age=MAX_SECONDS
                )
            )
        except signing.SignatureExpired:
            raise forms.ValidationError(
                _("The form was open too long. Please reload the page and send it again.")
            ) from None
        except (signing.BadSignature, ValueError):
            raise forms.ValidationError(
                _("The form could not be sent. Please try again.")
            ) from None
        if time.time() - started > MAX_SECONDS:
            raise forms.ValidationError(
                _("The form was open too long. Please reload the page and send it again.")
            )
        if time.time() - started < MIN_SECONDS:
            raise forms.ValidationError(
                _("That was very fast. Please check your text and send it again.")
            )
        return cleaned


def map_editor_emails() -> list[str]:
    """Who is told of a new correction: active staff who may change policies."""
    users = (
        get_user_model()
        .objects.with_perm(
            "maps.change_policy", backend="django.contrib.auth.backends.ModelBackend"
        )
        .filter(is_active=True)
    )
    emails = sorted({user.email for user in users if user.email})
    return emails or [email for _name, email in settings.MANAGERS]


class SuggestCorrectionView(View):
    """GET shows the form for a policy or place on a map (?map=&place=) or a publication
    (?resource=); POST stores the correction and e-mails the map editors."""

    template_name = "corrections/correction_form.html"

    def target(self, request):
        params = request.GET
        target = {"policy_map": None, "jurisdiction": None, "policy": None, "resource": None}
        if params.get("resource"):
            target["resource"] = (
                get_object_or_404(Resource.objects.published(), pk=params["resource"])
                if params["resource"].isdigit()
                else None
            )
        elif params.get("place"):
            target["jurisdiction"] = get_object_or_404(Jurisdiction, geoid=params["place"][:20])
            if params.get("map"):
                target["policy_map"] = get_object_or_404(
                    PolicyMap.objects.published(), slug=params["map"][:100]
                )
                target["policy"] = (
                    Policy.objects.published()
                    .on_map(target["policy_map"])
                    .in_force()
                    .filter(jurisdiction=target["jurisdiction"])
                    .select_related("category")
                    .first()
                )
        if not any(target.values()):
            return None
        return target

    def render_form(self, request, form, target, status=200, error=None):
        return render(
            request,
            self.template_name,
            {"form": form, "target": target, "error": error},
            status=status,
        )

    def get(self, request):
        target = self.target(request)
        if target is None:
            return render(
                request, "corrections/correction_form.html", {"missing": True}, status=400
            )
        return self.render_form(request, CorrectionForm(), target)

    def post(self, request):
        target = self.target(request)
        if target is None:
            return render(
                request, "corrections/correction_form.html", {"missing": True}, status=400
            )
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = MAX_BODY + 1
        if length > MAX_BODY:
            # Refused before the body is read: nothing is parsed, stored or sent.
            return self.render_form(
                request,
                CorrectionForm(),
                target,
                status=413,
                error=_(
                    "What you sent is too large (over 5 MB). Shorten the text or send a smaller file."
                ),
            )
        key = f"corrections:rate:{client_hash(request)}"
        if cache.get(key, 0) >= RATE_LIMIT:
            return self.render_form(
                request,
                CorrectionForm(),
                target,
                status=429,
                error=_(
                    "Too many corrections from your connection in the last hour. Please try again later."
                ),
            )
        form = CorrectionForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_form(request, form, target, status=400)
        cache.add(key, 0, RATE_WINDOW)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, RATE_WINDOW)
        correction = form.save(commit=False)
        for name, value in target.items():
            setattr(correction, name, value)
        correction.language = get_language() or ""
        correction.client_hash = client_hash(request)
        correction.save()
        admin_url = request.build_absolute_uri(
            reverse("admin:corrections_correction_change", args=[correction.pk])
        )
        send_mail(
            f"[{settings.SITE_NAME}] Correction suggested: {correction.subject()}",
            f"{correction.message}\n\nSource: {correction.source_url or '-'}\n"
            f"File: {'yes' if correction.attachment else 'no'}\n"
            f"Reply to: {correction.email or '-'}\n\nTriage it: {admin_url}\n",
            None,
            map_editor_emails(),
            fail_silently=True,
        )
        return redirect("corrections:thanks")


def correction_thanks(request):
    return render(request, "corrections/correction_thanks.html")


def notify_reporter(correction: Correction) -> bool:
    """E-mail the reader who sent a correction, when they gave an address, that it is resolved."""
    if not correction.email or correction.status == Correction.Status.NEW:
        return False
    with translation.override(correction.language or settings.LANGUAGE_CODE):
        _send_outcome(correction)
    return True


def _send_outcome(correction: Correction) -> None:
    if correction.status == Correction.Status.ACCEPTED:
        outcome = _("Staff checked it and will update the page.")
    else:
        outcome = _("Staff checked it and are not changing the page.")
    body = _("Thank you for your correction about %(subject)s.\n\n%(outcome)s\n\n%(note)s\n") % {
        "subject": correction.subject(),
        "outcome": outcome,
        "note": correction.staff_note,
    }
    send_mail(
        _("Your correction: %(subject)s") % {"subject": correction.subject()},
        body,
        None,
        [correction.email],
        fail_silently=True,
    )
