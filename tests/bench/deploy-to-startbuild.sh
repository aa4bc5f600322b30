#!/usr/bin/env bash
# Time from `deploy` to StartBuild with the codebuild builder: real JBang runs
# `deploy@labs --build-only --builder codebuild` on a copy of TREE (committed in a git repository of
# its own) against the AWS-shaped endpoint on loopback (tests/bench/loopback-aws.sh), which logs when
# each call arrives and refuses the build (AccountLimitExceededException), so that deploy ends at
# StartBuild. Per run it reports the seconds from the command's start to its first AWS call
# (BatchGetProjects: JBang and the JVM starting), to the upload (PutObject: the context zipped and
# sent) and to StartBuild, and the CPU seconds of the whole run, which a busy machine changes less
# than the wall clock. Two cases take turns: a changed tree (a line added to the Dockerfile and
# committed before each run, so the context is uploaded) and an unchanged one (its archive exists:
# HeadObject, no upload). Prints min, median and max; asserts no target. The upload goes over
# loopback: a real one to S3 adds the archive's size over the uplink.
#
# Usage: tests/bench/deploy-to-startbuild.sh TREE [RUNS]    (default 5 counted runs of each case)
# TREE needs a Dockerfile; e.g. CommCare Connect at a commit:
#   git --git-dir=/path/to/commcare-connect.git archive HEAD | tar -x -C /tmp/ccc
# Env: LABS_BENCH_JBANG   the jbang to time (default: this checkout's ./jbang bootstrap)
set -euo pipefail

[ $# -ge 1 ] || { echo "usage: $0 TREE [RUNS]" >&2; exit 2; }
repo=$(cd "$(dirname "$0")/../.." && pwd)
tree=$(cd "$1" && pwd)
runs=${2:-5}
jbang=${LABS_BENCH_JBANG:-$repo/jbang}
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "RUNS must be a positive number, got '$runs'" >&2; exit 2; }
[ -f "$tree/Dockerfile" ] || { echo "$tree has no Dockerfile: the codebuild builder builds one" >&2; exit 2; }
[ -n "${EPOCHREALTIME:-}" ] || { echo "needs bash 5 or newer (for EPOCHREALTIME)" >&2; exit 2; }
# shellcheck source=tests/bench/endpoint.sh
source "$repo/tests/bench/endpoint.sh"

# --- the endpoint, refusing builds: only the way to StartBuild is timed
start_endpoint 60 --refuse-builds --call-log "$work/calls"
export LABS_IMAGE_DOCKER="$work/no-docker"
unset LABS_IMAGE_REGISTRY
export JBANG_DIR="$work/jbang"

# --- the app: a copy of the tree in a repository of its own
app="$work/app"
mkdir -p "$app"
cp -a "$tree/." "$app/"
rm -rf "$app/.git"
git -C "$app" init -q
git -C "$app" -c user.name=bench -c user.email=bench@example.com add -A
git -C "$app" -c user.name=bench -c user.email=bench@example.com commit -q -m tree
"$jbang" catalog add --global --name labs "$repo/jbang-catalog.json" >/dev/null 2>"$work/catalog.err" \
  || fail "jbang catalog add failed: $(cat "$work/catalog.err")"

milliseconds() {
  local now=${EPOCHREALTIME/[.,]/}
  echo $((now / 1000))
}

# Sets $children_cpu: CPU seconds (user + sys) of this shell's finished children so far, from the
# `times` builtin (run in this shell, not in a subshell, which would have children of its own).
read_children_cpu() {
  times >"$work/times"
  children_cpu=$(tail -n 1 "$work/times" | awk '{ split($1, u, "m"); split($2, s, "m"); printf "%.3f", u[1] * 60 + u[2] + s[1] * 60 + s[2] }')
}

# One run of deploy, which must end at the refused StartBuild; unless it is the warm-up, appends the
# seconds to each milestone to $work/CASE.first, .upload, .start and its CPU seconds to $work/CASE.cpu.
deploy_once() {
  local name=$1 counted=$2 start cpu_before status=0
  : >"$work/calls"
  read_children_cpu
  cpu_before=$children_cpu
  start=$(milliseconds)
  (cd "$app" && exec "$jbang" deploy@labs --build-only --builder codebuild >"$work/out" 2>"$work/err") || status=$?
  read_children_cpu
  [ "$status" -eq 1 ] && grep -q " codebuild:StartBuild$" "$work/calls" \
    || fail "deploy did not end at StartBuild (exit $status): $(tail -n 5 "$work/err")"
  $counted || return 0
  awk -v start="$start" -v name="$work/$name" '
    !first { first = $1 }
    / s3:PutObject$/ { upload = $1 }
    / codebuild:StartBuild$/ { started = $1 }
    END {
      printf "%.3f\n", (first - start) / 1000 >> (name ".first")
      if (upload) printf "%.3f\n", (upload - start) / 1000 >> (name ".upload")
      printf "%.3f\n", (started - start) / 1000 >> (name ".start")
    }' "$work/calls"
  awk -v b="$cpu_before" -v a="$children_cpu" 'BEGIN { printf "%.3f\n", a - b }' >>"$work/$name.cpu"
  grep -m 1 "^Build context: " "$work/err" >"$work/context" || true
}

change_tree() {
  echo "# bench run $1" >>"$app/Dockerfile"
  git -C "$app" -c user.name=bench -c user.email=bench@example.com commit -q -am "bench run $1"
}

# the first run builds the script; then the cases take turns, so that the machine's drift affects both alike
change_tree 0
deploy_once changed false
for ((round = 1; round <= runs; round++)); do
  change_tree "$round"
  deploy_once changed true
  deploy_once unchanged true
done

stats() {
  [ -s "$work/$1" ] || { echo "-"; return; }
  sort -n "$work/$1" | awk '{ v[NR] = $1 } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%.2f / %.2f / %.2f\n", v[1], m, v[NR] }'
}

echo "deploy to StartBuild, codebuild builder, real JBang against a loopback AWS endpoint: $runs runs of each case"
echo "tree $tree; $(sed 's/^Build context: //' "$work/context")"
echo "$(java -version 2>&1 | head -n 1); JBang $("$jbang" --version 2>&1 | tail -n 1); $(getconf _NPROCESSORS_ONLN) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-44s %s\n' "seconds from the start (min / median / max)" ""
printf '%-44s %s\n' "changed tree: first AWS call" "$(stats changed.first)"
printf '%-44s %s\n' "changed tree: upload done (PutObject)" "$(stats changed.upload)"
printf '%-44s %s\n' "changed tree: StartBuild" "$(stats changed.start)"
printf '%-44s %s\n' "changed tree: CPU seconds of the run" "$(stats changed.cpu)"
printf '%-44s %s\n' "unchanged tree: first AWS call" "$(stats unchanged.first)"
printf '%-44s %s\n' "unchanged tree: StartBuild (no upload)" "$(stats unchanged.start)"
printf '%-44s %s\n' "unchanged tree: CPU seconds of the run" "$(stats unchanged.cpu)"
