#!/usr/bin/env bash
# The HTTP benchmark: bare, floor and Hookline servlets on Jetty, then the plain Spring MVC
# controller and the Hookline starter on Tomcat, each server in its own JVM, loaded by wrk in
# interleaved rounds (see benchmarks/README.md). It builds nothing: build the jars first with
#   ./mvnw -B -q -pl benchmarks,benchmarks/spring-http -am package -DskipTests
# Options go to dev.hookline.benchmarks.http.HttpBenchmark, e.g.
#   benchmarks/http-bench.sh --pair jetty --connections 32,1,256 --warmup 30 --rounds 8
set -euo pipefail
cd "$(dirname "$0")/.."

jar=benchmarks/target/benchmarks.jar
if [[ ! -f $jar ]]; then
  echo "$jar is missing; build it from the repository root with:" >&2
  echo "  ./mvnw -B -q -pl benchmarks,benchmarks/spring-http -am package -DskipTests" >&2
  exit 1
fi

if ! command -v wrk > /dev/null; then
  echo "wrk is not installed: installing it from the distribution's packages" >&2
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then
    sudo=sudo
  fi
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq wrk
fi

exec java -Xmx512m -cp "$jar" dev.hookline.benchmarks.http.HttpBenchmark "$@"
