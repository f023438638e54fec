#!/usr/bin/env bash
# The JDBC store against MariaDB's own load client, mysqlslap (mariadb-slap), on the same machine in
# the same minutes: the MariaDB counterpart of pgbench.sh.
#
# Each round runs, one after the other:
#   1. mysqlslap, 8 clients: one INSERT IGNORE of a new key per statement (autocommit: one
#      transaction each), in a table shaped like JdbcIdempotencyStore's (the floor a claim can
#      reach: one statement, one commit);
#   2. mysqlslap, 8 clients: the same insert, then an UPDATE to DONE (claim, then complete, as two
#      transactions; a SET of the key's user variable before them writes nothing), for reference;
#   3. JdbcBenchmark.claimComplete8Threads (JMH) on MariaDB: the store's claim + complete;
# and prints store / mysqlslap (1). A mysqlslap rate is keys written (rows counted afterwards) per
# second of mysqlslap's own timing of its queries. Each figure is a median: of 5 mysqlslap runs of
# a fifth of the keys each, and of JMH's per-iteration scores (8 iterations of 3 s after 2 s of
# warmup), since throughput on a shared machine moves from one second to the next. Rounds are
# interleaved so the spread shows. Needs python3 to take the medians.
#
# Usage, from the repository root, after
#   mvn -B -pl benchmarks -am package -DskipTests
#   benchmarks/mysqlslap.sh [rounds]
# Settings (environment): MYSQL_HOST (127.0.0.1), MYSQL_PORT (3306), MYSQL_USER (root, no
# password), MYSQL_DATABASE (test), KEYS_PER_RUN (150000, each set of 5 mysqlslap runs), CLIENTS
# (8), JMH_ARGS (extra JMH options).
set -euo pipefail

rounds=${1:-3}
host=${MYSQL_HOST:-127.0.0.1}
port=${MYSQL_PORT:-3306}
user=${MYSQL_USER:-root}
database=${MYSQL_DATABASE:-test}
keys=${KEYS_PER_RUN:-150000}
clients=${CLIENTS:-8}
jar=benchmarks/target/benchmarks.jar
url="jdbc:mariadb://${host}:${port}/${database}?user=${user}&sslMode=disable"

if ! mysqlslap --version >/dev/null 2>&1; then
  echo "mysqlslap is missing: installing it from the distribution's packages" >&2
  sudo_cmd=$([ "$(id -u)" -eq 0 ] && echo "" || echo sudo)
  $sudo_cmd apt-get update -q
  $sudo_cmd apt-get install -y -q mariadb-client
fi
[ -f "$jar" ] || { echo "build $jar first: mvn -B -pl benchmarks -am package -DskipTests" >&2; exit 1; }

sql() { mysql -h "$host" -P "$port" -u "$user" -N -B "$database" -e "$1"; }
table=hookline_slap_$$
work=$(mktemp -d)
trap 'sql "DROP TABLE IF EXISTS $table" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

# The store's table (receiver-jdbc's mysql.sql), purge index included.
sql "CREATE TABLE $table (
  idempotency_key VARCHAR(512) NOT NULL PRIMARY KEY,
  state VARCHAR(16) NOT NULL,
  lease_owner VARCHAR(64),
  lease_expiry BIGINT NOT NULL,
  completed_at BIGINT,
  created_at BIGINT NOT NULL,
  INDEX ${table}_purge (state, completed_at)
) ENGINE = InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"

insert="INSERT IGNORE INTO $table (idempotency_key, state, lease_owner, lease_expiry, completed_at,
  created_at) VALUES (@k, 'IN_FLIGHT', 'token', 1764500000000, NULL, 1764499940000)"
new_key="CONCAT('bench|', UUID())"
claim="${insert/@k/$new_key}"
claim_complete="SET @k = CONCAT('bench|', UUID()); $insert; UPDATE $table SET state = 'DONE',
  completed_at = 1764499940001 WHERE state = 'IN_FLIGHT' AND idempotency_key = @k
  AND lease_owner = 'token'"

median() { # numbers, one a line -> their median, rounded
  python3 -c 'import statistics, sys; print(round(statistics.median(float(x) for x in sys.stdin)))'
}

rate() { # statements per key, query -> median keys per second of 5 runs
  local run seconds
  for run in 1 2 3 4 5; do
    sql "TRUNCATE TABLE $table"
    seconds=$(mysqlslap -h "$host" -P "$port" -u "$user" --create-schema="$database" \
      --concurrency="$clients" --iterations=1 --number-of-queries=$(($1 * keys / 5)) \
      --delimiter=";" --query="$2" | awk '/Average number of seconds/ { print $(NF - 1) }')
    awk -v n="$(sql "SELECT COUNT(*) FROM $table")" -v s="$seconds" 'BEGIN { print n / s }'
  done | median
}

store() { # -> median of the per-iteration ops/s of JdbcBenchmark.claimComplete8Threads
  # shellcheck disable=SC2086
  java -jar "$jar" 'JdbcBenchmark.claimComplete8Threads' -p "url=$url" -wi 1 -w 2s -i 8 -r 3s \
    -rf json -rff "$work/jmh.json" ${JMH_ARGS:-} >"$work/jmh.log" 2>&1 \
    || { cat "$work/jmh.log" >&2; exit 1; }
  python3 -c 'import json, sys; [print(x) for x in json.load(sys.stdin)[0]["primaryMetric"]["rawData"][0]]' \
    <"$work/jmh.json" | median
}

echo "MariaDB $(sql 'SELECT VERSION()'), $clients clients/threads, $keys keys per mysqlslap run," \
  "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %16s %18s %14s %14s\n' round slap-1stmt slap-2stmt store store/1stmt
for round in $(seq 1 "$rounds"); do
  one=$(rate 1 "$claim")
  two=$(rate 3 "$claim_complete")
  ours=$(store)
  printf '%-6s %16s %18s %14s %14s\n' "$round" "$one" "$two" "$ours" \
    "$(awk -v a="$ours" -v b="$one" 'BEGIN { printf "%.2f", a / b }')"
done
echo "slap-1stmt again: $(rate 1 "$claim") keys/s; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
