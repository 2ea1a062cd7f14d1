"""Serializers of the public map API."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from jurisdictions.api.serializers import JurisdictionSerializer
from maps.models import MapCategory, Policy, PolicyMap


class LegendEntrySerializer(serializers.ModelSerializer):
    count = serializers.IntegerField(
        read_only=True, help_text="Jurisdictions in this category today."
    )

    class Meta:
        model = MapCategory
        fields = ["slug", "label", "description", "color", "count"]


class PolicyMapSummarySerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    class Meta:
        model = PolicyMap
        fields = [
            "slug",
            "title",
            "description",
            "level",
            "show_agencies",
            "sample_data",
            "url",
            "api_url",
        ]

    @extend_schema_field(serializers.CharField())
    def get_url(self, obj) -> str:
        return obj.get_absolute_url()

    @extend_schema_field(serializers.CharField())
    def get_api_url(self, obj) -> str:
        return reverse("api:map-detail", kwargs={"slug": obj.slug})


class PolicyMapDetailSerializer(PolicyMapSummarySerializer):
    methodology = serializers.CharField()
    last_updated = serializers.DateField()
    features_url = serializers.SerializerMethodField()
    policies_url = serializers.SerializerMethodField()
    legend = LegendEntrySerializer(many=True)

    class Meta(PolicyMapSummarySerializer.Meta):
        fields = [
            *PolicyMapSummarySerializer.Meta.fields,
            "methodology",
            "last_updated",
            "features_url",
            "policies_url",
            "legend",
        ]

    def get_features_url(self, obj) -> str:
        return reverse("api:map-features", kwargs={"slug": obj.slug})

    def get_policies_url(self, obj) -> str:
        return reverse("api:map-policies", kwargs={"slug": obj.slug})


class PolicyJurisdictionSerializer(serializers.Serializer):
    geoid = serializers.CharField()
    name = serializers.CharField()
    level = serializers.CharField()
    state = serializers.CharField(source="state_code")


class PolicySerializer(serializers.ModelSerializer):
    jurisdiction = PolicyJurisdictionSerializer()
    category = serializers.CharField(source="category.slug")
    category_label = serializers.CharField(source="category.label")
    summary = serializers.CharField(source="shown_summary.text", read_only=True)
    summary_untranslated = serializers.BooleanField(
        source="shown_summary.untranslated",
        read_only=True,
        help_text="True when a Spanish response gives the summary in English, untranslated.",
    )
    source_title = serializers.CharField(source="shown_source_title.text", read_only=True)
    source_title_untranslated = serializers.BooleanField(
        source="shown_source_title.untranslated",
        read_only=True,
        help_text="True when a Spanish response gives the source title in English, untranslated.",
    )

    class Meta:
        model = Policy
        fields = [
            "jurisdiction",
            "category",
            "category_label",
            "effective_date",
            "end_date",
            "summary",
            "summary_untranslated",
            "source_title",
            "source_title_untranslated",
            "source_url",
            "last_verified",
        ]


class CurrentPolicySerializer(serializers.ModelSerializer):
    map = serializers.SlugRelatedField(source="policy_map", slug_field="slug", read_only=True)
    category = serializers.SerializerMethodField()
    summary = serializers.CharField(source="shown_summary.text", read_only=True)
    summary_untranslated = serializers.BooleanField(
        source="shown_summary.untranslated",
        read_only=True,
        help_text="True when a Spanish response gives the summary in English, untranslated.",
    )
    source = serializers.SerializerMethodField()

    class Meta:
        model = Policy
        fields = [
            "map",
            "category",
            "effective_date",
            "end_date",
            "summary",
            "summary_untranslated",
            "last_verified",
            "source",
        ]

    def get_category(self, obj) -> dict[str, str]:
        return {"slug": obj.category.slug, "label": obj.category.label}

    def get_source(self, obj) -> dict[str, str | bool]:
        title = obj.shown_source_title
        return {
            "title": title.text,
            "title_untranslated": title.untranslated,
            "url": obj.source_url,
        }


class JurisdictionDetailSerializer(JurisdictionSerializer):
    parent = serializers.SlugRelatedField(
        slug_field="geoid", read_only=True, allow_null=True, help_text="GEOID; null for a state."
    )
    policies = CurrentPolicySerializer(many=True, source="current_policies")

    class Meta(JurisdictionSerializer.Meta):
        fields = [*JurisdictionSerializer.Meta.fields, "parent", "policies"]
