#!/usr/bin/env bash
# Image build+push benchmark against a loopback registry (needs /usr/bin/docker-registry, Python 3 with pip).
# Prints cold and warm (one-file change) wall time and bytes uploaded. Usage: tests/benchmark-image.sh [MEGABYTES]
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/benchmark.classpath -Dmdep.includeScope=test
exec java -cp "target/test-classes:target/classes:$(cat target/benchmark.classpath)" ImageBenchmark "$@"
