"""`python -m bench 1000 100000`: serve the site with gunicorn and production settings on
loopback, load it with wrk, and report latency, throughput, size and SQL queries per request.

Each catalog size gets its own database (lrc_bench_<size>, in the cluster of DATABASE_URL), so
benchmark data never mixes with demo data or tests, and a second run reuses the data.
"""

import argparse
import contextlib
import csv
import datetime
import gzip
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
RESULTS = ROOT / "bench" / "results"
LUA = ROOT / "bench" / "report.lua"
MIXED_LUA = ROOT / "bench" / "mixed.lua"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# Sent to measure a page rendered without the page cache (honoured only with BENCH_VIEWS).
BYPASS_HEADER = "X-Bench-Bypass-Cache"
# Pages also measured under load with the page cache bypassed: the indexes' work, not the cache's.
UNCACHED_TOO = {"resources", "resources_filtered", "resources_q"}
ORDER = [
    "trivial",
    "resources",
    "resources_filtered",
    "resources_q",
    "api_resources",
    "api_resources_filtered",
    "api_resources_q",
    "map",
    "map_features",
    "map_geometry",
    "map_places",
    "trivial_bytes",
    "resource_detail",
]


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def database_url(name: str) -> str:
    base = os.environ.get("DATABASE_URL", "postgis://lrc@127.0.0.1:54329/lrc")
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/{name}"))


def libpq(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(scheme="postgresql"))


def ensure_database(name: str, *, fresh: bool = False) -> str:
    url = database_url(name)
    admin = libpq(database_url("postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return url


def environment(db_url: str, *, port: int, redis_db: int) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=db_url,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="bench-only-secret-key-not-for-production-0123456789",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DJANGO_SECURE_SSL_REDIRECT="False",
        DJANGO_SECURE_HSTS_SECONDS="0",
        CACHE_URL=f"redis://127.0.0.1:6379/{redis_db}",
        CACHE_KEY_PREFIX=f"bench{port}",
        SERVER_TIMING="True",
        BENCH_VIEWS="True",
        # The load generator is one client: the public API's per-client limit would answer 429.
        API_ANON_RATE="100000000/minute",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def flush_redis(redis_db: int) -> None:
    import redis

    redis.Redis(host="127.0.0.1", port=6379, db=redis_db).flushdb()


def wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (TimeoutError, urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer {url} within {timeout} s")


def fetch(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def gzipped_size(url: str) -> dict:
    status, headers, body = fetch(url, {"Accept-Encoding": "gzip"})
    encoded = headers.get("Content-Encoding") == "gzip"
    raw = gzip.decompress(body) if encoded else body
    return {
        "bytes": len(raw),
        "gzip_bytes": len(body) if encoded else len(gzip.compress(raw, 6)),
        "server_gzips": encoded,
    }


def serial_server_time(url: str, requests: int = 30) -> dict:
    """Time at the server for one request at a time, with the page cache bypassed: what the
    view, its queries and its indexes cost, with no queueing and no load generator beside it."""
    times = []
    for _ in range(requests):
        _status, headers, _body = fetch(url, {BYPASS_HEADER: "1", "Accept-Encoding": "gzip"})
        timing = headers.get("Server-Timing", "")
        if "app;dur=" in timing:
            times.append(float(timing.split("app;dur=")[1].split(",")[0]))
    if not times:
        return {}
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
    }


def run_wrk(
    url: str,
    *,
    seconds: int,
    connections: int,
    threads: int,
    headers: dict | None = None,
    timing_seconds: int = 1,
    mixed: Path | None = None,
) -> dict:
    """Latency and throughput from one wrk run, and the times at the server from a second,
    shorter one that reads every response's Server-Timing header. With `mixed` (a file of
    paths), the requests are bench/mixed.lua's mix of those paths instead of `url`."""
    measured = _wrk(url, seconds, connections, threads, headers, server_timing=False, mixed=mixed)
    timed = _wrk(
        url, timing_seconds, connections, threads, headers, server_timing=True, mixed=mixed
    )
    measured.update(
        server_p50_ms=timed["server_p50_ms"],
        server_p95_ms=timed["server_p95_ms"],
        server_samples=timed["server_samples"],
        non200=measured["non200"] + timed["non200"],
    )
    return measured


def _wrk(
    url, seconds, connections, threads, headers, *, server_timing: bool, mixed: Path | None = None
) -> dict:
    # Every browser sends Accept-Encoding; without it the county features are 2 MB, not 300 KB.
    headers = {"Accept-Encoding": "gzip, deflate, br", **(headers or {})}
    done = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(MIXED_LUA if mixed else LUA),
            *[arg for name, value in headers.items() for arg in ("-H", f"{name}: {value}")],
            url,
        ],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "WRK_SERVER_TIMING": "1" if server_timing else "0",
            "WRK_REPORT_LUA": str(LUA),
            "WRK_MIXED": str(mixed or ""),
            "WRK_THREADS": str(threads),
            "WRK_SEARCH_OFFSET": "800" if server_timing else "0",
        },
    )
    line = [x for x in done.stdout.splitlines() if x.startswith("{")]
    if not line:
        raise SystemExit(f"wrk failed for {url}:\n{done.stdout}\n{done.stderr}")
    return json.loads(line[-1])


def static_check(base: str) -> dict:
    """A hashed static file: served compressed, with a far-future max-age."""
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    name, hashed = next(
        (k, v) for k, v in manifest["paths"].items() if k.endswith(".css") or k.endswith(".js")
    )
    result = {"file": hashed}
    for encoding in ("gzip", "br"):
        status, headers, body = fetch(f"{base}/static/{hashed}", {"Accept-Encoding": encoding})
        result[encoding] = {
            "status": status,
            "content_encoding": headers.get("Content-Encoding", ""),
            "cache_control": headers.get("Cache-Control", ""),
            "bytes": len(body),
        }
    return result


# map.js marks the map container data-loaded="true" once the features layer is drawn; a
# data-map-ready attribute on <html> holding performance.now() is also understood.
READY_JS = (
    "document.documentElement.dataset.mapReady || "
    "document.querySelector('.leaflet-container[data-loaded=\"true\"]')"
)


def map_interactive(url: str, runs: int = 5) -> dict:
    """Milliseconds from navigation start until the features layer is drawn, by the page's
    own clock (performance.now(), checked every animation frame)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"note": "playwright not installed"}
    cold, warm, errors = [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for _ in range(runs):
                # The page forbids eval in its CSP; the timing probe needs it, the page does not.
                context = browser.new_context(bypass_csp=True)
                page = context.new_page()
                for bucket in (cold, warm):
                    try:
                        page.goto(url, wait_until="commit")
                        page.wait_for_function(READY_JS, timeout=60000, polling="raf")
                        bucket.append(
                            page.evaluate(
                                "parseFloat(document.documentElement.dataset.mapReady)"
                                " || performance.now()"
                            )
                        )
                    except Exception as error:  # noqa: BLE001 - reported, not raised
                        errors.append(str(error).splitlines()[0][:200])
                context.close()
        finally:
            browser.close()
    if not cold or not warm:
        return {"note": "the map never signalled it had drawn its features", "errors": errors}
    return {
        "cold_median_ms": round(statistics.median(cold), 1),
        "warm_median_ms": round(statistics.median(warm), 1),
        "cold_ms": [round(x, 1) for x in cold],
        "warm_ms": [round(x, 1) for x in warm],
        "errors": errors,
    }


def import_timing(rows: int, *, port: int, redis_db: int) -> dict:
    """Time `import_resources` on a CSV of `rows` new publications, in a scratch database."""
    url = ensure_database("lrc_bench_import", fresh=True)
    env = environment(url, port=port, redis_db=redis_db)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "generate_catalog", "--size", "1")
    with psycopg.connect(libpq(url)) as conn:
        types = [r[0] for r in conn.execute("SELECT slug FROM resources_resourcetype")]
        topics = [r[0] for r in conn.execute("SELECT name FROM resources_topic")]
    path = RESULTS / "import-10000.csv"
    rng = random.Random(3)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["title", "type", "publication_date", "summary", "topics", "language"])
        for number in range(rows):
            writer.writerow(
                [
                    f"Imported practice advisory number {number} on detainers",
                    rng.choice(types),
                    (
                        datetime.date(2014, 1, 1) + datetime.timedelta(days=rng.randrange(4000))
                    ).isoformat(),
                    "A summary of the advisory for defence lawyers and organisers.",
                    ";".join(rng.sample(topics, rng.randint(1, 3))),
                    rng.choice(["en", "en", "en", "es"]),
                ]
            )
    # The import's own writes only: the dirty pages of the sizes benchmarked before it (a
    # million publications vacuumed) are written out first, not during the timed run.
    with (
        psycopg.connect(libpq(url), autocommit=True) as conn,
        contextlib.suppress(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute("CHECKPOINT")
    started = time.monotonic()
    output = manage(env, "import_resources", str(path))
    seconds = time.monotonic() - started
    return {"rows": rows, "seconds": round(seconds, 2), "output": output.strip()[-300:]}


def bench_size(size: int, args) -> dict:
    name = f"lrc_bench_{size}"
    db_url = ensure_database(name)
    env = environment(db_url, port=args.port, redis_db=args.redis_db)
    log(f"{size}: migrate {name}")
    manage(env, "migrate", "--noinput", "-v", "0")
    log(f"{size}: boundaries, demo maps, catalog and county policies")
    started = time.monotonic()
    out = manage(env, "generate_catalog", "--size", str(size), "--policies")
    log(f"{size}: {out.strip().splitlines()[-2:]} ({time.monotonic() - started:.0f} s)")
    with psycopg.connect(libpq(db_url), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    flush_redis(args.redis_db)

    probe = json.loads(
        subprocess.run(
            [PY, "-m", "bench.probe"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    flush_redis(args.redis_db)
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [
            PY,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    result = {
        "size": size,
        "published": probe["published"],
        "notes": probe["notes"],
        "endpoints": {},
    }
    try:
        wait_for(f"{base}/bench/trivial")
        urls = probe["urls"]
        if "map_features" in urls:
            # The floor for a response as large as the county map data sent gzipped.
            features_gzip = gzipped_size(base + urls["map_features"])["gzip_bytes"]
            urls["trivial_bytes"] = f"/bench/bytes?size={features_gzip}"
            probe["queries"]["trivial_bytes"] = {"first": 0, "repeat": 0, "uncached": 0}
        for key in ORDER:
            if key not in urls:
                continue
            url = base + urls[key]
            for _ in range(args.warmup):
                fetch(url)
            entry = {"url": urls[key], "queries": probe["queries"].get(key)}
            entry.update(size=gzipped_size(url), serial=serial_server_time(url))
            log(f"{size}: wrk {urls[key]}")
            entry["wrk"] = run_wrk(
                url, seconds=args.seconds, connections=args.connections, threads=args.threads
            )
            if key in UNCACHED_TOO:
                log(f"{size}: wrk {urls[key]} without the page cache")
                entry["wrk_uncached"] = run_wrk(
                    url,
                    seconds=args.seconds,
                    connections=args.connections,
                    threads=args.threads,
                    headers={BYPASS_HEADER: "1"},
                )
            result["endpoints"][key] = entry
        result["mixed"] = mixed_workload(base, probe["mixed"], size=size, args=args)
        if "map_features" in urls:
            status, headers, _body = fetch(base + urls["map_features"])
            etag = headers.get("ETag")
            revisit = (
                fetch(base + urls["map_features"], {"If-None-Match": etag})[0] if etag else None
            )
            result["features_etag"] = {"etag": etag, "revisit_status": revisit}
        result["static"] = static_check(base)
        if "map" in urls and not args.no_browser:
            log(f"{size}: map page in headless Chromium")
            result["map_interactive"] = map_interactive(base + urls["map"])
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    log(f"{size}: time in SQL and in Python, uncached, in-process")
    result["split"] = split_times(size, probe["urls"])
    floor = result["endpoints"].get("trivial", {}).get("wrk")
    for entry in result["endpoints"].values():
        if floor:
            entry["ratio"] = ratio(entry["wrk"], floor)
            if "wrk_uncached" in entry:
                entry["ratio_uncached"] = ratio(entry["wrk_uncached"], floor)
        if result.get("mixed"):
            result["mixed"]["ratio"] = ratio(result["mixed"]["wrk"], floor)
    return result


def mixed_workload(base: str, paths: list, *, size: int, args) -> dict:
    """The mixed workload (bench/mixed.lua): page views, map dates, distinct searches."""
    listing = RESULTS / f"mixed-{size}.txt"
    listing.write_text("".join(f"{kind}\t{path}\n" for kind, path in paths), encoding="utf-8")
    counts = {kind: sum(1 for k, _ in paths if k == kind) for kind in ("page", "search", "date")}
    # Every page once first, as visitors before the run would have: the views are the cached
    # ones. Searches and dates are left cold: each search of the run is new.
    for kind, path in paths:
        if kind == "page":
            fetch(base + path)
    log(f"{size}: wrk mixed workload ({counts})")
    return {
        "paths": counts,
        "wrk": run_wrk(
            base + "/",
            seconds=max(args.seconds, 8),
            connections=args.connections,
            threads=args.threads,
            mixed=listing,
        ),
    }


# Pages whose time at the server is split into SQL, templates, serializers and the rest:
# every page but the two floors and the map documents served whole from the cache.
SPLIT = set(ORDER) - {"trivial", "trivial_bytes", "map_features", "map_geometry"}


def split_times(size: int, urls: dict) -> list[dict]:
    """bench.timing's split of the uncached pages, run in a process of its own (Django set up
    for the same database) once the server has stopped, so the two do not share the cores."""
    paths = [urls[key] for key in ORDER if key in SPLIT and key in urls]
    done = subprocess.run(
        [PY, "-m", "bench.timing", "--json", str(size), *paths],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    line = [x for x in done.stdout.splitlines() if x.startswith("[")]
    if done.returncode != 0 or not line:
        log(f"bench.timing failed: {done.stderr[-2000:]}")
        return []
    return json.loads(line[-1])


def ratio(w: dict, floor: dict) -> dict:
    return {
        "p50": round(w["p50_ms"] / floor["p50_ms"], 2),
        "p95": round(w["p95_ms"] / floor["p95_ms"], 2),
        "rps": round(w["rps"] / floor["rps"], 3),
    }


def markdown(results: dict) -> str:
    lines = []
    if results.get("relevance"):
        from bench.relevance import markdown as relevance_markdown

        lines.append(relevance_markdown(results["relevance"]))
    for run in results["sizes"]:
        lines.append(f"\n### {run['size']:,} publications ({run['published']:,} published)\n")
        lines.append(
            "| endpoint | p50 ms | p95 ms | req/s | p50 ×floor | p95 ×floor | req/s ×floor "
            "| server p50 ms | server p95 ms | uncached 1-at-a-time server p50 / p95 ms "
            "| SQL/req (served / uncached) | HTML/JSON gzip KB |"
        )
        lines.append("|" + "---|" * 12)
        for key in ORDER:
            entry = run["endpoints"].get(key)
            if not entry:
                continue
            q = entry["queries"] or {}
            queries = (
                f"{q.get('repeat')}"
                if q.get("first") == q.get("repeat")
                else f"{q.get('repeat')} ({q.get('first')} cold)"
            )
            rows = [(entry["url"], entry["wrk"], entry.get("ratio", {}), queries)]
            if "wrk_uncached" in entry:
                rows.append(
                    (
                        f"{entry['url']} (no page cache)",
                        entry["wrk_uncached"],
                        entry.get("ratio_uncached", {}),
                        str(q.get("uncached", "")),
                    )
                )
            for label, w, r, sql in rows:
                errors = f" ⚠ {w['non200']} non-200" if w.get("non200") else ""
                lines.append(
                    f"| `{label}`{errors} | {w['p50_ms']:.1f} | {w['p95_ms']:.1f} | "
                    f"{w['rps']:.0f} | {r.get('p50', '')} | {r.get('p95', '')} | "
                    f"{r.get('rps', '')} | {w['server_p50_ms']:.1f} | {w['server_p95_ms']:.1f} | "
                    f"{entry['serial'].get('p50_ms', '')} / {entry['serial'].get('p95_ms', '')} | "
                    f"{sql} / {q.get('uncached', '')} | "
                    f"{entry['size']['gzip_bytes'] / 1024:.1f} |"
                )
        if run.get("mixed"):
            m, r = run["mixed"]["wrk"], run["mixed"].get("ratio", {})
            errors = f" ⚠ {m['non200']} non-200" if m.get("non200") else ""
            lines.append(
                f"| mixed: 60 % cached pages, 20 % map dates, 20 % new searches{errors} | "
                f"{m['p50_ms']:.1f} | "
                f"{m['p95_ms']:.1f} | {m['rps']:.0f} | {r.get('p50', '')} | {r.get('p95', '')} "
                f"| {r.get('rps', '')} | {m['server_p50_ms']:.1f} | {m['server_p95_ms']:.1f} "
                "| | | |"
            )
        if run.get("split"):
            lines.append(
                "\nTime at the server without the page cache, split (in-process through the "
                "test client, 15 requests each, medians in ms; `python -m bench.timing`):\n"
            )
            lines.append(
                "| page | total p50 | SQL | templates / JSON | serializers | other Python "
                "| all Python | queries |"
            )
            lines.append("|" + "---|" * 8)
            for r in run["split"]:
                lines.append(
                    f"| `{r['url']}` | {r['total_p50']:.1f} | {r['sql']:.1f} | {r['render']:.1f} "
                    f"| {r['serializer']:.1f} | {r['other']:.1f} | {r['python']:.1f} "
                    f"| {r['queries']} |"
                )
        if run.get("mixed"):
            lines.append(f"\nMixed workload paths (bench/mixed.lua): {run['mixed']['paths']}")
        if run.get("map_interactive"):
            lines.append(f"\nMap page interactive (headless Chromium): {run['map_interactive']}")
        if run.get("features_etag"):
            lines.append(f"\nFeatures ETag revisit: {run['features_etag']}")
        for note in run["notes"]:
            lines.append(f"\nNote: {note}")
    if len(results["sizes"]) >= 2:
        small, large = results["sizes"][0], results["sizes"][-1]
        lines.append(f"\n### Growth {small['size']:,} → {large['size']:,} (median latency)\n")
        lines.append(
            "| endpoint | uncached 1-at-a-time server p50 × | server p50 under load × "
            "| wrk p50 × |"
        )
        lines.append("|---|---|---|---|")
        for key in ORDER:
            a, b = small["endpoints"].get(key), large["endpoints"].get(key)
            if a and b:
                serial = (
                    f"{b['serial']['p50_ms'] / a['serial']['p50_ms']:.2f}"
                    if a.get("serial") and b.get("serial")
                    else ""
                )
                lines.append(
                    f"| {key} | {serial} "
                    f"| {b['wrk']['server_p50_ms'] / a['wrk']['server_p50_ms']:.2f} | "
                    f"{b['wrk']['p50_ms'] / a['wrk']['p50_ms']:.2f} |"
                )
    if results.get("static"):
        lines.append(f"\nStatic file check: {json.dumps(results['static'])}")
    if results.get("import"):
        imp = results["import"]
        lines.append(f"\nImport of {imp['rows']:,} CSV rows: {imp['seconds']} s")
    return "\n".join(lines) + "\n"


def relevance() -> dict:
    done = subprocess.run(
        [PY, "-m", "bench.relevance", "--json"], cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"bench.relevance failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 100000])
    parser.add_argument("--seconds", type=int, default=4, help="wrk duration per endpoint")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--warmup", type=int, default=20, help="requests before measuring")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8106)))
    parser.add_argument("--redis-db", type=int, default=int(os.environ.get("BENCH_REDIS_DB", 13)))
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium timing")
    parser.add_argument("--no-import", action="store_true", help="skip the CSV import timing")
    parser.add_argument(
        "--no-relevance", action="store_true", help="skip the relevance set (bench/relevance.py)"
    )
    args = parser.parse_args()

    RESULTS.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    env = environment(database_url("lrc_bench_static"), port=args.port, redis_db=args.redis_db)
    log("collectstatic")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    results = {
        "started": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "command": " ".join(["python -m bench", *sys.argv[1:]]),
        "settings": {
            "wrk": f"-t{args.threads} -c{args.connections} -d{args.seconds}s",
            "gunicorn_workers": args.workers,
            "cpus": os.cpu_count(),
        },
        "sizes": [],
    }
    if not args.no_relevance:
        log("relevance set: precision@5 and recall@10")
        results["relevance"] = relevance()
    for size in args.sizes:
        results["sizes"].append(bench_size(size, args))
    if results["sizes"]:
        results["static"] = results["sizes"][-1].get("static")
    if not args.no_import:
        log("import of 10,000 CSV rows")
        results["import"] = import_timing(10_000, port=args.port, redis_db=args.redis_db)
    results["total_seconds"] = round(time.monotonic() - started, 1)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"{stamp}.json").write_text(json.dumps(results, indent=2))
    table = markdown(results)
    (RESULTS / f"{stamp}.md").write_text(table)
    print(table)
    log(f"done in {results['total_seconds']} s: bench/results/{stamp}.json and .md")


if __name__ == "__main__":
    main()
