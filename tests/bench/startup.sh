#!/usr/bin/env bash
# Start-up benchmark: times cached runs of the labs commands against an AWS-shaped endpoint on
# loopback, on each JDK given (JDK 17 and JDK 25 by default), and the runbook's three `aws` commands
# against the same endpoint when the aws CLI is installed. Prints figures (wall-clock min, median, max
# and median CPU seconds, the shares of ip's time, ip against the aws commands); it asserts no target.
# The cases take turns, JDKs included, so that a busy machine slows them alike. Each JDK gets a JBang
# directory of its own, warmed before timing: its scripts' archives or AOT caches are in place.
#
# Usage: tests/bench/startup.sh [RUNS]        (default 10 counted runs after 2 warm-ups)
# Env:   LABS_BENCH_JBANG        the jbang to time (default: this checkout's ./jbang bootstrap)
#        LABS_BENCH_JAVA_HOMES   JDKs to run JBang and the scripts on, space-separated (default: the
#                                JDK of `java` on PATH, and the first JDK 25+ under /usr/lib/jvm)
#        LABS_BENCH_ALL_HELP=1   also time --help of every alias of jbang-catalog.json
#        JBANG_JAVA_OPTIONS / JBANG_APP_JAVA_OPTIONS are passed through, to compare settings.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-10}
warmups=2
jbang=${LABS_BENCH_JBANG:-$repo/jbang}
# shellcheck source=tests/bench/endpoint.sh
source "$repo/tests/bench/endpoint.sh"

if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: tests/bench/startup.sh [RUNS]   (RUNS: counted runs of each case, default 10)" >&2
  exit 2
fi
[ -n "${EPOCHREALTIME:-}" ] || fail "needs bash 5 or newer (for EPOCHREALTIME); this is bash $BASH_VERSION"

# --- the endpoint: plain JDK, started from its source file; every tool talks to it only
start_endpoint 30

# The JDKs: JAVA_HOME folders, each with a feature version (from its release file).
feature_of() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null; }
if [ -n "${LABS_BENCH_JAVA_HOMES:-}" ]; then
  read -r -a homes <<<"$LABS_BENCH_JAVA_HOMES"
else
  path_java=$(readlink -f "$(command -v java)")
  homes=("${path_java%/bin/java}")
  if [ "$(feature_of "${homes[0]}")" -lt 25 ]; then
    for home in /usr/lib/jvm/*; do
      if [ "$(feature_of "$home")" -ge 25 ] 2>/dev/null; then homes+=("$home"); break; fi
    done
  fi
fi
jdks=()
for home in "${homes[@]}"; do
  feature=$(feature_of "$home")
  [ -n "$feature" ] && [ -x "$home/bin/java" ] || fail "$home is not a JDK (no release file or bin/java)"
  jdks+=("$feature")
  declare "home_$feature=$home"
done

# Runs a command with JDK $1 as JAVA_HOME and first on PATH (JBang's launcher and the script both run
# on it), and with that JDK's own JBang directory.
on_jdk() {
  local home="home_$1" dir="$work/jbang-$1"
  shift
  JAVA_HOME="${!home}" PATH="${!home}/bin:$PATH" JBANG_DIR="$dir" "$@"
}

# JBang with directories of its own (the user's catalogs and caches stay untouched), labs catalog added
mkdir -p "$work/cwd"
cd "$work/cwd"
for jdk in "${jdks[@]}"; do
  on_jdk "$jdk" "$jbang" catalog add --name labs "$repo/jbang-catalog.json" >/dev/null 2>"$work/catalog.err" \
    || fail "jbang catalog add failed: $(cat "$work/catalog.err")"
done

expected_ip=127.0.0.1

# Sets $children_cpu: CPU seconds (user + sys) used so far by this shell's finished children, from
# the `times` builtin (run in this shell, not in a subshell, which would have children of its own).
read_children_cpu() {
  times >"$work/times"
  children_cpu=$(tail -n 1 "$work/times" | awk '{ split($1, u, "m"); split($2, s, "m"); printf "%.3f", u[1] * 60 + u[2] + s[1] * 60 + s[2] }')
}

# One run of case NAME, written KIND.JDK (the function case_KIND, on that JDK) or KIND: it must exit 0,
# and print $expected_ip when KIND is in $prints_ip. Unless it is a warm-up, appends its wall-clock
# seconds to $work/NAME and its CPU seconds to $work/NAME.cpu.
time_case() {
  local name=$1 counted=$2 start end cpu_before out kind=${1%.*}
  jdk=${1##*.}
  read_children_cpu
  cpu_before=$children_cpu
  start=$EPOCHREALTIME
  if [ "$kind" = "$name" ]; then
    out=$("case_$kind" 2>"$work/stderr") || fail "$name failed: $(tail -n 3 "$work/stderr")"
  else
    out=$(on_jdk "$jdk" "case_$kind" 2>"$work/stderr") || fail "$name failed: $(tail -n 3 "$work/stderr")"
  fi
  end=$EPOCHREALTIME
  read_children_cpu
  if [[ " $prints_ip " == *" $kind "* ]] && [ "$out" != "$expected_ip" ]; then
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

aliases=$(sed -n 's/^ *"\([a-z][a-z-]*\)": *{ *$/\1/p' "$repo/jbang-catalog.json" | grep -vx aliases)
has_alias() { grep -qx "$1" <<<"$aliases"; }

case_ip() { "$jbang" ip@labs; }
case_ip_help() { "$jbang" ip@labs --help; }
case_status() { "$jbang" status@labs; }
case_status_help() { "$jbang" status@labs --help; }
case_ip_script_jvm() { eval "${script_java[$jdk]}"; }
case_jvm() { java -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -version; }
case_aws() { aws_runbook; }
prints_ip="ip ip_script_jvm aws"
help_aliases=""
if [ "${LABS_BENCH_ALL_HELP:-}" = 1 ]; then
  for alias in $aliases; do
    kind="help_${alias//-/_}"
    eval "case_$kind() { \"\$jbang\" $alias@labs --help; }"
    help_aliases+=" $kind"
  done
fi

kinds="ip ip_help"
has_alias status && kinds+=" status status_help"
kinds+=" ip_script_jvm jvm$help_aliases"
cases=""
declare -A script_java
for jdk in "${jdks[@]}"; do
  for kind in $kinds; do cases+=" $kind.$jdk"; done
  # Warm this JDK's JBang directory as a user's would be: the first run builds the script and leaves
  # JBang's archive, the second records the AOT cache on JDK 25+, the third uses what is there.
  for _ in 1 2 3; do
    on_jdk "$jdk" "$jbang" ip@labs >/dev/null 2>&1 || true
    has_alias status && { on_jdk "$jdk" "$jbang" status@labs >/dev/null 2>&1 || true; }
  done
  script_java[$jdk]=$(on_jdk "$jdk" script_command ip@labs)
  [ -n "${script_java[$jdk]}" ] || fail "could not read the script's java command from jbang --verbose on JDK $jdk"
done
has_aws=false
if command -v aws >/dev/null; then
  has_aws=true
  cases+=" aws"
fi

# Round-robin, so that the machine's drift affects every case alike.
for ((round = 0; round < warmups + runs; round++)); do
  for name in $cases; do
    time_case "$name" "$( ((round >= warmups)) && echo true || echo false)"
  done
done

# --- report
jbang_version=$("$jbang" --version 2>&1 | tail -n 1)
echo "labs start-up benchmark: $runs runs each after $warmups warm-ups; JBang $jbang_version ($jbang);"
echo "$(getconf _NPROCESSORS_ONLN) cores, load average $(cut -d ' ' -f 1-3 /proc/loadavg); AWS-shaped endpoint $endpoint"
for jdk in "${jdks[@]}"; do
  echo "JDK $jdk: $(on_jdk "$jdk" java -version 2>&1 | head -n 1)"
done
[ -n "${JBANG_JAVA_OPTIONS:-}" ] && echo "JBANG_JAVA_OPTIONS=$JBANG_JAVA_OPTIONS"
[ -n "${JBANG_APP_JAVA_OPTIONS:-}" ] && echo "JBANG_APP_JAVA_OPTIONS=$JBANG_APP_JAVA_OPTIONS"
printf '%-60s %6s %6s %6s %6s\n' "cached runs, seconds (wall: min median max; cpu: median)" min median max cpu
for jdk in "${jdks[@]}"; do
  row "JDK $jdk: jbang ip@labs" "ip.$jdk"
  has_alias status && row "JDK $jdk: jbang status@labs" "status.$jdk"
  row "JDK $jdk: jbang ip@labs --help" "ip_help.$jdk"
  has_alias status && row "JDK $jdk: jbang status@labs --help" "status_help.$jdk"
  for kind in $help_aliases; do row "JDK $jdk: jbang ${kind#help_}@labs --help" "$kind.$jdk"; done
  row "JDK $jdk:   ip's script JVM alone (the java command JBang runs)" "ip_script_jvm.$jdk"
  row "JDK $jdk:   one JVM start-up alone (java -version)" "jvm.$jdk"
done
$has_aws && row "aws: list-tasks, describe-tasks, describe-network-interfaces" aws
for jdk in "${jdks[@]}"; do
  awk -v jdk="$jdk" -v ip="$(median "ip.$jdk")" -v script="$(median "ip_script_jvm.$jdk")" -v jvm="$(median "jvm.$jdk")" 'BEGIN {
    printf "JDK %s, ip, medians: JBang launcher %.2f s (%.0f%%), script JVM %.2f s (%.0f%%); ", jdk, ip - script, 100 * (ip - script) / ip, script, 100 * script / ip
    printf "bare start-up of its two JVMs %.2f s (%.0f%%)\n", 2 * jvm, 200 * jvm / ip }'
  if $has_aws; then
    awk -v jdk="$jdk" -v ip="$(median "ip.$jdk")" -v aws="$(median aws)" 'BEGIN { printf "JDK %s, ip@labs / three aws commands, medians: %.2f\n", jdk, ip / aws }'
  fi
done
$has_aws || echo "aws CLI not installed: the runbook's commands were not timed"
