#!/usr/bin/env bash
# Start-up benchmark: times cached runs of the labs commands against an AWS-shaped endpoint on
# loopback, and the runbook's three `aws` commands against the same endpoint when the aws CLI is
# installed. Prints figures (wall-clock min, median, max and median CPU seconds, the shares of ip's
# time); it asserts no target. The cases take turns, so that a busy machine slows them alike.
#
# Usage: tests/bench/startup.sh [RUNS]        (default 10 counted runs after 2 warm-ups)
# Env:   LABS_BENCH_JBANG   the jbang to time (default: this checkout's ./jbang bootstrap)
#        JBANG_JAVA_OPTIONS / JBANG_APP_JAVA_OPTIONS are passed through, to compare settings.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-10}
warmups=2
jbang=${LABS_BENCH_JBANG:-$repo/jbang}
work=$(mktemp -d)
endpoint_pid=

cleanup() {
  [ -n "$endpoint_pid" ] && kill "$endpoint_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "bench: $*" >&2
  exit 1
}

if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: tests/bench/startup.sh [RUNS]   (RUNS: counted runs of each case, default 10)" >&2
  exit 2
fi
[ -n "${EPOCHREALTIME:-}" ] || fail "needs bash 5 or newer (for EPOCHREALTIME); this is bash $BASH_VERSION"

# --- the endpoint: plain JDK, started from its source file, on a free loopback port
"$repo/tests/bench/loopback-aws.sh" >"$work/endpoint" 2>"$work/endpoint.err" &
endpoint_pid=$!
for _ in $(seq 1 300); do
  [ -s "$work/endpoint" ] && break
  kill -0 "$endpoint_pid" 2>/dev/null || fail "the loopback endpoint did not start: $(cat "$work/endpoint.err")"
  sleep 0.1
done
endpoint=$(head -n 1 "$work/endpoint")
[ -n "$endpoint" ] || fail "the loopback endpoint did not print its URL within 30 s"

# --- every tool talks to the endpoint only, with dummy credentials and no profile files of the user's
export AWS_ENDPOINT_URL="$endpoint" AWS_REGION=eu-west-1 AWS_DEFAULT_REGION=eu-west-1
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench
export AWS_CONFIG_FILE="$work/no-aws-config" AWS_SHARED_CREDENTIALS_FILE="$work/no-aws-credentials"
unset AWS_PROFILE AWS_SESSION_TOKEN LABS_PREFIX LABS_APP GITHUB_ACTIONS
# JBang with its own directory (the user's catalogs and caches stay untouched), labs catalog added
export JBANG_DIR="$work/jbang"
mkdir -p "$work/cwd"
cd "$work/cwd"
"$jbang" catalog add --name labs "$repo/jbang-catalog.json" >/dev/null 2>"$work/catalog.err" \
  || fail "jbang catalog add failed: $(cat "$work/catalog.err")"

expected_ip=54.12.34.56

# Sets $children_cpu: CPU seconds (user + sys) used so far by this shell's finished children, from
# the `times` builtin (run in this shell, not in a subshell, which would have children of its own).
read_children_cpu() {
  times >"$work/times"
  children_cpu=$(tail -n 1 "$work/times" | awk '{ split($1, u, "m"); split($2, s, "m"); printf "%.3f", u[1] * 60 + u[2] + s[1] * 60 + s[2] }')
}

# One run of case NAME (the function case_NAME): it must exit 0, and print $expected_ip when NAME
# is in $prints_ip. Unless it is a warm-up, appends its wall-clock seconds to $work/NAME and its
# CPU seconds to $work/NAME.cpu.
time_case() {
  local name=$1 counted=$2 start end cpu_before out
  read_children_cpu
  cpu_before=$children_cpu
  start=$EPOCHREALTIME
  out=$("case_$name" 2>"$work/stderr") || fail "$name failed: $(tail -n 3 "$work/stderr")"
  end=$EPOCHREALTIME
  read_children_cpu
  if [[ " $prints_ip " == *" $name "* ]] && [ "$out" != "$expected_ip" ]; then
    fail "$name printed '$out', expected '$expected_ip'; stderr: $(tail -n 3 "$work/stderr")"
  fi
  if $counted; then
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f\n", e - s }' >>"$work/$name"
    awk -v b="$cpu_before" -v a="$children_cpu" 'BEGIN { printf "%.3f\n", a - b }' >>"$work/$name.cpu"
  fi
  return 0
}

# stats NAME → "min median max"
stats() {
  sort -n "$work/$1" | awk '{ v[NR] = $1 } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%.2f %.2f %.2f\n", v[1], m, v[NR] }'
}

median() { stats "$1" | awk '{ print $2 }'; }

row() {
  local low middle high
  read -r low middle high < <(stats "$2")
  printf '%-60s %6s %6s %6s %6s\n' "$1" "$low" "$middle" "$high" "$(median "$2.cpu")"
}

# The three runbook commands, each fed by the previous one's answer.
aws_runbook() {
  local task eni
  task=$(aws ecs list-tasks --cluster labs-jj-cluster --service-name labs-jj-web --query 'taskArns[0]' --output text)
  eni=$(aws ecs describe-tasks --cluster labs-jj-cluster --tasks "$task" \
    --query "tasks[0].attachments[0].details[?name=='networkInterfaceId'].value" --output text)
  aws ec2 describe-network-interfaces --network-interface-ids "$eni" \
    --query 'NetworkInterfaces[0].Association.PublicIp' --output text
}

# The java command JBang runs for the script (its --verbose "run:" line), to time the script's JVM alone.
script_command() {
  "$jbang" --verbose "$@" 2>&1 >/dev/null | sed -n 's/^\[jbang\] \[[0-9:]*\] run: //p' | tail -n 1
}

aliases=$(sed -n 's/^ *"\([a-z][a-z-]*\)": *{ *$/\1/p' "$repo/jbang-catalog.json")
has_alias() { grep -qx "$1" <<<"$aliases"; }

case_ip() { "$jbang" ip@labs; }
case_ip_help() { "$jbang" ip@labs --help; }
case_status() { "$jbang" status@labs; }
case_status_help() { "$jbang" status@labs --help; }
case_ip_script_jvm() { eval "$ip_java"; }
case_jvm() { java -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -version; }
case_aws() { aws_runbook; }
prints_ip="ip ip_script_jvm aws"

cases="ip ip_help"
has_alias status && cases+=" status status_help"
cases+=" ip_script_jvm jvm"
has_aws=false
if command -v aws >/dev/null; then
  has_aws=true
  cases+=" aws"
fi
case_ip >/dev/null 2>&1 || true # builds the script, so that its java command can be read
ip_java=$(script_command ip@labs)
[ -n "$ip_java" ] || fail "could not read the script's java command from jbang --verbose"

# Round-robin, so that the machine's drift affects every case alike.
for ((round = 0; round < warmups + runs; round++)); do
  for name in $cases; do
    time_case "$name" "$( ((round >= warmups)) && echo true || echo false)"
  done
done

# --- report
java_version=$(java -version 2>&1 | head -n 1)
jbang_version=$("$jbang" --version 2>&1 | tail -n 1)
echo "labs start-up benchmark: $runs runs each after $warmups warm-ups; JBang $jbang_version ($jbang);"
echo "$java_version; $(getconf _NPROCESSORS_ONLN) cores; AWS-shaped endpoint $endpoint"
[ -n "${JBANG_JAVA_OPTIONS:-}" ] && echo "JBANG_JAVA_OPTIONS=$JBANG_JAVA_OPTIONS"
[ -n "${JBANG_APP_JAVA_OPTIONS:-}" ] && echo "JBANG_APP_JAVA_OPTIONS=$JBANG_APP_JAVA_OPTIONS"
printf '%-60s %6s %6s %6s %6s\n' "cached runs, seconds (wall: min median max; cpu: median)" min median max cpu
row "jbang ip@labs" ip
has_alias status && row "jbang status@labs" status
row "jbang ip@labs --help" ip_help
has_alias status && row "jbang status@labs --help" status_help
row "  ip's script JVM alone (the java command JBang runs)" ip_script_jvm
row "  one JVM start-up alone (java -version)" jvm
$has_aws && row "aws: list-tasks, describe-tasks, describe-network-interfaces" aws
awk -v ip="$(median ip)" -v script="$(median ip_script_jvm)" -v jvm="$(median jvm)" 'BEGIN {
  printf "ip, medians: JBang launcher %.2f s (%.0f%%), script JVM %.2f s (%.0f%%); ", ip - script, 100 * (ip - script) / ip, script, 100 * script / ip
  printf "bare start-up of its two JVMs %.2f s (%.0f%%)\n", 2 * jvm, 200 * jvm / ip }'
if $has_aws; then
  awk -v ip="$(median ip)" -v aws="$(median aws)" 'BEGIN { printf "ip@labs / three aws commands, medians: %.2f\n", ip / aws }'
else
  echo "aws CLI not installed: the runbook's commands were not timed"
fi
