#!/usr/bin/env bash
# Every ratio of the performance targets in one run (docs/performance.md):
#   SQLite, for each size in SIZES (MiB, WAL mode): backup against the stock chain, restore to a new
#   file and in place over the live WAL database against the checked-and-synced stock chain (and the
#   bare one), restores inside one warm `serve`; PostgreSQL backup and restore against the stock chains;
#   peak RSS of every Backstop command; and a stage breakdown (each stage alone) with its two-core limit.
#
#   mvn -B -q -o -DskipTests package && bench/run.sh                   # the full run: SIZES="360 1024"
#   SIZES=50 RUNS=1 PG_SCALE=2 bench/run.sh                             # a quick one while developing
#   STAGES_ONLY=1 SIZES=360 bench/run.sh                                # only the stage breakdown
#
# Settings (environment): SIZES (default "360 1024"), RUNS (3; medians are printed), WARM_RUNS (3 timed
# restores in one serve, after one to warm it up), PG_SCALE (24, about 380 MiB of random text; 0 skips
# PostgreSQL), PGBIN (/usr/lib/postgresql/15/bin), STAGES (1; 0 skips the breakdown), JAVA (the java binary, java),
# WORK (bench/work/run), LAUNCHER (1: run Backstop through the launcher target/backstop, which adds
# -XX:+UseSerialGC and an AppCDS archive, trained by the first untimed backup into WORK/cds; 0: plain
# `java -Xmx64m -jar target/backstop.jar`, for comparison), JVM_OPTS (more JVM options for every Backstop command).
# Cold CLI: every Backstop command is a new JVM with -Xmx64m; the summary prints the exact command lines.
# Needs: java, sqlite3, zstd, age, age-keygen, sha256sum, bc, /usr/bin/time, python3 (a free port).
set -euo pipefail
cd "$(dirname "$0")/.."
HERE=$PWD
SIZES=${SIZES:-"360 1024"}
RUNS=${RUNS:-3}
WARM_RUNS=${WARM_RUNS:-3}
PG_SCALE=${PG_SCALE:-24}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
STAGES=${STAGES:-1}
STAGES_ONLY=${STAGES_ONLY:-0}
JAVA=${JAVA:-java}
LAUNCHER=${LAUNCHER:-1}
JVM_OPTS=${JVM_OPTS:-}
JAR="$HERE/target/backstop.jar"
WORK=${WORK:-"$HERE/bench/work/run"}
[ -f "$JAR" ] && [ -x "$HERE/target/backstop" ] \
  || { echo "missing $JAR or target/backstop: run mvn -B -q -o -DskipTests package first" >&2; exit 1; }
# BACKSTOP: how every Backstop command starts (a new JVM each time), as one line of words.
if [ "$LAUNCHER" = 1 ]; then
  export JAVA_OPTS="-Xmx64m${JVM_OPTS:+ $JVM_OPTS}" BACKSTOP_JAVA="$JAVA" BACKSTOP_CACHE_DIR="$WORK/cds"
  BACKSTOP="$HERE/target/backstop"
  BACKSTOP_SHOWN="JAVA_OPTS='$JAVA_OPTS' BACKSTOP_JAVA=$JAVA BACKSTOP_CACHE_DIR=$BACKSTOP_CACHE_DIR $BACKSTOP"
else
  BACKSTOP="$JAVA -Xmx64m${JVM_OPTS:+ $JVM_OPTS} -jar $JAR"
  BACKSTOP_SHOWN=$BACKSTOP
fi
for tool in sqlite3 zstd age age-keygen sha256sum bc /usr/bin/time python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }
done
rm -rf "$WORK" && mkdir -p "$WORK"
SUMMARY="$WORK/summary.txt"
: > "$SUMMARY"
note() { echo "$*" | tee -a "$SUMMARY"; }

note "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(free -h | awk '/Mem:/ {print $2}') RAM,"\
" disk $(df -h "$WORK" | awk 'NR == 2 {print $1}'), load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
note "tools: $("$JAVA" -version 2>&1 | head -1); sqlite3 $(sqlite3 --version | cut -d' ' -f1); $(zstd --version | grep -o 'v[0-9.]*');"\
" age $(age --version); runs $RUNS (medians), sizes ${SIZES} MiB"

# timed LABEL COMMAND...: runs COMMAND after a sync, records its wall seconds, CPU seconds and peak RSS (KiB).
timed() {
  local label=$1; shift
  sync
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%M %U %S" -o "$WORK/time.out" "$@" > "$WORK/cmd.out" 2> "$WORK/cmd.err" \
    || { echo "$label failed:"; cat "$WORK/cmd.err" "$WORK/cmd.out"; exit 1; }
  end=$(date +%s.%N)
  local rss user sys
  read -r rss user sys < <(tail -1 "$WORK/time.out")
  awk -v a="$end" -v b="$start" 'BEGIN { printf "%.3f\n", a - b }' >> "$WORK/$label.wall"
  awk -v a="$user" -v b="$sys" 'BEGIN { printf "%.2f\n", a + b }' >> "$WORK/$label.cpu"
  echo "$rss" >> "$WORK/$label.rss"
  printf '  %-30s wall %7.2f s   cpu %7.2f s   peak RSS %5d MiB\n' "$label" "$(tail -1 "$WORK/$label.wall")" \
    "$(tail -1 "$WORK/$label.cpu")" $(( rss / 1024 ))
}
median() { sort -n "$WORK/$1.${2:-wall}" | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
max_rss() { echo $(( $(sort -n "$WORK/$1.rss" | tail -1) / 1024 )); }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
# report LABEL-OF-BACKSTOP LABEL-OF-STOCK WHAT TARGET: one line of the summary.
report() {
  local ours theirs
  ours=$(median "$1"); theirs=$(median "$2")
  note "$(printf '%-44s %7.2f s / %7.2f s = %5sx  (target <= %s)  peak RSS %s MiB' "$3" "$ours" "$theirs" \
    "$(ratio "$ours" "$theirs")" "$4" "$(max_rss "$1")")"
}

generate_sqlite() { # FILE SIZE_MB: ~SIZE_MB of customers and events in WAL mode (compresses about 2.8:1)
  local rows=$(( $2 * 1024 * 1024 / 152 ))
  sqlite3 "$1" <<SQL
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
}

# stages DIR: each stage alone on DIR/app.db, and the limit a two-core pipeline of them allows.
stages() {
  local dir=$1 db=$1/app.db recipient
  recipient=$(sed -n 's/^# public key: //p' "$dir/age.key")
  local object; object=$(find "$dir/backups" -name '*.zst.age' | head -1)
  local backstop="$BACKSTOP"
  note "stage breakdown, $(stat -c %s "$db") bytes, each stage alone (wall s, cpu s):"
  declare -A WALL CPU
  stage() { # NAME COMMAND: one timed run after a warm-up run
    local name=$1; shift
    bash -c "$*" > /dev/null 2>&1
    sync
    local start end; start=$(date +%s.%N)
    /usr/bin/time -f "%U %S" -o "$WORK/stage.time" bash -c "$*" > /dev/null 2>&1
    end=$(date +%s.%N)
    WALL[$name]=$(awk -v a="$end" -v b="$start" 'BEGIN { printf "%.3f", a - b }')
    CPU[$name]=$(awk '{print $1 + $2}' "$WORK/stage.time")
    note "$(printf '  %-16s %6.2f %6.2f   %s' "$name" "${WALL[$name]}" "${CPU[$name]}" "$*")"
  }
  stage read "cat '$db' > /dev/null"
  stage snapshot "rm -f '$dir/s.db'; sqlite3 '$db' \".backup '$dir/s.db'\"; rm -f '$dir/s.db'"
  stage quick_check "sqlite3 '$db' 'PRAGMA quick_check'"
  stage row_counts "sqlite3 '$db' 'SELECT count(*) FROM customers; SELECT count(*) FROM events'"
  stage sha256 "sha256sum '$db'"
  stage sha256_object "sha256sum '$object'"
  stage zstd_1 "zstd -q -1 -T0 < '$db' > '$dir/s.zst'"
  stage zstd_d "zstd -q -d < '$dir/s.zst' > /dev/null"
  stage age_enc "age -r $recipient < '$dir/s.zst' > '$dir/s.age'"
  stage age_dec "age -d -i '$dir/age.key' '$dir/s.age' > /dev/null"
  stage write_fsync "dd if='$db' of='$dir/s.out' bs=1M conv=fsync status=none; rm -f '$dir/s.out'"
  stage jvm_start "$backstop --version"
  stage jvm_list "$backstop --config '$dir/backstop.yml' list app -n 1"
  rm -f "$dir/s.zst" "$dir/s.age"
  note "  Backstop's own in-JVM stages (second run in one JVM: s, MiB/s of the database's bytes):"
  "$JAVA" -Xmx64m -cp "$JAR" "$HERE/bench/Stages.java" "$db" "$dir" | sed 's/^/    /' | tee -a "$SUMMARY"
  # A two-core pipeline cannot beat half the CPU of its stages, nor its serial stages end to end.
  local backup_cpu restore_cpu
  backup_cpu=$(echo "${CPU[snapshot]} + ${CPU[quick_check]} + ${CPU[row_counts]} + ${CPU[sha256]} + ${CPU[zstd_1]}"\
" + ${CPU[age_enc]} + ${CPU[sha256_object]} + ${CPU[jvm_list]}" | bc)
  restore_cpu=$(echo "${CPU[sha256_object]} + ${CPU[age_dec]} + ${CPU[zstd_d]} + ${CPU[write_fsync]} + ${CPU[quick_check]}"\
" + ${CPU[row_counts]} + ${CPU[jvm_list]}" | bc)
  LIMIT_BACKUP=$(awk -v c="$backup_cpu" 'BEGIN { printf "%.2f", c / 2 }')
  LIMIT_RESTORE=$(awk -v r="$restore_cpu" -v w="${WALL[write_fsync]}" -v j="${WALL[jvm_list]}" 'BEGIN { r /= 2; s = w + j; printf "%.2f", (s > r) ? s : r }')
  note "  two-core limit: backup $LIMIT_BACKUP s (half the CPU of snapshot, quick_check, counts, both SHA-256, zstd, age, JVM);"\
" restore $LIMIT_RESTORE s (half the CPU of object SHA-256, age, zstd -d, write+fsync, quick_check, counts, JVM;"\
" at least write+fsync plus JVM start)"
}

sqlite_size() {
  local size=$1 dir="$WORK/sqlite-$1"
  mkdir -p "$dir/restored"
  note ""
  note "== SQLite, ${size} MiB in WAL mode =="
  generate_sqlite "$dir/app.db" "$size" > /dev/null
  age-keygen -o "$dir/age.key" 2>/dev/null
  local recipient; recipient=$(sed -n 's/^# public key: //p' "$dir/age.key")
  cat > "$dir/backstop.yml" <<YAML
catalog: ./catalog.db
storage: { type: local, path: ./backups }
encryption: { recipients: [$recipient], identity_file: ./age.key }
databases:
  app: { engine: sqlite, path: ./app.db, restore_targets: [./restored/] }
YAML
  local backstop="$BACKSTOP --config $dir/backstop.yml"
  local db="$dir/app.db" stock="$dir/stock.zst.age" new="$dir/restored/new.db"
  local stock_backup="sqlite3 '$db' \".backup '$dir/tmp.db'\" && zstd -q -1 -T0 < '$dir/tmp.db' | age -r $recipient > '$stock' && rm '$dir/tmp.db'"
  note "database: $(stat -c %s "$db") bytes ($(sqlite3 "$db" 'SELECT count(*) FROM events') events)"
  note "stock backup:           $stock_backup"
  local runs=$RUNS
  [ "$STAGES_ONLY" = 1 ] && runs=0
  $backstop backup app > /dev/null
  # What the launcher runs for a backup or restore (`backup --help` takes its path without backing up).
  [ "$LAUNCHER" = 1 ] && note "launcher runs:          $(sh -x "$BACKSTOP" backup --help 2>&1 >/dev/null | sed -n 's/^+ exec //p' | tail -1)"
  # The object's SHA-256 is recorded (untimed) after each stock backup, as Backstop's catalog records its own.
  local stock_checked="sha256sum -c --quiet '$dir/stock.sha256' && age -d -i '$dir/age.key' '$stock' | zstd -q -d > '$dir/stock-new.db' && sync '$dir/stock-new.db'"
  local stock_bare="age -d -i '$dir/age.key' '$stock' | zstd -q -d > '$dir/stock-new.db'"
  [ "$STAGES_ONLY" = 1 ] || {
    note "stock checked restore:  $stock_checked"
    note "stock bare restore:     $stock_bare"
    note "backstop:               ${BACKSTOP_SHOWN} --config $dir/backstop.yml backup app | restore app latest --to $new | restore app latest (in place)"
  }
  for run in $(seq 1 "$runs"); do
    echo " run $run of $runs (${size} MiB)"
    rm -f "$stock"
    timed "s$size-stock-backup" bash -c "$stock_backup"
    sha256sum "$stock" > "$dir/stock.sha256"
    timed "s$size-backstop-backup" $backstop backup app
    rm -f "$dir/stock-new.db"
    timed "s$size-stock-checked-restore" bash -c "$stock_checked"
    rm -f "$new"
    timed "s$size-backstop-restore-new" $backstop restore app latest --to "$new"
    rm -f "$dir/stock-new.db"
    timed "s$size-stock-bare-restore" bash -c "$stock_bare"
    rm -f "$dir/stock-new.db"
    timed "s$size-backstop-restore-in-place" $backstop restore app latest
  done
  sqlite3 "$db" "PRAGMA quick_check" | grep -qx ok || { echo "the database restored in place fails quick_check" >&2; exit 1; }
  if [ "$STAGES_ONLY" != 1 ]; then
    warm_serve "$dir" "$size"
    local target_backup="1.3"; [ "$size" -ge 1000 ] && target_backup="1.0"
    report "s$size-backstop-backup" "s$size-stock-backup" "${size} MiB backup vs stock" "$target_backup"
    report "s$size-backstop-restore-new" "s$size-stock-checked-restore" "${size} MiB restore new file vs checked" "1.0"
    report "s$size-backstop-restore-in-place" "s$size-stock-checked-restore" "${size} MiB restore in place vs checked" "1.3"
    report "s$size-warm-restore" "s$size-stock-checked-restore" "${size} MiB warm serve restore vs checked" "0.8"
    report "s$size-backstop-restore-new" "s$size-stock-bare-restore" "${size} MiB restore new file vs bare chain" "-"
    note "  cpu (median): stock backup $(median "s$size-stock-backup" cpu) s, backstop backup $(median "s$size-backstop-backup" cpu) s;"\
" checked restore $(median "s$size-stock-checked-restore" cpu) s, backstop restore $(median "s$size-backstop-restore-new" cpu) s,"\
" in place $(median "s$size-backstop-restore-in-place" cpu) s"
  fi
  if [ "$STAGES" = 1 ]; then
    stages "$dir"
    if [ "$STAGES_ONLY" != 1 ]; then
      note "  Backstop's fraction of the two-core limit: backup $(ratio "$LIMIT_BACKUP" "$(median "s$size-backstop-backup")"),"\
" restore to a new file $(ratio "$LIMIT_RESTORE" "$(median "s$size-backstop-restore-new")")"
    fi
  fi
  rm -rf "$dir"
}

# warm_serve DIR SIZE: one `serve` (terminal chat on stdin), 1 + WARM_RUNS restores into new files, one at a
# time; each is timed from the command to Backstop's "done" line (the first only warms the JVM up).
warm_serve() {
  local dir=$1 size=$2
  local fifo="$dir/serve.in" log="$dir/serve.out"
  rm -f "$fifo" && mkfifo "$fifo"
  (cd "$dir" && exec $BACKSTOP --config "$dir/backstop.yml" serve < "$fifo" > "$log" 2>&1) &
  local serve_pid=$!
  exec 7> "$fifo"
  local dones=0
  for run in $(seq 0 "$WARM_RUNS"); do
    rm -f "$dir/restored/warm.db"
    sync
    local start end; start=$(date +%s.%N)
    echo "/restore app latest --to ./restored/warm.db" >&7
    until [ "$(grep -c ':white_check_mark: Restore' "$log")" -gt "$dones" ]; do
      grep -q -e 'failed' -e ':x:' -e 'no_entry' "$log" && { echo "warm restore failed:"; cat "$log"; exit 1; }
      kill -0 "$serve_pid" 2>/dev/null || { echo "serve stopped:"; cat "$log"; exit 1; }
      sleep 0.02
    done
    end=$(date +%s.%N)
    dones=$((dones + 1))
    local took; took=$(awk -v a="$end" -v b="$start" 'BEGIN { printf "%.3f", a - b }')
    if [ "$run" = 0 ]; then
      printf '  %-30s wall %7.2f s (warm-up)\n' "s$size-warm-restore" "$took"
    else
      echo "$took" >> "$WORK/s$size-warm-restore.wall"
      printf '  %-30s wall %7.2f s\n' "s$size-warm-restore" "$took"
    fi
  done
  local rss; rss=$(awk '/VmHWM/ {print $2}' "/proc/$serve_pid/status" 2>/dev/null || echo 0)
  echo "${rss:-0}" >> "$WORK/s$size-warm-restore.rss"
  exec 7>&-
  wait "$serve_pid" || true
}

postgres() {
  [ "$PG_SCALE" -gt 0 ] || return 0
  for tool in "$PGBIN/initdb" "$PGBIN/pg_ctl" "$PGBIN/pg_dump" "$PGBIN/pg_restore" "$PGBIN/psql"; do
    [ -x "$tool" ] || { echo "missing $tool: set PGBIN or PG_SCALE=0" >&2; exit 1; }
  done
  local dir="$WORK/pg" data="$WORK/pg/data"
  mkdir -p "$dir"
  local port; port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  export PGPASSWORD="bench-$RANDOM-$RANDOM"
  as_server() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  printf '%s\n' "$PGPASSWORD" > "$dir/pwfile"
  [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$dir"
  as_server "$PGBIN/initdb" -D "$data" -U bench_admin --auth=scram-sha-256 --pwfile="$dir/pwfile" -E UTF8 --locale=C > /dev/null
  cat >> "$data/postgresql.auto.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_wal_size = 4GB
CONF
  as_server "$PGBIN/pg_ctl" -D "$data" -l "$dir/server.log" -w start > /dev/null
  PG_STOP="as_server '$PGBIN/pg_ctl' -D '$data' -m immediate stop"
  trap 'eval "$PG_STOP" > /dev/null 2>&1 || true' EXIT
  local url="postgresql://bench_admin@127.0.0.1:$port"
  pg() { "$PGBIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
  note ""
  note "== PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'), random text, scale $PG_SCALE =="
  pg -d "$url/postgres" -c "CREATE DATABASE bench"
  pg -d "$url/bench" -c "CREATE TABLE accounts (aid bigint PRIMARY KEY, bid int, abalance int, filler text);
    INSERT INTO accounts SELECT g, g % 100, (random() * 100000)::int,
      md5(random()::text) || md5(random()::text) || md5(random()::text)
      FROM generate_series(1, $PG_SCALE * 110000) g" -c "VACUUM ANALYZE"
  note "database: $(pg -d "$url/bench" -c "SELECT pg_size_pretty(pg_database_size('bench'))")"
  age-keygen -o "$dir/key.txt" 2>/dev/null
  local recipient; recipient=$(sed -n 's/^# public key: //p' "$dir/key.txt")
  cat > "$dir/backstop.yml" <<YAML
catalog: $dir/catalog.db
storage: { type: local, path: $dir/backups }
encryption: { recipients: [$recipient], identity_file: $dir/key.txt }
databases:
  bench: { engine: postgres, url: "$url/bench", password: "\${PGPASSWORD}" }
YAML
  local backstop="$BACKSTOP --config $dir/backstop.yml"
  local stock_backup="'$PGBIN/pg_dump' -Fc -Z0 -d '$url/bench' | zstd -q -1 -T2 | age -r $recipient > '$dir/stock.zst.age'"
  local stock_restore="age -d -i '$dir/key.txt' '$dir/stock.zst.age' | zstd -q -d > '$dir/stock.dump' && '$PGBIN/pg_restore' -j2 --no-owner --exit-on-error -d '$url/stock_new' '$dir/stock.dump' && rm '$dir/stock.dump'"
  note "stock backup:  $stock_backup"
  note "stock restore: $stock_restore"
  note "backstop:      ${BACKSTOP_SHOWN} --config $dir/backstop.yml backup bench | restore bench latest --to $url/backstop_new"
  for run in $(seq 1 "$RUNS"); do
    echo " run $run of $RUNS (PostgreSQL)"
    timed pg-stock-backup bash -c "$stock_backup"
    timed pg-backstop-backup $backstop backup bench
    pg -d "$url/postgres" -c "DROP DATABASE IF EXISTS stock_new" -c "CREATE DATABASE stock_new"
    timed pg-stock-restore bash -c "$stock_restore"
    pg -d "$url/postgres" -c "DROP DATABASE IF EXISTS backstop_new"
    timed pg-backstop-restore $backstop restore bench latest --to "$url/backstop_new"
  done
  report pg-backstop-backup pg-stock-backup "PostgreSQL backup vs stock" "1.1"
  report pg-backstop-restore pg-stock-restore "PostgreSQL restore vs stock (pg_restore -j2)" "1.05"
  eval "$PG_STOP" > /dev/null 2>&1 || true
  trap - EXIT
}

echo "work folder: $WORK"
note "Backstop runs as: $BACKSTOP_SHOWN"
for size in $SIZES; do
  sqlite_size "$size"
done
[ "$STAGES_ONLY" = 1 ] || postgres
echo
echo "===== summary ($SUMMARY) ====="
cat "$SUMMARY"
