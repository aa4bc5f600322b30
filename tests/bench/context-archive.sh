#!/usr/bin/env bash
# Build-context archive benchmark: the size of the zip that the codebuild builder uploads for a tree
# (.dockerignore honoured, .git left out) and the time to make it. Prints figures; asserts no target.
#
# Usage: tests/bench/context-archive.sh TREE [DOCKERFILE] [RUNS]
# e.g.   git --git-dir=/path/to/commcare-connect.git archive HEAD | tar -x -C /tmp/ccc
#        tests/bench/context-archive.sh /tmp/ccc
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 TREE [DOCKERFILE] [RUNS]" >&2; exit 2; }
tree=$(cd "$1" && pwd)
shift
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/benchmark.classpath -Dmdep.includeScope=test
exec java -cp "target/test-classes:target/classes:$(cat target/benchmark.classpath)" ContextArchiveBenchmark "$tree" "$@"
