#!/usr/bin/env python3
"""The number crunching and HTTP chores of bench/run.sh (Python 3 standard library only).

Subcommands (each prints its answer on stdout):
  wrk FILE                      parse `wrk --latency` output: "rps p50ms p99ms errors"
  pgbench FILE                  parse pgbench output: tps
  json FIELD [FIELD...]         read one JSON line on stdin, print the fields, space-separated
  cpu PID...                    utime+stime of the processes, in seconds
  settle PID...                 wait until the processes are idle
  rss PID                       "VmRSS VmHWM" in MB
  setup ...                     admin login, wait for inventory and cart to know the catalog, stock up, customers
  locust-step ...               one Locust run at a fixed arrival rate, with Bazaar's CPU time over it
  coldstart ...                 start the server, time until /health/ready answers 200, stop it
  median / report / machine     statistics, the results table, the machine's description
"""
import argparse
import concurrent.futures
import json
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

# --------------------------------------------------------------------------------------------- parsing


def parse_wrk(text):
    """Requests/sec, p50 and p99 latency in ms, and the count of failed requests (non-2xx/3xx, socket errors)."""
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if not rps:
        raise SystemExit("no Requests/sec in wrk output:\n" + text)

    def latency(pct):
        m = re.search(r"^\s+%s%%\s+([\d.]+)(us|ms|s)\s*$" % pct, text, re.M)
        if not m:
            return float("nan")
        return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]

    errors = 0
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    if m:
        errors += int(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        errors += sum(int(x) for x in m.groups())
    return float(rps.group(1)), latency(50), latency(99), errors


def parse_pgbench(text):
    m = re.search(r"tps = ([\d.]+) \(without initial connection time\)", text) or re.search(r"tps = ([\d.]+)", text)
    if not m:
        raise SystemExit("no tps in pgbench output:\n" + text)
    return float(m.group(1))


# --------------------------------------------------------------------------------------------- /proc


def cpu_seconds(pids):
    """utime + stime of each process (all its threads), summed; a process that is gone counts nothing."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            with open("/proc/%s/stat" % pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        # After the command name: state is field 3, so utime (14) and stime (15) are at 11 and 12 here.
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def settle(pids, per_process, quiet, timeout):
    """Waits until the processes together use less than `per_process` cores each for `quiet` seconds in a row
    (start-up compilation, a seed's events and the last run's leftovers done); the seconds waited, or -1."""
    start = time.monotonic()
    calm = 0
    before = cpu_seconds(pids)
    while time.monotonic() - start < timeout:
        time.sleep(1)
        now = cpu_seconds(pids)
        calm = calm + 1 if now - before < per_process * len(pids) else 0
        before = now
        if calm >= quiet:
            return time.monotonic() - start
    return -1


def rss_mb(pid):
    values = {}
    with open("/proc/%s/status" % pid) as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024
    return values["VmRSS"], values["VmHWM"]


# --------------------------------------------------------------------------------------------- HTTP


def http(method, url, body=None, token=None, headers=None, timeout=30):
    """(status, parsed JSON or None) without raising on 4xx/5xx."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Accept", "application/json")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read()
            status = resp.status
    except urllib.error.HTTPError as e:
        raw = e.read()
        status = e.code
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, None


def wait_until(what, check, timeout):
    deadline = time.monotonic() + timeout
    while True:
        try:
            if check():
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit("timed out waiting for " + what)
        time.sleep(0.5)


def login(url, email, password):
    status, body = http("POST", url + "/api/users/login", {"email": email, "password": password})
    if status != 200:
        raise SystemExit("login of %s failed: %s %s" % (email, status, body))
    return body["accessToken"]


def setup(args):
    """Everything the measured runs need, done before them so that none of it is measured."""
    url = args.url.rstrip("/")
    admin = login(url, args.admin_email, args.admin_password)

    # The seed reaches inventory and cart as ProductCreated events: wait until inventory holds every product.
    products = []
    page = 1
    while True:
        status, body = http("GET", "%s/api/products?pageSize=100&page=%d&sort=name" % (url, page))
        if status != 200:
            raise SystemExit("listing products failed: %s" % status)
        # Bazaar.Bench's own products (SKU BENCH-...) keep their opening stock: its check reconciles against it.
        products += [p["id"] for p in body["items"] if not p["sku"].startswith("BENCH-")]
        if page * 100 >= body["totalCount"] or not body["items"]:
            break
        page += 1
    wait_until("inventory to hold every product",
               lambda: http("GET", url + "/api/inventory?pageSize=1", token=admin)[1]["totalCount"] >= len(products), 180)

    # Plenty of stock, so that no measured checkout is cancelled for want of it.
    def stock_up(product_id):
        for _ in range(20):
            status, _ = http("PUT", "%s/api/inventory/%s" % (url, product_id), {"available": args.stock}, token=admin)
            if status == 200:
                return
            time.sleep(0.2)
        raise SystemExit("setting the stock of %s failed: %s" % (product_id, status))

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(stock_up, products))

    # Customers for Locust, signed in now: registration and login are not part of the measured mix.
    tag = uuid.uuid4().hex[:8]
    password = "Shopper-%s-42" % uuid.uuid4().hex[:12]

    def customer(i):
        name = "bench-%s-%d" % (tag, i)
        email = name + "@bench.example"
        status, body = http("POST", url + "/api/users/register", {"username": name, "email": email, "password": password})
        if status != 201:
            raise SystemExit("registering %s failed: %s %s" % (name, status, body))
        return {"email": email, "token": login(url, email, password)}

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        customers = list(pool.map(customer, range(args.customers)))

    # The cart service learns products from the same events: wait until it accepts the last one.
    probe = customers[0]["token"]
    wait_until("cart to know every product",
               lambda: http("POST", url + "/api/cart/items", {"productId": products[-1], "quantity": 1}, token=probe)[0] == 200, 180)
    http("DELETE", url + "/api/cart", token=probe)

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "products.json"), "w") as f:
        json.dump(products, f)
    with open(os.path.join(args.out, "customers.json"), "w") as f:
        json.dump(customers, f)
    print(products[0])


# --------------------------------------------------------------------------------------------- Locust


def locust_step(args):
    """One headless Locust run of bench/locustfile.py at `rate` user actions per second (users = rate, each
    at one action a second), and Bazaar's CPU seconds over it. Prints one JSON object."""
    pids = args.pids.split()
    os.makedirs(args.out, exist_ok=True)
    prefix = os.path.join(args.out, "locust-%d" % args.rate)
    env = dict(os.environ, BENCH_CUSTOMERS_FILE=args.customers, BENCH_PRODUCTS_FILE=args.products)
    cmd = [args.locust, "-f", args.locustfile, "--headless", "--host", args.url,
           "-u", str(args.rate), "-r", str(args.rate), "-t", "%ds" % args.seconds,
           "--csv", prefix, "--only-summary", "--loglevel", "WARNING"]
    with open(prefix + ".log", "w") as log:
        cpu0 = cpu_seconds(pids)
        subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, check=False)
        # Events a checkout started are still being handled for a moment: that work belongs to the run too.
        time.sleep(1)
        cpu1 = cpu_seconds(pids)
    requests, failures, p95 = parse_locust_summary(prefix + ".log")
    cpu = cpu1 - cpu0
    print(json.dumps({
        "rate": args.rate, "requests": requests, "failures": failures,
        "errorPercent": 100.0 * failures / requests if requests else 100.0,
        "p95Ms": p95, "requestsPerSecond": requests / args.seconds,
        "cpuSeconds": cpu, "requestsPerCpuSecond": requests / cpu if cpu > 0 else float("nan"),
    }))


def parse_locust_summary(path):
    """Requests, failures and p95 (ms) of all requests, from the summary Locust prints when it stops. (Its CSV
    files are written once a second while it runs, so their last rows miss up to the final second.)"""
    requests = failures = None
    p95 = float("nan")
    with open(path) as f:
        for line in f:
            fields = line.split()
            if not fields or fields[0] != "Aggregated":
                continue
            if "|" in fields:
                # Aggregated  <requests>  <failures>(<percent>%) | avg min max median | req/s failures/s
                requests, failures = int(fields[1]), int(fields[2].split("(")[0])
            elif len(fields) == 13:
                # Aggregated  50% 66% 75% 80% 90% 95% 98% 99% 99.9% 99.99% 100% <requests>
                p95 = float(fields[6]) if fields[6] != "N/A" else float("nan")
    if requests is None:
        raise SystemExit("no summary in %s" % path)
    return requests, failures, p95


# --------------------------------------------------------------------------------------------- cold start


def coldstart(args):
    """Seconds from starting the process to its first 200 from /health/ready; stops it again (SIGTERM)."""
    with open(args.log, "a") as log:
        start = time.monotonic()
        proc = subprocess.Popen(args.command, stdout=log, stderr=subprocess.STDOUT, cwd=args.cwd, start_new_session=True)
        try:
            while True:
                try:
                    with urllib.request.urlopen(args.url.rstrip("/") + "/health/ready", timeout=2) as resp:
                        if resp.status == 200:
                            elapsed = time.monotonic() - start
                            break
                except (urllib.error.URLError, ConnectionError, OSError):
                    pass
                if proc.poll() is not None:
                    raise SystemExit("the server exited with %s before it was ready; see %s" % (proc.returncode, args.log))
                if time.monotonic() - start > 120:
                    raise SystemExit("not ready after 120 s")
                time.sleep(0.005)
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    print("%.3f" % elapsed)


# --------------------------------------------------------------------------------------------- the table

# id, label, unit, target (operator, value) or None, shapes the target applies to
ROWS = [
    ("ping_rps", "`/bench/ping` (wrk)", "req/s", None, ""),
    ("product_rps", "`GET /api/products/{id}` (wrk)", "req/s", None, ""),
    ("search_rps", "`GET /api/products?q=…` (wrk)", "req/s", None, ""),
    ("gateway_product_rps", "`GET /api/products/{id}` through the gateway (wrk)", "req/s", None, ""),
    ("R1", "R1 product ÷ ping", "ratio", (">=", 0.60), "embedded"),
    ("R2", "R2 search ÷ ping", "ratio", (">=", 0.25), "embedded distributed"),
    ("R3", "R3 gateway ÷ straight to catalog", "ratio", (">=", 0.60), "distributed"),
    ("checkout_rps", "checkouts completed, closed loop", "orders/s", None, ""),
    ("pgbench_tps", "`pgbench -b simple-update`, same clients", "tx/s", None, ""),
    ("R4", "R4 checkouts ÷ pgbench tps", "ratio", (">=", 0.12), "distributed"),
    ("R5_rate", "R5 arrival rate (half the closed-loop rate)", "orders/s", None, ""),
    ("R5", "R5 checkout p99, POST to processing", "ms", ("<=", 250), "embedded distributed"),
    ("relay_rps", "relay: outbox → JetStream", "events/s", None, ""),
    ("raw_rps", "raw JetStream publish", "events/s", None, ""),
    ("R6", "R6 relay ÷ raw publish", "ratio", (">=", 0.50), "distributed"),
    ("idle_cpu", "CPU of Bazaar's processes when idle (5 s, before Locust)", "cores", None, ""),
    ("R7_rate", "R7 highest Locust rate with p95 ≤ 100 ms, < 0.1% errors", "actions/s", None, ""),
    ("R7_cpu", "R7 requests per second of Bazaar CPU time", "req/CPU-s", (">=", 2000), "embedded"),
    ("R8_idle", "R8 RSS idle after seeding", "MB", ("<=", 200), "embedded"),
    ("R8_peak", "R8 peak RSS under R7 load", "MB", ("<=", 400), "embedded"),
    ("R9", "R9 cold start to ready (existing data)", "s", ("<=", 2), "embedded"),
]


def fmt(v, unit):
    if v != v:  # NaN
        return "n/a"
    if unit in ("ratio", "cores"):
        return "%.2f" % v
    if abs(v) >= 100:
        return "{:,.0f}".format(v)
    return "%.1f" % v


def read_results(path):
    values, notes, skipped = {}, [], {}
    with open(path) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if parts[0] == "note":
                notes.append(parts[1])
            elif parts[0] == "skip":
                skipped[parts[1]] = parts[2]
            elif len(parts) == 2:
                values.setdefault(parts[0], []).append(float(parts[1]))
    return values, notes, skipped


def report(args):
    values, notes, skipped = read_results(args.results)
    lines = ["| benchmark | median | min | max | unit | target | result |", "|---|---:|---:|---:|---|---|---|"]
    failed = False
    for key, label, unit, target, shapes in ROWS:
        applies = target is not None and args.shape in shapes.split()
        target_text = "%s %s" % ("≥" if target and target[0] == ">=" else "≤", fmt(target[1], unit)) if applies else ""
        if key in skipped:
            lines.append("| %s | %s | | | %s | %s | skipped |" % (label, skipped[key], unit, target_text))
            continue
        if key not in values:
            continue
        vs = values[key]
        med = statistics.median(vs)
        result = ""
        if applies:
            ok = med >= target[1] if target[0] == ">=" else med <= target[1]
            result = "pass" if ok else "FAIL"
            failed |= not ok
        lines.append("| %s | %s | %s | %s | %s | %s | %s |" % (
            label, fmt(med, unit), fmt(min(vs), unit), fmt(max(vs), unit), unit, target_text, result))
    print("\n".join(lines))
    if notes:
        print()
        for note in notes:
            print("- " + note)


def machine(_args):
    def first(cmd):
        try:
            out = subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=20).stdout.strip()
            return out.splitlines()[0] if out else "?"
        except Exception:  # noqa: BLE001 - a description, not a measurement
            return "?"

    cpu = first("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-").strip()
    mem = first("awk '/MemTotal/ {printf \"%.1f GiB\", $2/1048576}' /proc/meminfo")
    print("- CPU: %s, %s cores; RAM %s; kernel %s (%s)" % (cpu, os.cpu_count(), mem, platform.release(), first(". /etc/os-release && echo $PRETTY_NAME")))
    print("- .NET: SDK %s, runtime %s" % (first("dotnet --version"),
                                          first("dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ {print $2}' | sort -V | tail -1")))
    print("- %s; %s; %s" % (
        first("$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/postgres --version"),
        first("(command -v nats-server || echo /usr/sbin/nats-server) | sh -c 'read b; $b --version'"),
        first("redis-server --version | cut -d' ' -f1-3")))
    print("- tools: wrk %s; Locust %s on %s" % (
        first("dpkg-query -W -f='${Version}' wrk"), first("dpkg-query -W -f='${Version}' python3-locust"),
        first("/usr/bin/python3 --version")))


# --------------------------------------------------------------------------------------------- main


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("wrk").add_argument("file")
    sub.add_parser("pgbench").add_argument("file")
    sub.add_parser("json").add_argument("fields", nargs="+")
    sub.add_parser("cpu").add_argument("pids", nargs="+")
    sub.add_parser("rss").add_argument("pid")
    s = sub.add_parser("settle")
    s.add_argument("pids", nargs="+")
    s.add_argument("--per-process", type=float, default=0.05)
    s.add_argument("--quiet", type=int, default=3)
    s.add_argument("--timeout", type=float, default=90)
    sub.add_parser("median").add_argument("values", nargs="+", type=float)
    s = sub.add_parser("setup")
    for name in ("--url", "--admin-email", "--admin-password", "--out"):
        s.add_argument(name, required=True)
    s.add_argument("--customers", type=int, default=100)
    s.add_argument("--stock", type=int, default=1_000_000)
    s = sub.add_parser("locust-step")
    for name in ("--url", "--pids", "--customers", "--products", "--out", "--locustfile"):
        s.add_argument(name, required=True)
    s.add_argument("--locust", default="/usr/bin/locust")
    s.add_argument("--rate", type=int, required=True)
    s.add_argument("--seconds", type=int, required=True)
    s = sub.add_parser("coldstart")
    s.add_argument("--url", required=True)
    s.add_argument("--cwd", required=True)
    s.add_argument("--log", required=True)
    s.add_argument("command", nargs=argparse.REMAINDER)
    s = sub.add_parser("report")
    s.add_argument("--results", required=True)
    s.add_argument("--shape", required=True)
    sub.add_parser("machine")
    args = parser.parse_args()

    if args.cmd == "wrk":
        with open(args.file) as f:
            print("%.1f %.3f %.3f %d" % parse_wrk(f.read()))
    elif args.cmd == "pgbench":
        with open(args.file) as f:
            print("%.1f" % parse_pgbench(f.read()))
    elif args.cmd == "json":
        doc = json.loads(sys.stdin.read().strip().splitlines()[-1])
        print(" ".join(str(doc[k]) for k in args.fields))
    elif args.cmd == "cpu":
        print("%.2f" % cpu_seconds(args.pids))
    elif args.cmd == "settle":
        print("%.0f" % settle(args.pids, args.per_process, args.quiet, args.timeout))
    elif args.cmd == "rss":
        print("%.1f %.1f" % rss_mb(args.pid))
    elif args.cmd == "median":
        print(statistics.median(args.values))
    elif args.cmd == "setup":
        setup(args)
    elif args.cmd == "locust-step":
        locust_step(args)
    elif args.cmd == "coldstart":
        if args.command and args.command[0] == "--":
            args.command = args.command[1:]
        coldstart(args)
    elif args.cmd == "report":
        report(args)
    elif args.cmd == "machine":
        machine(args)


if __name__ == "__main__":
    main()
