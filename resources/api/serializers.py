"""JSON shapes of the library's public API."""

from rest_framework import serializers

from ..models import Resource, ResourceFile, ResourceType, Topic


class TypeRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = ResourceType
        fields = ["slug", "name"]


class TopicRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["slug", "name"]


class ResourceTypeSerializer(serializers.ModelSerializer):
    count = serializers.IntegerField(read_only=True, help_text="Published publications.")

    class Meta:
        model = ResourceType
        fields = ["slug", "name", "description", "count"]


class TopicSerializer(serializers.ModelSerializer):
    count = serializers.IntegerField(read_only=True, help_text="Published publications.")

    class Meta:
        model = Topic
        fields = ["slug", "name", "description", "count"]


class ResourceFileSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    name = serializers.SerializerMethodField()

    class Meta:
        model = ResourceFile
        fields = ["url", "name", "label", "language", "size", "content_type"]

    def get_url(self, obj) -> str:
        request = self.context.get("request")
        url = obj.get_absolute_url()
        return request.build_absolute_uri(url) if request is not None else url

    def get_name(self, obj) -> str:
        return obj.filename


class ResourceSerializer(serializers.ModelSerializer):
    type = TypeRefSerializer(source="resource_type")
    topics = TopicRefSerializer(many=True)
    jurisdictions = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="geoid", help_text="Census GEOIDs."
    )
    files = ResourceFileSerializer(many=True)
    url = serializers.SerializerMethodField(help_text="Absolute URL of the public page.")

    class Meta:
        model = Resource
        fields = [
            "title",
            "slug",
            "type",
            "publication_date",
            "revision_date",
            "summary",
            "topics",
            "language",
            "jurisdictions",
            "files",
            "url",
        ]

    def get_url(self, obj) -> str:
        request = self.context.get("request")
        url = obj.get_absolute_url()
        return request.build_absolute_uri(url) if request is not None else url
