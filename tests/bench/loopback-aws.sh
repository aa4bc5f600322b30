#!/usr/bin/env bash
# The AWS-shaped endpoint on loopback (tests/src/test/fakes/Loopback*.java, plain JDK), compiled and
# started on its own, as the benchmarks use it: prints its URL on the first line of stdout and
# serves until killed (it execs the JVM, so killing this script's pid stops it). Java 17 runs a
# single source file only, and the endpoint is several.
#
# Usage: tests/bench/loopback-aws.sh [--prefix labs-jj] [--port 0] [--phase-millis 500] [--call-log FILE]
#                                    [--refuse-builds]
set -euo pipefail
tests=$(cd "$(dirname "$0")/.." && pwd)
classes="$tests/target/loopback-aws"
rm -rf "$classes"
mkdir -p "$classes"
javac -nowarn -d "$classes" "$tests"/src/test/fakes/Loopback*.java >&2
exec java -cp "$classes" LoopbackAws "$@"
