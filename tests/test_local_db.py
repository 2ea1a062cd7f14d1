"""scripts/local-db.sh, run in throwaway checkouts: a durable cluster for `make run`, a port of
its own for each checkout even when set up at the same moment, and a cluster that starts where
the postgres user cannot enter the checkout."""

import os
import shutil
import socket
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
AS_ROOT = os.geteuid() == 0
pytestmark = pytest.mark.skipif(
    not any(Path("/usr/lib/postgresql").glob("*/bin/initdb")), reason="no PostgreSQL binaries"
)


class Checkout:
    def __init__(self, parent: Path, reservations: Path):
        self.path = parent / "checkout"
        (self.path / "scripts").mkdir(parents=True)
        shutil.copy(ROOT / "scripts" / "local-db.sh", self.path / "scripts" / "local-db.sh")
        self.env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"LOCAL_PG_PORT", "LOCAL_PG_THROWAWAY", "DATABASE_URL"}
        }
        self.env["TMPDIR"] = str(reservations)

    def run(self, *args, **env) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["scripts/local-db.sh", *args],
            cwd=self.path,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=120,
        )

    @property
    def port(self) -> int:
        return int((self.path / ".pg" / "port").read_text())

    def show(self, setting: str) -> str:
        psql = next(Path("/usr/lib/postgresql").glob("*/bin/psql"))
        return subprocess.run(
            [psql, "-h", "127.0.0.1", "-p", str(self.port), "-U", "lrc", "-d", "lrc", "-tAc"]
            + [f"show {setting}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    def remove(self):
        self.run("stop")
        home = self.path / ".pg" / "home"
        if home.exists():
            shutil.rmtree(home.read_text().strip(), ignore_errors=True)


@pytest.fixture
def checkouts():
    """Checkouts in a directory every user can enter, and their own port reservations."""
    parent = Path(tempfile.mkdtemp(prefix="lrc-checkouts-", dir="/tmp"))
    parent.chmod(0o755)
    made = []

    def make(name: str = "a", *, private: bool = False) -> Checkout:
        where = parent / name
        where.mkdir(mode=0o700 if private else 0o755)
        where.chmod(0o700 if private else 0o755)
        checkout = Checkout(where, parent)
        made.append(checkout)
        return checkout

    yield make
    for checkout in made:
        checkout.remove()
    shutil.rmtree(parent, ignore_errors=True)


def test_make_run_gets_a_durable_cluster_and_a_throwaway_one_becomes_durable(checkouts):
    checkout = checkouts()
    started = checkout.run("start", LOCAL_PG_THROWAWAY="1")
    assert started.returncode == 0, started.stderr
    assert (checkout.show("fsync"), checkout.show("full_page_writes")) == ("off", "off")

    started = checkout.run("start")  # what `make run` does
    assert started.returncode == 0, started.stderr
    assert (checkout.show("fsync"), checkout.show("full_page_writes")) == ("on", "on")
    assert checkout.show("synchronous_commit") == "on"
    # and it stays durable after a restart, even by a throwaway run
    checkout.run("stop")
    assert checkout.run("start", LOCAL_PG_THROWAWAY="1").returncode == 0
    assert checkout.show("fsync") == "on"


def test_checkouts_set_up_at_once_get_ports_of_their_own(checkouts):
    first, second, third = checkouts("a"), checkouts("b"), checkouts("c")
    with ThreadPoolExecutor(3) as pool:
        answers = list(pool.map(lambda checkout: checkout.run("url"), [first, second, third]))
    assert all(answer.returncode == 0 for answer in answers)
    ports = {first.port, second.port, third.port}
    assert len(ports) == 3
    assert {answer.stdout.strip() for answer in answers} == {
        f"postgis://lrc@127.0.0.1:{port}/lrc" for port in ports
    }


def test_a_stored_port_taken_meanwhile_moves_to_the_next_free_one(checkouts):
    checkout = checkouts()
    assert checkout.run("url").returncode == 0
    taken = checkout.port
    with socket.socket() as squatter:
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        squatter.bind(("127.0.0.1", taken))
        squatter.listen()
        started = checkout.run("start", LOCAL_PG_THROWAWAY="1")
    assert started.returncode == 0, started.stderr
    assert checkout.port > taken
    assert checkout.run("url").stdout.strip() == f"postgis://lrc@127.0.0.1:{checkout.port}/lrc"
    assert checkout.show("server_version")


@pytest.mark.skipif(not AS_ROOT, reason="only root runs the cluster as another user")
def test_a_checkout_the_postgres_user_cannot_enter_keeps_its_cluster_in_postgres_home(checkouts):
    checkout = checkouts("private", private=True)
    started = checkout.run("start", LOCAL_PG_THROWAWAY="1")
    assert started.returncode == 0, started.stderr
    home = Path((checkout.path / ".pg" / "home").read_text().strip())
    assert home.parent == Path(os.path.expanduser("~postgres"))
    assert home.name.startswith("lrc-")
    assert (home / "data" / "PG_VERSION").exists()
    assert checkout.show("server_version")
    assert "Permission denied" not in started.stderr
