# Sourced by the benchmarks that run labs against the AWS-shaped endpoint on loopback, after they set
# $repo: a work folder removed on exit (with the endpoint), `fail`, and `start_endpoint SECONDS
# [loopback-aws.sh options]`, which starts the endpoint on a free loopback port, waits up to SECONDS
# for its URL, and points every AWS client at it alone, with dummy credentials and no profile files
# of the user's.
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

start_endpoint() {
  local seconds=$1
  shift
  "$repo/tests/bench/loopback-aws.sh" "$@" >"$work/endpoint" 2>"$work/endpoint.err" &
  endpoint_pid=$!
  for _ in $(seq 1 $((seconds * 10))); do
    [ -s "$work/endpoint" ] && break
    kill -0 "$endpoint_pid" 2>/dev/null || fail "the loopback endpoint did not start: $(cat "$work/endpoint.err")"
    sleep 0.1
  done
  endpoint=$(head -n 1 "$work/endpoint")
  [ -n "$endpoint" ] || fail "the loopback endpoint did not print its URL within $seconds s"
  export AWS_ENDPOINT_URL="$endpoint" AWS_REGION=eu-west-1 AWS_DEFAULT_REGION=eu-west-1
  export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench
  export AWS_CONFIG_FILE="$work/no-aws-config" AWS_SHARED_CREDENTIALS_FILE="$work/no-aws-credentials"
  unset AWS_PROFILE AWS_SESSION_TOKEN LABS_PREFIX LABS_APP GITHUB_ACTIONS
}
