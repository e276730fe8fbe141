#!/usr/bin/env bash
# Runs two `serve` replicas on one PostgreSQL catalog with N small SQLite databases, all on one
# schedule, for DURATION, then prints what the cluster did and what it cost:
#
#   bench/cluster-bench.sh                                # N=200, @every 1m, 10 minutes
#   N=200 DURATION=2m bench/cluster-bench.sh              # a short debug run
#   N=50 EVERY=30s WORKERS=4 DURATION=5m bench/cluster-bench.sh
#
# Setup: a throwaway PostgreSQL 15 under a temp dir (as root it runs as `postgres` via runuser, like
# bench/pg-bench.sh), N SQLite files of 32 KiB each (one table, 500 rows), one config with every
# database on `schedule: @every EVERY`, the catalog on PostgreSQL (`catalog_password: ${VAR}`), local
# storage, and two replicas `java -jar target/backstop.jar serve` in terminal-chat mode (stdin a FIFO
# that a silent `sleep` holds open, stdout to a file), each with its own `http.port` and `work_dir` (read from
# the environment in the one config file) so /metrics and /healthz can be scraped.
#
# What it prints, and how each is counted:
# - slots: at start-up the first replica gives each database's `backup` task instance its first slot
#   (one period after start-up); `@every` slots then lie on that database's grid first + k*EVERY.
#   The script reads each database's first slot from `scheduled_tasks` as soon as it appears.
#   EXPECTED = sum over databases of the grid slots at or before the window's end
#   (window = the first replica's launch + DURATION), i.e. databases x the full periods elapsed.
# - a backup belongs to the slot at or before its created_at on its database's grid.
#   MADE = succeeded backups that belong to a slot in the window (a backup of the last slot may finish
#   in the grace time after the window: the replicas keep running up to GRACE until no backup runs).
# - DUPLICATES = (database, slot) pairs with more than one backup, whatever their status: two backups
#   of one database within one period slot. Must be 0.
# - LEFT RUNNING = backups still `running` in the catalog after both replicas stopped; FAILED = backups
#   `failed` (with their errors, first few).
# - scheduler overhead: each replica's `backstop_monitor_pass_seconds` (count, sum, mean: the wall time
#   of the monitor passes that replica ran; one pass per `scheduler.monitor_every` across the cluster),
#   and each replica's CPU seconds (utime+stime from /proc/PID/stat) from both replicas ready to the
#   end of the grace time (before the status timings), total and per backup that succeeded by then
#   (this CPU includes the backups themselves: dump, zstd, age, upload, catalog writes).
# - catalog size: pg_database_size of the catalog and its biggest tables (pg_total_relation_size).
# - `backstop status` wall time from the shell (a cold JVM each time), plain and `--json`, with
#   `java -jar` and through the launcher `target/backstop` (its archive trained by one untimed `list`), and
#   `/backstop status` in a warm replica: the command written into replica 1's stdin FIFO, timed until
#   the reply's last line appears on its stdout. Each is run RUNS times (default 3); the issue's target
#   is under 1 s for both. For scale, a cold `backstop list db001 -n 1` is timed too: the JVM's start,
#   the config and opening the catalog, which every cold CLI run pays.
#
# Needs: target/backstop.jar (mvn -q -DskipTests package), PostgreSQL 15 server binaries (PGBIN, default
# /usr/lib/postgresql/15/bin), python3, curl. Knobs: N, EVERY, DURATION (90s, 2m, 10m), WORKERS (per
# replica, default 2), MONITOR_EVERY (default 30s), GRACE (default 90s), RUNS, JAVA_OPTS (default
# -Xmx256m), KEEP=1 keeps the temp dir.
set -euo pipefail

N=${N:-200}
EVERY=${EVERY:-1m}
DURATION=${DURATION:-10m}
WORKERS=${WORKERS:-2}
MONITOR_EVERY=${MONITOR_EVERY:-30s}
GRACE=${GRACE:-90s}
RUNS=${RUNS:-3}
JAVA_OPTS=${JAVA_OPTS:--Xmx256m}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
HERE=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-"$HERE/target/backstop.jar"}
[ -f "$JAR" ] || { echo "missing $JAR: run mvn -q -DskipTests package first" >&2; exit 1; }
for tool in python3 curl "$PGBIN/initdb" "$PGBIN/psql"; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }
done

# seconds OF: 90s, 2m, 1h, or a bare number of seconds.
seconds() { python3 -c 'import re,sys; m=re.fullmatch(r"(\d+)([smh]?)", sys.argv[1]); assert m, "bad duration " + sys.argv[1]; print(int(m[1]) * {"": 1, "s": 1, "m": 60, "h": 3600}[m[2]])' "$1"; }
DURATION_S=$(seconds "$DURATION"); EVERY_S=$(seconds "$EVERY"); GRACE_S=$(seconds "$GRACE")
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

WORK=$(mktemp -d /tmp/backstop-cluster-bench.XXXXXX)
chmod 755 "$WORK"
DATA="$WORK/pgdata"
PORT=${PORT:-$(free_port)}
export BACKSTOP_CATALOG_PASSWORD="bench-$RANDOM-$RANDOM"
ADMIN=bench_admin
PIDS=()
as_server() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  as_server "$PGBIN/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

echo "PostgreSQL on port $PORT under $WORK ..."
mkdir -p "$WORK/pg"
printf '%s\n' "$BACKSTOP_CATALOG_PASSWORD" > "$WORK/pg/pwfile"
[ "$(id -u)" = 0 ] && chown -R postgres:postgres "$WORK/pg" && mkdir -p "$DATA" && chown postgres:postgres "$DATA"
as_server "$PGBIN/initdb" -D "$DATA" -U "$ADMIN" --auth=scram-sha-256 --pwfile="$WORK/pg/pwfile" -E UTF8 --locale=C >/dev/null
cat >> "$DATA/postgresql.auto.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$WORK/pg'
max_connections = 100
CONF
as_server "$PGBIN/pg_ctl" -D "$DATA" -l "$WORK/pg/server.log" -w start >/dev/null
export PGPASSWORD=$BACKSTOP_CATALOG_PASSWORD
psql() { "$PGBIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -d "postgresql://$ADMIN@127.0.0.1:$PORT/catalog" "$@"; }
"$PGBIN/psql" -X -q -d "postgresql://$ADMIN@127.0.0.1:$PORT/postgres" -c "CREATE DATABASE catalog"

echo "$N SQLite databases, a key and the config ..."
mkdir -p "$WORK/dbs" "$WORK/backups" "$WORK/r1" "$WORK/r2"
python3 - "$WORK/dbs" "$N" <<'PY'
import sqlite3, sys
folder, count = sys.argv[1], int(sys.argv[2])
for i in range(1, count + 1):
    db = sqlite3.connect(f"{folder}/db{i:03d}.db")
    db.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT)")
    db.executemany("INSERT INTO items (name, note) VALUES (?, ?)",
                   [(f"item {i}-{j}", "x" * (j % 60)) for j in range(500)])
    db.commit()
    db.close()
PY
java -jar "$JAR" keygen -o "$WORK/key.txt" >/dev/null 2>&1
RECIPIENT=$(grep -o 'age1[0-9a-z]*' "$WORK/key.txt" | head -1)
CONFIG="$WORK/backstop.yml"
{
  echo "catalog: postgresql://$ADMIN@127.0.0.1:$PORT/catalog"
  echo 'catalog_password: ${BACKSTOP_CATALOG_PASSWORD}'
  echo 'work_dir: ${BENCH_WORK_DIR:-./work}'
  echo "storage: { type: local, path: $WORK/backups }"
  echo "encryption: { recipients: [$RECIPIENT], identity_file: $WORK/key.txt }"
  printf 'http:\n  port: "${BENCH_HTTP_PORT:-3000}"\n'
  echo "scheduler: { workers: $WORKERS, monitor_every: $MONITOR_EVERY }"
  echo "databases:"
  for i in $(seq -f '%03g' 1 "$N"); do
    echo "  db$i: { engine: sqlite, path: $WORK/dbs/db$i.db, schedule: '@every $EVERY' }"
  done
} > "$CONFIG"

# start_replica R: starts `serve` with stdin from the FIFO $WORK/rR/in, held open by a `sleep` that
# writes nothing (killing it ends the input, which stops the replica), stdout and stderr to files.
declare -A HTTP_PORT PID_OF HOLDER_OF
start_replica() {
  local r=$1 port
  port=$(free_port)
  mkfifo "$WORK/r$r/in"
  sleep infinity > "$WORK/r$r/in" &
  HOLDER_OF[$r]=$!; PIDS+=($!)
  BENCH_HTTP_PORT=$port BENCH_WORK_DIR="$WORK/r$r/work" java $JAVA_OPTS -jar "$JAR" --config "$CONFIG" serve \
    < "$WORK/r$r/in" > "$WORK/r$r/out" 2> "$WORK/r$r/err" &
  PID_OF[$r]=$!; PIDS+=($!); HTTP_PORT[$r]=$port
}
wait_healthy() {
  local r=$1
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:${HTTP_PORT[$r]}/healthz" >/dev/null && return 0
    kill -0 "${PID_OF[$r]}" 2>/dev/null || { echo "replica $r died:" >&2; cat "$WORK/r$r/err" >&2; exit 1; }
    sleep 0.5
  done
  echo "replica $r not healthy after 60s" >&2; cat "$WORK/r$r/err" >&2; exit 1
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

echo "two replicas, $N databases on @every $EVERY, for $DURATION ..."
LAUNCH=$(date +%s.%N)
start_replica 1
wait_healthy 1
start_replica 2
wait_healthy 2
CPU0_1=$(cpu_ticks "${PID_OF[1]}"); CPU0_2=$(cpu_ticks "${PID_OF[2]}")
for _ in $(seq 1 60); do
  [ "$(psql -c "SELECT count(*) FROM scheduled_tasks WHERE task_name = 'backup'")" -ge "$N" ] && break
  sleep 1
done
psql -F, -c "SELECT task_instance, (extract(epoch FROM execution_time) * 1000)::bigint FROM scheduled_tasks
  WHERE task_name = 'backup' AND NOT picked" > "$WORK/first-slots.csv"
WINDOW_END=$(python3 -c "print(int(($LAUNCH + $DURATION_S) * 1000))")

sleep "$(python3 -c "print(max(0, $LAUNCH + $DURATION_S - $(date +%s.%N)))")"
echo "window over; waiting up to $GRACE for the last slot's backups ..."
for _ in $(seq 1 "$GRACE_S"); do
  [ "$(psql -c "SELECT count(*) FROM backups WHERE status = 'running'")" = 0 ] && break
  sleep 1
done
CPU1_1=$(cpu_ticks "${PID_OF[1]}"); CPU1_2=$(cpu_ticks "${PID_OF[2]}")
MEASURED=$(python3 -c "print(round($(date +%s.%N) - $LAUNCH, 1))")
MADE_TOTAL=$(psql -c "SELECT count(*) FROM backups WHERE status = 'succeeded'")
for r in 1 2; do curl -sf "http://127.0.0.1:${HTTP_PORT[$r]}/metrics" > "$WORK/r$r/metrics"; done

# Timings while both replicas still run, so the catalog is as a live cluster has it.
export BACKSTOP_CATALOG_PASSWORD
time_cli() { python3 - "$@" <<'PY'
import subprocess, sys, time
start = time.monotonic()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
took = time.monotonic() - start
if done.returncode != 0:
    sys.exit("status failed: " + done.stderr.decode()[-500:])
print(f"{took:.2f}")
PY
}
STATUS_TIMES=(); JSON_TIMES=(); CHAT_TIMES=(); LIST_TIMES=(); LAUNCHED_TIMES=(); LAUNCHED_JSON_TIMES=()
# The launcher (target/backstop: Serial GC and an AppCDS archive, trained here by one untimed command).
LAUNCHER="$HERE/target/backstop"
export BACKSTOP_CACHE_DIR="$WORK/cds"
[ -x "$LAUNCHER" ] && JAVA_OPTS="$JAVA_OPTS" "$LAUNCHER" --config "$CONFIG" list db001 -n 1 >/dev/null 2>&1 || true
for _ in $(seq 1 "$RUNS"); do
  if [ -x "$LAUNCHER" ]; then
    LAUNCHED_TIMES+=("$(JAVA_OPTS="$JAVA_OPTS" time_cli "$LAUNCHER" --config "$CONFIG" status)")
    LAUNCHED_JSON_TIMES+=("$(JAVA_OPTS="$JAVA_OPTS" time_cli "$LAUNCHER" --config "$CONFIG" status --json)")
  fi
  LIST_TIMES+=("$(time_cli java $JAVA_OPTS -jar "$JAR" --config "$CONFIG" list db001 -n 1)")
  STATUS_TIMES+=("$(time_cli java $JAVA_OPTS -jar "$JAR" --config "$CONFIG" status)")
  JSON_TIMES+=("$(time_cli java $JAVA_OPTS -jar "$JAR" --config "$CONFIG" status --json)")
  CHAT_TIMES+=("$(python3 - "$WORK/r1/in" "$WORK/r1/out" <<'PY'
import os, sys, time
fifo, out = sys.argv[1], sys.argv[2]
offset = os.path.getsize(out)
start = time.monotonic()
with open(fifo, "w") as chat:
    chat.write("/backstop status\n")
marker = "the bot (`serve`) posts them to chat."
while True:
    with open(out, errors="replace") as reply:
        reply.seek(offset)
        text = reply.read()
    at = text.find("Backstop status:")
    if at >= 0 and marker in text[at:]:
        break
    if time.monotonic() - start > 60:
        sys.exit("no /backstop status reply within 60s")
    time.sleep(0.005)
print(f"{time.monotonic() - start:.3f}")
PY
)")
done

echo "stopping the replicas (end of input; each waits for its running jobs) ..."
for r in 1 2; do kill "${HOLDER_OF[$r]}"; done
for r in 1 2; do
  for _ in $(seq 1 60); do kill -0 "${PID_OF[$r]}" 2>/dev/null || break; sleep 1; done
  kill "${PID_OF[$r]}" 2>/dev/null || true
done

psql -F, -c "SELECT database, created_at, status FROM backups" > "$WORK/backups.csv"
python3 - "$WORK/first-slots.csv" "$WORK/backups.csv" "$EVERY_S" "$WINDOW_END" "$N" <<'PY'
import collections, csv, sys
first = {row[0]: int(row[1]) for row in csv.reader(open(sys.argv[1]))}
period, window_end, count = int(sys.argv[3]) * 1000, int(sys.argv[4]), int(sys.argv[5])
if len(first) != count:
    sys.exit(f"read first slots of {len(first)} databases, not {count}: the bench read scheduled_tasks too late")
expected = sum(max(0, (window_end - slot) // period + 1) for slot in first.values() if slot <= window_end)
slots = collections.Counter()
made = 0
early = 0
for database, created, status in csv.reader(open(sys.argv[2])):
    k = (int(created) - first[database]) // period
    if k < 0:
        early += 1
        continue
    slots[(database, k)] += 1
    if status == "succeeded" and first[database] + k * period <= window_end:
        made += 1
duplicates = sum(1 for n in slots.values() if n > 1)
print(f"backups made {made} of {expected} expected ({len(first)} databases x slots on their grid up to the window's end)")
print(f"duplicates (one database, one slot, more than one backup): {duplicates}")
if early:
    print(f"backups before their database's first slot: {early}")
PY
psql -c "SELECT 'backups left running: ' || count(*) FILTER (WHERE status = 'running') || ', failed: '
  || count(*) FILTER (WHERE status = 'failed') || ', total rows: ' || count(*) FROM backups"
psql -c "SELECT '  failed ' || database || ' ' || id || ': ' || error FROM backups WHERE status = 'failed' LIMIT 5"

TICK=$(getconf CLK_TCK)
echo
echo "scheduler overhead (from both replicas ready to $MEASURED s after launch: the window and the grace, before the status timings; $MADE_TOTAL backups succeeded by then):"
for r in 1 2; do
  cpu0=CPU0_$r; cpu1=CPU1_$r
  awk -v r="$r" -v a="${!cpu0}" -v b="${!cpu1}" -v tick="$TICK" -v made="$MADE_TOTAL" '
    /^backstop_monitor_pass_seconds_count/ {count = $2}
    /^backstop_monitor_pass_seconds_sum/ {sum = $2}
    END {
      cpu = (b - a) / tick
      printf "  replica %s: monitor passes %d, %.3f s in all, mean %.1f ms; CPU %.1f s",
        r, count, sum, count ? 1000 * sum / count : 0, cpu
      printf " (%.1f ms per backup of the whole cluster)\n", made ? 1000 * cpu / made : 0
    }' "$WORK/r$r/metrics"
  echo "  replica $r: failed passes logged: $(grep -c 'scheduler pass failed' "$WORK/r$r/err" || true)"
done
awk -v tick="$TICK" -v a1="$CPU0_1" -v b1="$CPU1_1" -v a2="$CPU0_2" -v b2="$CPU1_2" -v made="$MADE_TOTAL" \
  'BEGIN { cpu = (b1 - a1 + b2 - a2) / tick; printf "  both: CPU %.1f s, %.1f ms per succeeded backup\n", cpu, made ? 1000 * cpu / made : 0 }'

echo
echo "catalog: $(psql -c "SELECT pg_size_pretty(pg_database_size('catalog'))")"
psql -F ' ' -c "SELECT '  ' || relname, pg_size_pretty(pg_total_relation_size(oid)),
    (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I', relname), false, true, '')))[1]::text
  FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace
  ORDER BY pg_total_relation_size(oid) DESC LIMIT 6" | awk '{printf "%-22s %6s %-3s %8s rows\n", $1, $2, $3, $4}'

echo
echo "status with $N databases, $RUNS runs each (seconds, target < 1):"
echo "  backstop status (cold CLI):        ${STATUS_TIMES[*]}"
echo "  backstop status --json (cold CLI): ${JSON_TIMES[*]}"
echo "  target/backstop status (cold CLI through the launcher):        ${LAUNCHED_TIMES[*]:-no launcher}"
echo "  target/backstop status --json (cold CLI through the launcher): ${LAUNCHED_JSON_TIMES[*]:-no launcher}"
echo "  /backstop status (warm replica):   ${CHAT_TIMES[*]}"
echo "  baseline: backstop list db001 -n 1 (cold CLI: JVM, config, catalog open, one query): ${LIST_TIMES[*]}"
echo
echo "machine: $(nproc) cores, $(free -h | awk '/Mem:/ {print $2}') RAM, load $(cut -d' ' -f1-3 /proc/loadavg); PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'); N=$N EVERY=$EVERY DURATION=$DURATION WORKERS=$WORKERS"
