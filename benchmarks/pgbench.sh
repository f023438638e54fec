#!/usr/bin/env bash
# The JDBC store against PostgreSQL's own pgbench, on the same machine in the same minutes.
#
# Each round runs, one after the other:
#   1. pgbench, 8 clients: one insert-or-ignore of a new key per transaction, in a table shaped like
#      JdbcIdempotencyStore's (the floor a claim can reach: one statement, one commit);
#   2. pgbench, 8 clients: the same insert, then an UPDATE to DONE (claim, then complete, as two
#      transactions), for reference;
#   3. pgbench, 8 clients: the store's own two statements for one key (the claim's insert, then
#      the completion's upsert, each committing without waiting for the WAL flush), each client on
#      its own: what the store's protocol allows without sharing statements;
#   4. JdbcBenchmark.claimComplete8Threads (JMH): the store's claim + complete of new keys;
#   5. the same with flushCompletions(true), so that each completion waits for the flush: the
#      store's other setting, which its Javadoc describes;
# and prints store / pgbench (1), store / pgbench (3) and (5) / pgbench (1). Each figure is a
# median: of pgbench's per-second rates (-P 1) and of JMH's per-iteration scores (default here: 8
# iterations of 3 s after 2 s of warmup), since throughput on a shared machine moves from one second
# to the next. Rounds are interleaved so the spread shows. Needs python3 to take the medians.
#
# Usage, from the repository root, after
#   mvn -B -pl benchmarks -am package -DskipTests
#   benchmarks/pgbench.sh [rounds]
# Settings (environment): PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres), PGDATABASE (test),
# SECONDS_PER_RUN (20, each pgbench run), CLIENTS (8), JMH_ARGS (extra JMH options).
set -euo pipefail

rounds=${1:-3}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
export PGDATABASE=${PGDATABASE:-test}
seconds=${SECONDS_PER_RUN:-20}
clients=${CLIENTS:-8}
jar=benchmarks/target/benchmarks.jar
url="jdbc:postgresql://${PGHOST}:${PGPORT}/${PGDATABASE}?user=${PGUSER}"

if ! pgbench --version >/dev/null 2>&1; then
  echo "pgbench is missing: installing it from the distribution's packages" >&2
  # Debian ships pgbench with the server package, which postgresql-contrib pulls in.
  sudo_cmd=$([ "$(id -u)" -eq 0 ] && echo "" || echo sudo)
  $sudo_cmd apt-get update -q
  $sudo_cmd apt-get install -y -q postgresql-contrib
fi
[ -f "$jar" ] || { echo "build $jar first: mvn -B -pl benchmarks -am package -DskipTests" >&2; exit 1; }

table=hookline_pgbench_$$
work=$(mktemp -d)
trap 'psql -q -c "DROP TABLE IF EXISTS $table" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

# The store's table (receiver-jdbc's postgresql.sql), purge index included.
psql -q -v ON_ERROR_STOP=1 <<SQL
CREATE TABLE $table (
  idempotency_key VARCHAR(512) NOT NULL PRIMARY KEY,
  state VARCHAR(16) NOT NULL,
  lease_owner VARCHAR(64),
  lease_expiry BIGINT NOT NULL,
  completed_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX ${table}_purge ON $table (state, completed_at);
SQL

# A new key per transaction: random 62-bit numbers do not repeat within a run. The token is the
# key's own.
cat >"$work/claim.sql" <<SQL
\set k random(1, 4611686018427387903)
INSERT INTO $table (idempotency_key, state, lease_owner, lease_expiry, completed_at, created_at)
  VALUES ('bench|' || :k, 'IN_FLIGHT', 'token-' || :k, 1764500000000, NULL, 1764499940000)
  ON CONFLICT (idempotency_key) DO NOTHING;
SQL
cat >"$work/claim-complete.sql" <<SQL
\set k random(1, 4611686018427387903)
INSERT INTO $table (idempotency_key, state, lease_owner, lease_expiry, completed_at, created_at)
  VALUES ('bench|' || :k, 'IN_FLIGHT', 'token-' || :k, 1764500000000, NULL, 1764499940000)
  ON CONFLICT (idempotency_key) DO NOTHING;
UPDATE $table SET state = 'DONE', completed_at = 1764499940001
  WHERE state = 'IN_FLIGHT' AND idempotency_key = 'bench|' || :k AND lease_owner = 'token-' || :k;
SQL

# JdbcIdempotencyStore's statements on PostgreSQL (receiver-jdbc's Sql.insert and Sql.complete),
# one row each.
cat >"$work/store-sql.sql" <<SQL
\set k random(1, 4611686018427387903)
INSERT INTO $table (idempotency_key, state, lease_owner, lease_expiry, completed_at, created_at)
  SELECT k, 'IN_FLIGHT', o, e, NULL, c
  FROM (VALUES ('bench|' || :k, 'token-' || :k, CAST(1764500000000 AS BIGINT),
                CAST(1764499940000 AS BIGINT))) AS claims (k, o, e, c)
  WHERE set_config('synchronous_commit', 'off', true) IS NOT NULL
  ON CONFLICT (idempotency_key) DO NOTHING;
INSERT INTO $table AS held (idempotency_key, state, lease_owner, lease_expiry, completed_at,
    created_at)
  SELECT k, 'DONE', o, c, c, c
  FROM (SELECT CAST(1764499940001 AS BIGINT) AS c) AS now,
       (VALUES ('bench|' || :k, 'token-' || :k)) AS done (k, o)
  WHERE set_config('synchronous_commit', 'off', true) IS NOT NULL
  ON CONFLICT (idempotency_key) DO UPDATE SET state = 'DONE', completed_at = EXCLUDED.completed_at
  WHERE held.state = 'IN_FLIGHT' AND held.lease_owner = EXCLUDED.lease_owner;
SQL

median() { # numbers, one a line -> their median, rounded
  python3 -c 'import statistics, sys; print(round(statistics.median(float(x) for x in sys.stdin)))'
}

tps() { # script -> median of the per-second transaction rates
  pgbench -n -M prepared -c "$clients" -j 2 -T "$seconds" -P 1 -f "$1" 2>&1 \
    | awk '/^progress: / { print $4 }' | median
}

ratio() { # a b -> a / b, two decimals
  awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'
}

store() { # flushCompletions -> median of the per-iteration ops/s of JdbcBenchmark.claimComplete8Threads
  # shellcheck disable=SC2086
  java -jar "$jar" 'JdbcBenchmark.claimComplete8Threads' -p "url=$url" -p "flushCompletions=$1" \
    -wi 1 -w 2s -i 8 -r 3s \
    -rf json -rff "$work/jmh.json" ${JMH_ARGS:-} >"$work/jmh.log" 2>&1 \
    || { cat "$work/jmh.log" >&2; exit 1; }
  python3 -c 'import json, sys; [print(x) for x in json.load(sys.stdin)[0]["primaryMetric"]["rawData"][0]]' \
    <"$work/jmh.json" | median
}

echo "PostgreSQL $(psql -Atc 'SHOW server_version'), $clients clients/threads," \
  "pgbench runs of ${seconds}s, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %16s %18s %20s %10s %12s %16s %14s %20s\n' round pgbench-1stmt pgbench-2stmt \
  pgbench-store-sql store store/1stmt store/store-sql store-flushed store-flushed/1stmt
for round in $(seq 1 "$rounds"); do
  one=$(tps "$work/claim.sql")
  two=$(tps "$work/claim-complete.sql")
  protocol=$(tps "$work/store-sql.sql")
  ours=$(store false)
  flushed=$(store true)
  printf '%-6s %16s %18s %20s %10s %12s %16s %14s %20s\n' "$round" "$one" "$two" "$protocol" \
    "$ours" "$(ratio "$ours" "$one")" "$(ratio "$ours" "$protocol")" "$flushed" \
    "$(ratio "$flushed" "$one")"
done
echo "pgbench-1stmt again: $(tps "$work/claim.sql") tps; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
