#!/usr/bin/env bash
# Builds the Java RPC peers (dubbo-peer, sofa-peer with sofa-hessian 3 and 4), starts each
# provider on free loopback ports, runs the matching consumer's "smoke" scenario against it and
# stops the providers it started. Exits non-zero if any step fails. Everything is bounded by
# `timeout`; set PEERS_SMOKE_SKIP_BUILD=1 to reuse jars already built.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

BUILD_TIMEOUT=${PEERS_SMOKE_BUILD_TIMEOUT:-1500}
READY_TIMEOUT=${PEERS_SMOKE_READY_TIMEOUT:-90}
CONSUMER_TIMEOUT=${PEERS_SMOKE_CONSUMER_TIMEOUT:-180}
# A provider that outlives this script stops by itself after this many seconds.
PROVIDER_MAX_SECONDS=${PEERS_SMOKE_PROVIDER_MAX_SECONDS:-600}

logdir=$(mktemp -d "${TMPDIR:-/tmp}/peers-smoke.XXXXXX")
pids=()

cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
    fi
  done
  for pid in "${pids[@]}"; do
    # Dubbo's graceful shutdown takes a few seconds; wait a bounded time, then force.
    for _ in $(seq 1 30); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ "${PEERS_SMOKE_SKIP_BUILD:-0}" != 1 ]]; then
  echo "== build dubbo-peer, sofa-peer (hessian 3), sofa-peer (hessian 4)"
  timeout "$BUILD_TIMEOUT" ./build.sh -pl dubbo-peer,sofa-peer -am
  timeout "$BUILD_TIMEOUT" ./build.sh -pl sofa-peer -am -Phessian4
fi

# start_provider NAME JAR ARGS... : starts it in the background (PID recorded for the trap),
# waits for its READY line and stores that line in $ready. Not to be called in a subshell.
ready=
start_provider() {
  local name=$1 jar=$2
  shift 2
  local out="$logdir/$name.out" err="$logdir/$name.err"
  timeout $((PROVIDER_MAX_SECONDS + 30)) java -jar "$jar" provider "$@" \
    --max-seconds "$PROVIDER_MAX_SECONDS" >"$out" 2>"$err" &
  pids+=("$!")
  local pid=$! i
  for ((i = 0; i < READY_TIMEOUT * 4; i++)); do
    if grep -qs '^READY ' "$out"; then
      ready=$(grep -m1 '^READY ' "$out")
      echo "$ready"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      break
    fi
    sleep 0.25
  done
  echo "!! $name provider did not become ready; stderr tail:" >&2
  tail -n 30 "$err" >&2 || true
  return 1
}

failed=0

# run_consumer NAME JAR ARGS... : runs a consumer, shows its result lines, records failure.
run_consumer() {
  local name=$1 jar=$2
  shift 2
  local out="$logdir/$name.out" err="$logdir/$name.err" rc=0
  timeout "$CONSUMER_TIMEOUT" java -jar "$jar" consumer "$@" >"$out" 2>"$err" || rc=$?
  grep -v '"ok":true' "$out" || true
  if [[ $rc -ne 0 ]] || ! grep -q '^DONE ok=[0-9]* fail=0$' "$out"; then
    echo "!! $name failed (exit $rc); logs in $logdir" >&2
    tail -n 20 "$err" >&2 || true
    failed=1
  else
    echo "ok: $name $(grep '^DONE' "$out")"
  fi
}

echo "== dubbo-peer (dubbo + tri)"
start_provider dubbo-provider dubbo-peer/target/dubbo-peer.jar --dubbo-port 0 --tri-port 0
dport=$(sed -n 's/^READY dubbo=\([0-9]*\) tri=\([0-9]*\)$/\1/p' <<<"$ready")
tport=$(sed -n 's/^READY dubbo=\([0-9]*\) tri=\([0-9]*\)$/\2/p' <<<"$ready")
run_consumer dubbo-consumer dubbo-peer/target/dubbo-peer.jar \
  --dubbo-url "dubbo://127.0.0.1:$dport" --tri-url "tri://127.0.0.1:$tport" smoke

for variant in 3 4; do
  jar=sofa-peer/target/sofa-peer.jar
  if [[ $variant == 4 ]]; then
    jar=sofa-peer/target/sofa-peer-h4.jar
  fi
  echo "== sofa-peer (bolt, sofa-hessian $variant)"
  start_provider "sofa-h$variant-provider" "$jar" --port 0 --hessian "$variant"
  bport=$(sed -n 's/^READY bolt=\([0-9]*\)$/\1/p' <<<"$ready")
  run_consumer "sofa-h$variant-consumer" "$jar" --url "bolt://127.0.0.1:$bport" --hessian "$variant" smoke
done

if [[ $failed -ne 0 ]]; then
  echo "peers-smoke: FAILED (logs in $logdir)"
  exit 1
fi
echo "peers-smoke: all consumers passed"
rm -rf "$logdir"
