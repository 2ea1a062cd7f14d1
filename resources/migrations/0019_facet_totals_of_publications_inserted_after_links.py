"""A publication inserted after its topic links counts towards its topics' totals too.

The spreadsheet import and the benchmark catalogue write a new publication's topic links
before the publication itself (its id is taken from the sequence first), so the row's BEFORE
trigger (0010, 0011) sets topic_ids and topic_names in the insert, instead of every link
statement rewriting every publication it touched. The link triggers then see no published
publication to count; the publication's insert counts its topics instead. In the usual order
(publication, then links) the insert finds no links and counts nothing twice.
"""

from django.db import migrations

INSERT_COUNTS_TOPICS = """
    CREATE OR REPLACE FUNCTION resources_facet_resource_insert() RETURNS trigger
    LANGUAGE plpgsql AS $$ BEGIN
    INSERT INTO resources_facettotal AS t (kind, object_id, published)
    SELECT kind, object_id, SUM(delta) FROM (
        SELECT 'type' AS kind, resource_type_id AS object_id, 1 AS delta
        FROM new_rows WHERE status = 'published'
        UNION ALL
        SELECT 'topic', l.topic_id, 1
        FROM new_rows n JOIN resources_resource_topics l ON l.resource_id = n.id
        WHERE n.status = 'published'
    ) d GROUP BY kind, object_id
    ON CONFLICT (kind, object_id) DO UPDATE SET published = t.published + EXCLUDED.published;
    RETURN NULL; END $$;
"""

INSERT_COUNTS_TYPES_ONLY = """
    CREATE OR REPLACE FUNCTION resources_facet_resource_insert() RETURNS trigger
    LANGUAGE plpgsql AS $$ BEGIN
    INSERT INTO resources_facettotal AS t (kind, object_id, published)
    SELECT kind, object_id, SUM(delta) FROM (
        SELECT 'type' AS kind, resource_type_id AS object_id, 1 AS delta
        FROM new_rows WHERE status = 'published'
    ) d GROUP BY kind, object_id
    ON CONFLICT (kind, object_id) DO UPDATE SET published = t.published + EXCLUDED.published;
    RETURN NULL; END $$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0018_search_entries"),
    ]

    operations = [migrations.RunSQL(INSERT_COUNTS_TOPICS, INSERT_COUNTS_TYPES_ONLY)]
