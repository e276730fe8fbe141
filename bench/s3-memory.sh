#!/usr/bin/env bash
# Measures Backstop's memory while it backs up a ~256 MiB sqlite database to s3proxy with a 64 MiB heap.
# Usage: bench/s3-memory.sh [HEAP...]   e.g. bench/s3-memory.sh 64m 32m   (after `mvn -q -DskipTests package`)
set -euo pipefail

heaps=("${@:-64m}")
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/bench/work"
rm -rf "$work" && mkdir -p "$work/blobs/backups"
cd "$work"

# s3proxy runs in its own JVM so its memory is not counted against Backstop's heap.
(cd "$root" && mvn -B -q -o dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" >/dev/null)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
java -cp "$(cat classpath.txt)" "$root/bench/S3ProxyLauncher.java" "$port" "$work/blobs" bench-access bench-secret \
  >s3proxy.log 2>&1 &
proxy=$!
trap 'kill $proxy 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done

# 256 rows of 1 MiB random blobs: incompressible, so about 256 MiB reaches the store.
sqlite3 app.db "CREATE TABLE blobs (id INTEGER PRIMARY KEY, body BLOB);
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 256)
  INSERT INTO blobs (body) SELECT randomblob(1048576) FROM n;"

java -jar "$root/target/backstop.jar" keygen >age.key
recipient=$(grep -o 'age1[a-z0-9]*' age.key | head -1)
cat > backstop.yml <<YAML
catalog: ./data/catalog.db
storage:
  type: s3
  bucket: backups
  endpoint: http://127.0.0.1:$port
  region: us-east-1
  path_style: true
  access_key_id: bench-access
  secret_access_key: \${BENCH_S3_SECRET}
encryption:
  recipients: [$recipient]
  identity_file: ./age.key
databases:
  app:
    engine: sqlite
    path: ./app.db
    schedule: "0 2 * * *"
    freshness: 25h
YAML

export BENCH_S3_SECRET=bench-secret
echo "database:        $(du -m app.db | cut -f1) MiB of random blobs"
for heap in "${heaps[@]}"; do
  status=0
  /usr/bin/time -v java "-Xmx$heap" "-Xlog:gc:file=gc-$heap.log" \
    -jar "$root/target/backstop.jar" --config backstop.yml backup app >"backup-$heap.txt" 2>"time-$heap.txt" || status=$?
  echo "--- heap limit $heap: exit $status: $(head -1 "backup-$heap.txt") $(grep '^backstop:' "time-$heap.txt" || true)"
  echo "live heap after GC, max: $(grep -o '[0-9]*M->[0-9]*M' "gc-$heap.log" | awk -F'->' '{sub("M","",$2); print $2}' | sort -n | tail -1) MiB"
  echo "heap before GC, max:     $(grep -o '[0-9]*M->[0-9]*M' "gc-$heap.log" | awk -F'->' '{sub("M","",$1); print $1}' | sort -n | tail -1) MiB"
  grep -E 'Maximum resident|Elapsed \(wall' "time-$heap.txt" | sed 's/^\s*//'
done
echo "stored objects:  $(find blobs/backups -name '*.zst.age' -printf '%s\n' | awk '{printf "%.1f MiB ", $1/1048576}')"
