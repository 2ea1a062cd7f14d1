"""`make soak`: load and fault run against the production server on loopback.

1. gunicorn with production settings and 3 workers on 127.0.0.1:8112.
2. wrk: 64 concurrent connections for 60 s on the library list; no errors allowed; median, p99.
3. A staff edit is saved and acknowledged; PostgreSQL is stopped mid-load and started again:
   /healthz must answer 503 during the outage, 200 again within 5 s of the restart, no response
   is a 500 or a traceback, and the acknowledged edit is still there.
4. The upload limit and the import limit: just over is refused with a clear message, just
   under is accepted.
Only loopback traffic; every loop is bounded in time.
"""

import os
import re
import secrets
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("SOAK_PORT", "8112"))
BASE = f"http://127.0.0.1:{PORT}"
DURATION = int(os.environ.get("SOAK_SECONDS", "60"))
WORKERS = int(os.environ.get("SOAK_WORKERS", "3"))
PY = sys.executable


def log(message: str) -> None:
    print(f"[soak {time.strftime('%H:%M:%S')}] {message}", flush=True)


def env() -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_CONNECT_TIMEOUT": "2",
        "LOG_LEVEL": "ERROR",
    }


def manage(*args: str, check=True) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env(), capture_output=True, text=True
    )
    if check and result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout + result.stderr


def fetch(path: str, timeout: float = 5) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(BASE + path, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except OSError as error:
        return 0, str(error)


def wrk(path: str, seconds: int) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", "-c64", f"-d{seconds}s", "--timeout", "10s", "--latency", BASE + path],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    ).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
    requests = re.search(r"(\d+) requests in", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {
        "requests": int(requests.group(1)) if requests else 0,
        "rps": (re.search(r"Requests/sec:\s+(\S+)", out) or [None, "?"])[1],
        "p50": latency.get("50", "?"),
        "p99": latency.get("99", "?"),
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "none",
    }


def start_server() -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(Path(PY).parent / "gunicorn"),
            "config.wsgi",
            "-b",
            f"127.0.0.1:{PORT}",
            "-w",
            str(WORKERS),
            "--timeout",
            "30",
            "--control-socket",
            str(ROOT / ".pytest_cache" / f"soak-{PORT}.ctl"),
        ],
        cwd=ROOT,
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while fetch("/healthz")[0] != 200:
        if time.monotonic() > deadline or server.poll() is not None:
            server.terminate()
            raise SystemExit("the server did not start")
        time.sleep(0.5)
    return server


def fault_run(failures: list[str]) -> dict:
    """Restart PostgreSQL while a poller reads /healthz and the library list."""
    marker = f"Soak edit {secrets.token_hex(4)}"
    ack = manage(
        "shell",
        "-c",
        "from resources.models import Resource, ResourceType, Status;"
        f"r = Resource.objects.create(title={marker!r}, slug={marker.lower().replace(' ', '-')!r},"
        " resource_type=ResourceType.objects.first(), publication_date='2024-01-01',"
        " status=Status.DRAFT); print('saved', r.pk)",
    )
    log(f"staff edit acknowledged: {ack.strip()}")
    seen = []
    stop = threading.Event()

    def poll():
        while not stop.is_set():
            for path in ("/healthz", "/resources/"):
                status, body = fetch(path, timeout=3)
                seen.append((time.monotonic(), path, status))
                if status == 500 or "Traceback" in body:
                    failures.append(f"{path} answered {status} during the fault run")
            time.sleep(0.1)

    poller = threading.Thread(target=poll)
    poller.start()
    time.sleep(2)
    subprocess.run(
        [str(ROOT / "scripts" / "local-db.sh"), "stop"], check=True, capture_output=True
    )
    down_at = time.monotonic()
    log("PostgreSQL stopped")
    time.sleep(4)
    subprocess.run(
        [str(ROOT / "scripts" / "local-db.sh"), "start"], check=True, capture_output=True
    )
    up_at = time.monotonic()
    log("PostgreSQL started")
    recovered_at = None
    while time.monotonic() - up_at < 15:
        if fetch("/healthz")[0] == 200 and fetch("/resources/")[0] == 200:
            recovered_at = time.monotonic()
            break
        time.sleep(0.1)
    time.sleep(1)
    stop.set()
    poller.join()
    outage = [s for t, p, s in seen if p == "/healthz" and down_at + 0.5 < t < up_at]
    edit_kept = marker in manage(
        "shell",
        "-c",
        f"from resources.models import Resource;print(Resource.objects.filter(title={marker!r}).values_list('title', flat=True).first())",
    )
    manage(
        "shell",
        "-c",
        f"from resources.models import Resource;Resource.objects.filter(title={marker!r}).delete()",
    )
    if 503 not in outage:
        failures.append(f"/healthz during the outage answered {sorted(set(outage))}, not 503")
    if recovered_at is None or recovered_at - up_at > 5:
        failures.append("the site did not recover within 5 s of the database restart")
    if not edit_kept:
        failures.append("the acknowledged staff edit was lost")
    statuses = sorted({s for _, _, s in seen})
    return {
        "outage_healthz": sorted(set(outage)),
        "recovery_s": None if recovered_at is None else round(recovered_at - up_at, 2),
        "statuses_seen": statuses,
        "edit_kept": edit_kept,
        "polls": len(seen),
    }


LIMITS_CHECK = """
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from resources.importers import ImportFileError, read_csv
from resources.validators import validate_upload
limit = settings.UPLOAD_MAX_MB * 1024 * 1024
pdf = b"%PDF-1.4\\n"
under = SimpleUploadedFile("under.pdf", pdf + b"0" * (limit - len(pdf) - 1), "application/pdf")
over = SimpleUploadedFile("over.pdf", pdf + b"0" * (limit - len(pdf) + 1), "application/pdf")
validate_upload(under)
print("upload under the limit: accepted")
try:
    validate_upload(over)
    print("upload over the limit: ACCEPTED (failure)")
except ValidationError as e:
    print("upload over the limit: refused:", " ".join(e.messages))
rows = settings.IMPORT_MAX_ROWS
head = "title,type,publication_date\\n"
ok = read_csv(head + "".join(f"T{i},report,2024-01-01\\n" for i in range(rows)))
print(f"import of {len(ok)} rows (the limit): read")
try:
    read_csv(head + "".join(f"T{i},report,2024-01-01\\n" for i in range(rows + 1)))
    print("import over the limit: ACCEPTED (failure)")
except ImportFileError as e:
    print("import over the limit: refused:", e)
"""


def main() -> int:
    failures: list[str] = []
    log("migrate and collectstatic")
    manage("migrate", "--noinput", "-v", "0")
    manage("collectstatic", "--noinput", "-v", "0")
    server = start_server()
    try:
        log(f"gunicorn with {WORKERS} workers on {BASE}; wrk 64 connections for {DURATION} s")
        load = wrk("/resources/", DURATION)
        if load["non2xx"] or load["socket_errors"] != "none" or not load["requests"]:
            failures.append(f"load run had errors: {load}")
        log(f"load: {load}")
        fault = fault_run(failures)
        log(f"fault: {fault}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    limits = manage("shell", "-c", LIMITS_CHECK)
    for line in limits.strip().splitlines():
        if "(failure)" in line:
            failures.append(line)
    print()
    print("== soak summary ==")
    print(
        f"load   /resources/, 64 connections, {DURATION} s, {WORKERS} workers: "
        f"{load['requests']} requests, {load['rps']} req/s, median {load['p50']}, "
        f"p99 {load['p99']}, non-2xx {load['non2xx']}, socket errors {load['socket_errors']}"
    )
    print(
        f"fault  PostgreSQL stopped 4 s: /healthz during outage {fault['outage_healthz']}, "
        f"recovered {fault['recovery_s']} s after restart, statuses seen {fault['statuses_seen']}"
        f" over {fault['polls']} polls, acknowledged edit kept: {fault['edit_kept']}"
    )
    for line in limits.strip().splitlines():
        if line.startswith(("upload", "import")):
            print(f"limits {line}")
    print("result " + ("PASS" if not failures else "FAIL: " + "; ".join(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
