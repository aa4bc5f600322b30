#!/usr/bin/env bash
# The labs wheel installer against pip install --target for the same lock of WHEELS wheels (default 60)
# on a loopback package index (needs Python 3 with pip for the comparison). Usage: tests/benchmark-wheels.sh [WHEELS]
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/benchmark.classpath -Dmdep.includeScope=test
exec java -cp "target/test-classes:target/classes:$(cat target/benchmark.classpath)" WheelInstallBenchmark "$@"
