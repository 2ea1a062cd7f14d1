"""JSON shapes of jurisdictions and their current policies."""

from rest_framework import serializers

from ..models import Jurisdiction


class JurisdictionSerializer(serializers.ModelSerializer):
    state = serializers.CharField(source="state_code", help_text="Postal code of the state.")
    url = serializers.SerializerMethodField(help_text="Absolute URL of the public page.")

    class Meta:
        model = Jurisdiction
        fields = ["geoid", "name", "level", "state", "url"]

    def get_url(self, obj) -> str:
        request = self.context.get("request")
        url = obj.get_absolute_url()
        return request.build_absolute_uri(url) if request is not None else url
