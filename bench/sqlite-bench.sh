#!/usr/bin/env bash
# Times Backstop's SQLite backup and restore against the stock chain
#   sqlite3 DB ".backup tmp.db"; zstd -1 -T0 < tmp.db | age -r RECIPIENT > out
# and its reverse, on a generated database of SIZE_MB (default 1024), with the JVM capped at -Xmx64m.
# Needs: java, sqlite3, zstd, age, sha256sum, bash, bc, /usr/bin/time. Usage: bench/sqlite-bench.sh [SIZE_MB]
# Kept for the figures of 2026-11 in docs/performance.md; bench/run.sh measures every target in one run.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb="${1:-1024}"
work="bench/work/sqlite"
jar="target/backstop.jar"
[ -f "$jar" ] || mvn -q -DskipTests package
rm -rf "$work" && mkdir -p "$work"
java="${JAVA:-java} -Xmx64m -jar $PWD/$jar --config $PWD/$work/backstop.yml"

echo "generating a ${size_mb} MiB SQLite database..."
rows=$(( size_mb * 1024 * 1024 / 152 ))
sqlite3 "$work/app.db" <<SQL
PRAGMA journal_mode = WAL;
CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL);
CREATE TABLE events (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id),
  kind TEXT NOT NULL, created_at TEXT NOT NULL, payload TEXT NOT NULL);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
INSERT INTO customers SELECT i, 'customer ' || i, 'customer' || i || '@example.com' FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows)
INSERT INTO events SELECT i, 1 + abs(random()) % 100000,
  CASE abs(random()) % 4 WHEN 0 THEN 'order.created' WHEN 1 THEN 'order.paid' WHEN 2 THEN 'page.view' ELSE 'cart.update' END,
  datetime(1700000000 + i, 'unixepoch'),
  '{"sku":"SKU-' || (abs(random()) % 5000) || '","qty":' || (abs(random()) % 9) || ',"token":"' || hex(randomblob(24)) || '"}'
FROM n;
CREATE INDEX events_by_customer ON events (customer_id);
SQL
db_bytes=$(stat -c %s "$work/app.db")
echo "database: $db_bytes bytes"

key=$(java -jar "$jar" keygen)
echo "$key" > "$work/age.key"
recipient=$(echo "$key" | sed -n 's/^# public key: //p')
cat > "$work/backstop.yml" <<YAML
catalog: ./catalog.db
storage: { type: local, path: ./backups }
encryption: { recipients: [$recipient], identity_file: ./age.key }
databases:
  app: { engine: sqlite, path: ./app.db }
YAML

timed() { # label, command...: prints seconds and peak RSS of the command
  local label="$1"; shift
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%M %U %S" -o "$work/rss" "$@" > "$work/out.txt" 2> "$work/err.txt" || { cat "$work/err.txt"; exit 1; }
  end=$(date +%s.%N)
  local seconds; seconds=$(echo "$end - $start" | bc)
  read -r rss user sys < <(tail -1 "$work/rss")
  printf '%-18s wall %7.2f s   cpu %7.2f s   peak RSS %5d MiB\n' "$label" "$seconds" "$(echo "$user + $sys" | bc)" $(( rss / 1024 ))
  echo "$seconds" >> "$work/$label.all"
}
# Each chain runs RUNS times (default 3), alternating, after a sync so that one run's dirty pages
# do not slow the next; the fastest run of each counts.
runs="${RUNS:-3}"
best() { sort -n "$work/$1.all" | head -1 > "$work/$1.s"; }
for run in $(seq 1 "$runs"); do
  rm -f "$work/stock.zst.age" "$work/stock-restored.db" "$work/restored.db"
  sync
  timed stock-backup sh -c "sqlite3 '$work/app.db' \".backup '$work/tmp.db'\" && zstd -q -1 -T0 < '$work/tmp.db' | age -r $recipient > '$work/stock.zst.age' && rm '$work/tmp.db'"
  sync
  timed backstop-backup $java backup app
  sync
  timed stock-restore sh -c "age -d -i '$work/age.key' '$work/stock.zst.age' | zstd -q -d > '$work/stock-restored.db'"
  rm -f "$work/stock-restored.db"
  sync
  # The stock reverse with the checks and durability Backstop's restore has: the object's and the
  # dump's SHA-256, and the restored file synced to disk before it counts as restored.
  timed stock-checked-restore bash -c "sha256sum '$work/stock.zst.age' > /dev/null && age -d -i '$work/age.key' '$work/stock.zst.age' | zstd -q -d | tee >(sha256sum > /dev/null) > '$work/stock-restored.db' && sync '$work/stock-restored.db'"
  sync
  timed backstop-restore $java restore app latest --to "$PWD/$work/restored.db"
done
for label in stock-backup backstop-backup stock-restore stock-checked-restore backstop-restore; do best "$label"; done

stored=$(find "$work/backups" -name '*.zst.age' -printf '%s\n' | tail -1)
echo "stored object: $stored bytes (stock: $(stat -c %s "$work/stock.zst.age") bytes)"
echo "fastest of $runs: stock backup $(cat "$work/stock-backup.s") s, backstop backup $(cat "$work/backstop-backup.s") s, stock restore $(cat "$work/stock-restore.s") s, backstop restore $(cat "$work/backstop-restore.s") s"
echo "backup ratio  (backstop / stock): $(echo "scale=2; $(cat "$work/backstop-backup.s") / $(cat "$work/stock-backup.s")" | bc)"
echo "restore ratio (backstop / stock): $(echo "scale=2; $(cat "$work/backstop-restore.s") / $(cat "$work/stock-restore.s")" | bc)"
echo "restore ratio (backstop / stock with the same checks and sync, $(cat "$work/stock-checked-restore.s") s): $(echo "scale=2; $(cat "$work/backstop-restore.s") / $(cat "$work/stock-checked-restore.s")" | bc)"
sqlite3 "$work/restored.db" "PRAGMA quick_check" | grep -qx ok && echo "restored database passes quick_check"
