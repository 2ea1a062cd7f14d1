"""make backup / make restore: a backup restored into an empty database loses nothing."""

import os
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from jurisdictions.models import Jurisdiction
from maps.models import MapCategory, Policy, PolicyMap
from resources.models import Resource, ResourceFile
from tests.factories import (
    PolicyFactory,
    PolicyMapFactory,
    ResourceFactory,
    ResourceFileFactory,
)

ROOT = Path(__file__).resolve().parents[2]
RESTORE_DB = "test_h7_restore"
if os.environ.get("TEST_DATABASE_NAME"):
    RESTORE_DB = f"{os.environ['TEST_DATABASE_NAME']}_restore"

MODELS = [Resource, ResourceFile, Jurisdiction, PolicyMap, MapCategory, Policy]


def database_url(name: str) -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgresql://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def table_rows(url: str, tables: list[str]) -> dict[str, list[tuple]]:
    with psycopg.connect(url) as conn:
        return {
            table: conn.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()
            for table in tables
        }


def run(script: str, *args: str, db_url: str, media_root: Path) -> None:
    env = {**os.environ, "DATABASE_URL": db_url, "MEDIA_ROOT": str(media_root)}
    result = subprocess.run(
        [str(ROOT / "scripts" / script), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture
def empty_database():
    admin_url = database_url("postgres")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{RESTORE_DB}"')
        conn.execute(f'CREATE DATABASE "{RESTORE_DB}"')
    yield database_url(RESTORE_DB)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{RESTORE_DB}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_restore_into_an_empty_database_brings_back_everything(
    settings, tmp_path, empty_database, texas
):
    settings.MEDIA_ROOT = tmp_path / "media"
    advisory = ResourceFactory(title="Practice advisory: asylum clock")
    ResourceFileFactory(resource=advisory, file__data=b"%PDF-1.4\nasylum clock\n")
    toolkit = ResourceFactory(title="Know your rights toolkit", summary="For families.")
    ResourceFileFactory(
        resource=toolkit, file__data=b"%PDF-1.4\n" + os.urandom(4096), file__filename="kyr.pdf"
    )
    toolkit.summary = "For families and schools."
    toolkit.save()  # a second history entry
    policy_map = PolicyMapFactory(slug="detainer-policies", title="Detainer policies")
    PolicyFactory(
        category__policy_map=policy_map, jurisdiction=texas, summary="Honours detainers."
    )

    tables = [model._meta.db_table for model in MODELS]
    tables += [model.history.model._meta.db_table for model in MODELS if hasattr(model, "history")]
    original_db = database_url(connection.settings_dict["NAME"])
    before = table_rows(original_db, tables)
    assert len(before[Resource.history.model._meta.db_table]) >= 3
    assert all(before[t] for t in tables if "historical" not in t)
    original_files = {
        path.relative_to(settings.MEDIA_ROOT): path.read_bytes()
        for path in Path(settings.MEDIA_ROOT).rglob("*")
        if path.is_file()
    }
    assert len(original_files) == 2

    backup_dir = tmp_path / "backups" / "20250101T000000Z"
    run("backup.sh", str(backup_dir), db_url=original_db, media_root=settings.MEDIA_ROOT)
    assert (backup_dir / "database.dump").stat().st_size > 0

    restored_media = tmp_path / "restored-media"
    run("restore.sh", str(backup_dir), db_url=empty_database, media_root=restored_media)

    assert table_rows(empty_database, tables) == before
    restored_files = {
        path.relative_to(restored_media): path.read_bytes()
        for path in restored_media.rglob("*")
        if path.is_file()
    }
    assert restored_files == original_files
    with psycopg.connect(empty_database) as conn:
        # The geometry came back as geometry, not as text.
        area = conn.execute(
            "SELECT ST_Area(boundary) FROM jurisdictions_jurisdiction WHERE slug = 'texas'"
        ).fetchone()[0]
    assert area == pytest.approx(25.0)


def test_restore_refuses_a_damaged_backup(tmp_path, db):
    backup_dir = tmp_path / "broken"
    backup_dir.mkdir()
    (backup_dir / "database.dump").write_bytes(b"not a dump")
    (backup_dir / "media.tar.gz").write_bytes(b"")
    (backup_dir / "SHA256SUMS").write_text("0" * 64 + "  database.dump\n")
    result = subprocess.run(
        [str(ROOT / "scripts" / "restore.sh"), str(backup_dir)],
        env={
            **os.environ,
            "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
            "MEDIA_ROOT": str(tmp_path / "m"),
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Checksums do not match" in result.stderr
