"""JSON shapes of jurisdictions and their current policies."""

from rest_framework import serializers

from maps.models import Policy

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


class CurrentPolicySerializer(serializers.ModelSerializer):
    map = serializers.SlugRelatedField(source="policy_map", slug_field="slug", read_only=True)
    category = serializers.SerializerMethodField()
    source = serializers.SerializerMethodField()

    class Meta:
        model = Policy
        fields = [
            "map",
            "category",
            "effective_date",
            "end_date",
            "summary",
            "last_verified",
            "source",
        ]

    def get_category(self, obj) -> dict[str, str]:
        return {"slug": obj.category.slug, "label": obj.category.label}

    def get_source(self, obj) -> dict[str, str]:
        return {"title": obj.source_title, "url": obj.source_url}


class JurisdictionDetailSerializer(JurisdictionSerializer):
    parent = serializers.SlugRelatedField(
        slug_field="geoid", read_only=True, allow_null=True, help_text="GEOID; null for a state."
    )
    policies = CurrentPolicySerializer(many=True, source="current_policies")

    class Meta(JurisdictionSerializer.Meta):
        fields = [*JurisdictionSerializer.Meta.fields, "parent", "policies"]
