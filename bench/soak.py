"""`make soak`: load and fault run against the production server on loopback.

0. A throwaway PostgreSQL + PostGIS cluster of its own: initdb into a temporary directory (as
   the postgres user when run as root), on a free loopback port, migrated and loaded with the
   demo data. It is stopped and removed at the end, also on failure or Ctrl-C, so a
   developer's database is never touched.
1. gunicorn with production settings and 3 workers on 127.0.0.1:8112.
2. wrk: 64 concurrent connections for 60 s on the library list; no errors allowed; median, p99.
3. A staff edit is saved and acknowledged; PostgreSQL is stopped mid-load and started again:
   /healthz must answer 503 during the outage, 200 again within 5 s of the restart, no response
   is a 500 or a traceback, and the acknowledged edit is still there.
4. The upload limit, through the admin over HTTP: a publication file just over UPLOAD_MAX_MB is
   refused with a message naming the limit, one just under is saved. The import limit: just
   over IMPORT_MAX_ROWS is refused with a clear message, the limit itself is read.
5. The file saved in 4 downloads under the production settings, whole and by range, with its
   detected type, nosniff and a sandboxing CSP.
6. The API rate limit holds on an answer served from the page cache: in one window, exactly
   API_ANON_RATE requests to /api/resources/ get 200 (from the cache) and the rest 429.
Only loopback traffic; every loop is bounded in time.
"""

import http.cookiejar
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bench.html_forms import form_fields

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("SOAK_PORT", "8112"))
BASE = f"http://127.0.0.1:{PORT}"
DURATION = int(os.environ.get("SOAK_SECONDS", "60"))
WORKERS = int(os.environ.get("SOAK_WORKERS", "3"))
PY = sys.executable
ADMIN_PASSWORD = secrets.token_urlsafe(16)


def log(message: str) -> None:
    print(f"[soak {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ThrowawayCluster:
    """A PostgreSQL cluster in a temporary directory, for this run only."""

    def __init__(self):
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
        if not bins:
            raise SystemExit("PostgreSQL server binaries not found; run scripts/system-deps.sh")
        self.bin = bins[-1]
        self.dir = Path(tempfile.mkdtemp(prefix="lrc-soak-"))
        self.data = self.dir / "data"
        self.media = self.dir / "media"
        self.port = free_port()
        self.url = f"postgis://soak@127.0.0.1:{self.port}/soak"

    def _as_owner(self, *command: str, timeout: float = 120) -> None:
        # PostgreSQL refuses to run as root: as root the cluster belongs to the postgres user.
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run(
            [*prefix, *command], check=True, capture_output=True, text=True, timeout=timeout
        )

    def create(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        self._as_owner(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "soak",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        )
        self.start()
        psql = [str(self.bin / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "soak"]
        subprocess.run(
            [*psql, "-d", "postgres", "-qc", "create database soak"],
            check=True,
            capture_output=True,
            timeout=60,
        )
        subprocess.run(
            [*psql, "-d", "soak", "-qc", "create extension postgis"],
            check=True,
            capture_output=True,
            timeout=60,
        )

    def start(self) -> None:
        self._as_owner(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.dir / "server.log"),
            "-w",
            "-t",
            "60",
            "-o",
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        )

    def stop(self) -> None:
        self._as_owner(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop"
        )

    def remove(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self.stop()
        except (subprocess.SubprocessError, OSError) as error:
            log(f"could not stop the throwaway cluster: {error}")
        shutil.rmtree(self.dir, ignore_errors=True)


CLUSTER: ThrowawayCluster | None = None


def env() -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": CLUSTER.url,
        "DATABASE_CONNECT_TIMEOUT": "2",
        "MEDIA_ROOT": str(CLUSTER.media),
        "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD,
        "LOG_LEVEL": "ERROR",
        # Shared by the workers, as in production: the page cache and the rate limit.
        "CACHE_URL": "redis://127.0.0.1:6379/12",
        "CACHE_KEY_PREFIX": CACHE_PREFIX,
        "API_ANON_RATE": f"{API_RATE}/minute",
    }


SECRET_KEY = secrets.token_urlsafe(60)
CACHE_PREFIX = f"soak-{secrets.token_hex(4)}"
API_RATE = 100


def get(path: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(BASE + path, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def download_check(failures: list[str], size: int) -> list[str]:
    """The file the upload check saved, fetched as the public does, under production settings."""
    path = shell(
        "from resources.models import ResourceFile;"
        "print(ResourceFile.objects.get(label='under-the-limit.pdf').get_absolute_url())"
    )
    status, headers, body = get(path)
    problems = []
    if status != 200 or len(body) != size or not body.startswith(b"%PDF"):
        problems.append(f"download answered {status} with {len(body)} bytes")
    if headers.get("Content-Type") != "application/pdf":
        problems.append(f"Content-Type {headers.get('Content-Type')}")
    if headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no nosniff")
    if "sandbox" not in headers.get("Content-Security-Policy", ""):
        problems.append("no sandboxing CSP")
    part_status, part_headers, part = get(path, Range="bytes=0-3")
    if (part_status, part) != (206, b"%PDF"):
        problems.append(f"range request answered {part_status} {part[:8]!r}")
    failures.extend(f"download: {problem}" for problem in problems)
    return [
        f"download {path}: {status}, {len(body)} bytes, {headers.get('Content-Type')}, "
        f"range {part_status} {part_headers.get('Content-Range')}"
        + ("" if not problems else " (failure: " + "; ".join(problems) + ")")
    ]


def rate_limit_check(failures: list[str]) -> list[str]:
    """API_RATE + 20 requests to a cached API answer inside one rate window."""
    path = "/api/resources/?page_size=5"
    get(path)  # fills the page cache (and counts)
    # The limit counts in fixed one-minute windows: start early in one.
    remaining = 60 - time.time() % 60
    if remaining < 15:
        time.sleep(remaining + 0.5)
    statuses, hits = [], 0
    for _ in range(API_RATE + 20):
        status, headers, _body = get(path)
        statuses.append(status)
        hits += headers.get("X-Page-Cache") == "hit"
    ok, limited = statuses.count(200), statuses.count(429)
    # The request that filled the cache counted too, unless it fell in the previous window.
    if not (API_RATE - 1 <= ok <= API_RATE and ok + limited == len(statuses)):
        failures.append(f"rate limit on a cached answer: {ok} x 200, {limited} x 429")
    if hits < ok - 1:
        failures.append(f"rate limit check: only {hits} of {ok} answers came from the cache")
    return [
        f"rate   {len(statuses)} requests to {path} at {API_RATE}/minute: {ok} x 200 "
        f"({hits} from the page cache), {limited} x 429"
    ]


def shell(code: str) -> str:
    """The last line `code` prints when run in `manage.py shell`."""
    result = subprocess.run(
        [PY, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py shell failed:\n{result.stderr}")
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


def manage(*args: str, check=True) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env=env(),
        capture_output=True,
        text=True,
        timeout=900,
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
            str(CLUSTER.dir / "gunicorn.ctl"),
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
        "--no-imports",
        "-c",
        "from core.publishing import Status; from resources.models import Resource, ResourceType;"
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
    CLUSTER.stop()
    down_at = time.monotonic()
    log("PostgreSQL stopped")
    time.sleep(4)
    CLUSTER.start()
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
        "--no-imports",
        "-c",
        f"from resources.models import Resource;print(Resource.objects.filter(title={marker!r}).values_list('title', flat=True).first())",
    )
    manage(
        "shell",
        "--no-imports",
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


class LoopbackCookies(http.cookiejar.DefaultCookiePolicy):
    """Send the production settings' Secure cookies back over plain HTTP on loopback, as a
    browser behind the TLS-ending load balancer would."""

    def return_ok_secure(self, cookie, request):
        return True


def admin_browser() -> urllib.request.OpenerDirector:
    """A signed-in admin session, through the login form and its CSRF token."""
    jar = http.cookiejar.CookieJar(policy=LoopbackCookies())
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = browser.open(f"{BASE}/admin/login/", timeout=10).read().decode()
    fields = form_fields(page, "login-form")
    fields.update(username="admin", password=ADMIN_PASSWORD)
    signed_in = browser.open(
        urllib.request.Request(
            f"{BASE}/admin/login/?next=/admin/",
            data=urllib.parse.urlencode(fields, doseq=True).encode(),
            headers={"Referer": f"{BASE}/admin/login/"},
        ),
        timeout=10,
    )
    if "/admin/login/" in signed_in.geturl():
        raise SystemExit("could not sign in to the admin")
    return browser


def multipart(fields: dict, files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = f"soak{secrets.token_hex(12)}"
    parts = []
    pairs = [
        (name, value)
        for name, values in fields.items()
        for value in (values if isinstance(values, list) else [values])
    ]
    for name, value in pairs:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    for name, (filename, content) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        )
        parts.append(content)
        parts.append(b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def upload_file(browser, resource_pk: int, filename: str, size: int) -> tuple[bool, str]:
    """Attach a PDF of `size` bytes to a publication through its admin change form, as staff
    do. Returns whether it was saved, and the admin's message."""
    change_url = f"{BASE}/admin/resources/resource/{resource_pk}/change/"
    fields = form_fields(browser.open(change_url, timeout=10).read().decode(), "resource_form")
    prefix = next(name for name in fields if name.endswith("-TOTAL_FORMS"))[: -len("-TOTAL_FORMS")]
    blank = int(fields[f"{prefix}-INITIAL_FORMS"])  # the inline's empty extra row
    fields[f"{prefix}-{blank}-label"] = filename
    fields["_save"] = "Save"
    pdf = b"%PDF-1.4\n"
    body, content_type = multipart(
        fields, {f"{prefix}-{blank}-file": (filename, pdf + b"0" * (size - len(pdf)))}
    )
    request = urllib.request.Request(
        change_url, data=body, headers={"Content-Type": content_type, "Referer": change_url}
    )
    try:
        response = browser.open(request, timeout=120)
    except urllib.error.HTTPError as error:
        return False, f"HTTP {error.code}"
    html = response.read().decode("utf-8", "replace")
    saved = response.geturl().split("?")[0].endswith("/admin/resources/resource/")
    errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>\s*<li>(.*?)</li>', html, re.S)
    message = "; ".join(dict.fromkeys(errors)) or ("saved" if saved else "not saved")
    return saved and filename in manage_files(resource_pk), message


def manage_files(resource_pk: int) -> str:
    return shell(
        "from resources.models import ResourceFile;"
        f"print(list(ResourceFile.objects.filter(resource_id={resource_pk})"
        ".values_list('label', flat=True)))"
    )


def upload_limit(failures: list[str]) -> list[str]:
    limit_mb = int(shell("from django.conf import settings;print(settings.UPLOAD_MAX_MB)"))
    limit = limit_mb * 1024 * 1024
    resource_pk = int(
        shell("from resources.models import Resource;print(Resource.objects.order_by('pk')[0].pk)")
    )
    browser = admin_browser()
    lines = []
    over_saved, over_message = upload_file(browser, resource_pk, "over-the-limit.pdf", limit + 1)
    if over_saved or f"the limit is {limit_mb} MB" not in over_message:
        failures.append(f"upload over the limit: {over_message}")
    lines.append(
        f"upload {limit + 1} bytes (limit {limit_mb} MB) through the admin: "
        + ("saved (failure)" if over_saved else f"refused: {over_message}")
    )
    under_saved, under_message = upload_file(
        browser, resource_pk, "under-the-limit.pdf", limit - 1
    )
    if not under_saved:
        failures.append(f"upload under the limit: {under_message}")
    lines.append(
        f"upload {limit - 1} bytes through the admin: "
        + ("saved" if under_saved else f"refused (failure): {under_message}")
    )
    return lines


IMPORT_CHECK = """
from django.conf import settings
from core.importing.rows import ImportFileError, read_csv
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


def forget_cache() -> None:
    import redis

    client = redis.Redis.from_url(env()["CACHE_URL"])
    for key in client.scan_iter(f"{CACHE_PREFIX}:*"):
        client.delete(key)


def stop_on_signal(signum, frame):
    raise SystemExit(f"stopped by signal {signum}")


def main() -> int:
    global CLUSTER
    failures: list[str] = []
    signal.signal(signal.SIGTERM, stop_on_signal)
    CLUSTER = ThrowawayCluster()
    try:
        log(f"throwaway PostgreSQL cluster in {CLUSTER.dir} on 127.0.0.1:{CLUSTER.port}")
        CLUSTER.create()
        # Only what the run reads: the demo publications and a staff account (no boundaries
        # or maps, which take minutes to load and are not loaded here).
        log("migrate, demo publications, an admin account, collectstatic")
        manage("migrate", "--noinput", "-v", "0")
        shell("from demo.library import load_demo_catalog; print(load_demo_catalog())")
        manage("createsuperuser", "--noinput", "--username", "admin", "--email", "a@example.org")
        manage("collectstatic", "--noinput", "-v", "0")
        summary = run(failures)
    finally:
        CLUSTER.remove()
        log("throwaway cluster stopped and removed")
        forget_cache()
    # The summary comes last, after the clean-up, ending with PASS or FAIL.
    print()
    print("== soak summary ==")
    for line in summary:
        print(line)
    print("result " + ("PASS" if not failures else "FAIL: " + "; ".join(failures)))
    return 1 if failures else 0


def run(failures: list[str]) -> list[str]:
    """Load, fault and limits against the throwaway cluster; the summary's lines."""
    server = start_server()
    try:
        log(f"gunicorn with {WORKERS} workers on {BASE}; wrk 64 connections for {DURATION} s")
        load = wrk("/resources/", DURATION)
        if load["non2xx"] or load["socket_errors"] != "none" or not load["requests"]:
            failures.append(f"load run had errors: {load}")
        log(f"load: {load}")
        fault = fault_run(failures)
        log(f"fault: {fault}")
        log("upload limit through the admin")
        uploads = upload_limit(failures)
        log("download of the uploaded file")
        limit_mb = int(shell("from django.conf import settings;print(settings.UPLOAD_MAX_MB)"))
        downloads = download_check(failures, limit_mb * 1024 * 1024 - 1)
        log("API rate limit on a cached answer")
        rates = rate_limit_check(failures)
    finally:
        server.terminate()
        server.wait(timeout=30)
    imports = manage("shell", "--no-imports", "-c", IMPORT_CHECK)
    for line in imports.strip().splitlines():
        if "(failure)" in line:
            failures.append(line)
    return [
        f"load   /resources/, 64 connections, {DURATION} s, {WORKERS} workers: "
        f"{load['requests']} requests, {load['rps']} req/s, median {load['p50']}, "
        f"p99 {load['p99']}, non-2xx {load['non2xx']}, socket errors {load['socket_errors']}",
        f"fault  PostgreSQL stopped 4 s: /healthz during outage {fault['outage_healthz']}, "
        f"recovered {fault['recovery_s']} s after restart, statuses seen {fault['statuses_seen']}"
        f" over {fault['polls']} polls, acknowledged edit kept: {fault['edit_kept']}",
        *(f"limits {line}" for line in uploads),
        *downloads,
        *rates,
        *(f"limits {line}" for line in imports.strip().splitlines() if line.startswith("import")),
    ]


if __name__ == "__main__":
    sys.exit(main())
