#!/usr/bin/env bash
# Times Backstop's PostgreSQL backup and restore against the stock pipeline
#   pg_dump -Fc -Z0 | zstd -1 -T0 | age -r R > out     and     age -d | zstd -d | pg_restore
# on a throwaway local PostgreSQL filled by pgbench. Prints seconds, ratios and peak RSS.
#
#   SCALE=64 bench/pg-bench.sh      # pgbench scale; 64 is about 1 GiB, 16 about 256 MiB
#   FILL=random SCALE=16 bench/pg-bench.sh   # same size from generate_series(random md5 text), which
#                                            # compresses far less than pgbench's blank-padded rows
#
# Needs: target/backstop.jar (mvn -q -DskipTests package), PostgreSQL server binaries
# (PGBIN, default /usr/lib/postgresql/15/bin), zstd, age, age-keygen, /usr/bin/time.
set -euo pipefail

SCALE=${SCALE:-64}
FILL=${FILL:-pgbench}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
HERE=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-"$HERE/target/backstop.jar"}
[ -f "$JAR" ] || { echo "missing $JAR: run mvn -q -DskipTests package first" >&2; exit 1; }
for tool in zstd age age-keygen /usr/bin/time "$PGBIN/initdb" "$PGBIN/pgbench"; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }
done

WORK=$(mktemp -d /tmp/backstop-pg-bench.XXXXXX)
DATA="$WORK/data"
PORT=${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
export PGPASSWORD="bench-$RANDOM-$RANDOM"
ADMIN=bench_admin
as_server() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() { as_server "$PGBIN/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT

printf '%s\n' "$PGPASSWORD" > "$WORK/pwfile"
[ "$(id -u)" = 0 ] && chown -R postgres:postgres "$WORK"
as_server "$PGBIN/initdb" -D "$DATA" -U "$ADMIN" --auth=scram-sha-256 --pwfile="$WORK/pwfile" -E UTF8 --locale=C >/dev/null
cat >> "$DATA/postgresql.auto.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$WORK'
fsync = off
synchronous_commit = off
full_page_writes = off
max_wal_size = 4GB
CONF
as_server "$PGBIN/pg_ctl" -D "$DATA" -l "$WORK/server.log" -w start >/dev/null
URL="postgresql://$ADMIN@127.0.0.1:$PORT"
psql() { "$PGBIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }

echo "filling ($FILL) scale $SCALE ..."
psql -d "$URL/postgres" -c "CREATE DATABASE bench"
if [ "$FILL" = random ]; then
  # about 16 MiB per scale step: 110k rows of ~150 bytes on disk
  psql -d "$URL/bench" -c "CREATE TABLE pgbench_accounts (aid bigint PRIMARY KEY, bid int, abalance int, filler text);
    INSERT INTO pgbench_accounts SELECT g, g % 100, (random() * 100000)::int,
      md5(random()::text) || md5(random()::text) || md5(random()::text)
      FROM generate_series(1, $SCALE * 110000) g;"
else
  "$PGBIN/pgbench" -i -q -s "$SCALE" "$URL/bench" >/dev/null 2>&1
fi
psql -d "$URL/bench" -c "VACUUM ANALYZE" >/dev/null
DB_SIZE=$(psql -d "$URL/bench" -c "SELECT pg_size_pretty(pg_database_size('bench'))")

age-keygen -o "$WORK/key.txt" 2>/dev/null
RECIPIENT=$(grep -o 'age1[0-9a-z]*' "$WORK/key.txt" | head -1)
cat > "$WORK/backstop.yml" <<YML
catalog: $WORK/backstop/catalog.db
storage: { type: local, path: $WORK/backstop/backups }
encryption: { recipients: [$RECIPIENT], identity_file: $WORK/key.txt }
databases:
  bench:
    engine: postgres
    url: $URL/bench
    password: \${PGPASSWORD}
YML

# measure LABEL COMMAND...: runs under /usr/bin/time -v, records seconds and peak RSS (KiB).
declare -A SECONDS_OF RSS_OF
measure() {
  local label=$1; shift
  /usr/bin/time -v -o "$WORK/$label.time" "$@" > "$WORK/$label.out"
  SECONDS_OF[$label]=$(awk -F': ' '/Elapsed \(wall clock\)/ {split($2,t,":"); s=0; for (i=1;i<=length(t);i++) s=s*60+t[i]; print s}' "$WORK/$label.time")
  RSS_OF[$label]=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/$label.time")
}

echo "backup: backstop ..."
measure backstop_backup java -Xmx64m -jar "$JAR" --config "$WORK/backstop.yml" backup bench
echo "backup: stock pipeline ..."
measure stock_backup bash -c "'$PGBIN/pg_dump' -Fc -Z0 -d '$URL/bench' | zstd -q -1 -T0 | age -r '$RECIPIENT' > '$WORK/stock.zst.age'"

echo "startup and verify: backstop ..."
measure backstop_startup java -Xmx64m -jar "$JAR" --config "$WORK/backstop.yml" list bench
BACKUP_ID=$(java -jar "$JAR" --config "$WORK/backstop.yml" list bench --json | grep -o '"id" *: *"[^"]*"' | head -1 | sed 's/.*"\([^"]*\)"$/\1/')
measure backstop_verify java -Xmx64m -jar "$JAR" --config "$WORK/backstop.yml" verify bench "$BACKUP_ID"

echo "restore: backstop ..."
measure backstop_restore java -Xmx64m -jar "$JAR" --config "$WORK/backstop.yml" restore bench latest --to "$URL/bench_backstop"
echo "restore: stock pipeline ..."
psql -d "$URL/postgres" -c "CREATE DATABASE bench_stock"
measure stock_restore bash -c "age -d -i '$WORK/key.txt' '$WORK/stock.zst.age' | zstd -q -d | '$PGBIN/pg_restore' --no-owner --exit-on-error -d '$URL/bench_stock'"

BACKSTOP_OBJECT=$(find "$WORK/backstop/backups" -name '*.zst.age' -printf '%s\n' | head -1)
STOCK_OBJECT=$(stat -c %s "$WORK/stock.zst.age")
ACCOUNTS=$(psql -d "$URL/bench_backstop" -c "SELECT count(*) FROM pgbench_accounts")

echo
echo "machine: $(nproc) cores, $(free -h | awk '/Mem:/ {print $2}') RAM; PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}')"
echo "database: $FILL scale $SCALE, $DB_SIZE; restored pgbench_accounts rows: $ACCOUNTS"
echo "stored object: backstop $BACKSTOP_OBJECT bytes, stock $STOCK_OBJECT bytes"
printf '%-18s %10s %14s\n' step seconds peak_rss_MiB
for label in backstop_startup backstop_backup stock_backup backstop_verify backstop_restore stock_restore; do
  printf '%-18s %10s %14s\n' "$label" "${SECONDS_OF[$label]}" "$(( ${RSS_OF[$label]} / 1024 ))"
done
awk -v a="${SECONDS_OF[backstop_backup]}" -v b="${SECONDS_OF[stock_backup]}" \
    -v c="${SECONDS_OF[backstop_restore]}" -v d="${SECONDS_OF[stock_restore]}" \
    'BEGIN { printf "ratio backup  backstop/stock: %.2f\nratio restore backstop/stock: %.2f\n", a/b, c/d }'
