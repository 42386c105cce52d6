#!/usr/bin/env bash
# Installs the Go tools of the interop lab into interop/go/bin (gitignored), pinned:
#   ghz (gRPC load), grpcurl (gRPC CLI), connectconformance (connectrpc conformance runner).
# Idempotent: a tool is skipped while its binary exists and bin/.pins records the same pin.
# The installs run in parallel (they are mostly module downloads). Usage: setup.sh [--force]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin="$here/bin"
pins="$bin/.pins"
force=${1:-}

# name|package|version|ldflags (the tools print "dev" unless their version is linked in)
tools=(
  "ghz|github.com/bojand/ghz/cmd/ghz|v0.120.0|-X main.version=v0.120.0"
  "grpcurl|github.com/fullstorydev/grpcurl/cmd/grpcurl|v1.9.4|-X main.version=v1.9.4"
  "connectconformance|connectrpc.com/conformance/cmd/connectconformance|v1.0.7|"
)

command -v go >/dev/null || { echo "go: 'go' not on PATH" >&2; exit 1; }
mkdir -p "$bin"
touch "$pins"
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
pids=() names=()
for entry in "${tools[@]}"; do
  IFS='|' read -r name pkg version ldflags <<<"$entry"
  pin="$name $pkg@$version"
  if [[ "$force" != "--force" && -x "$bin/$name" ]] && grep -qxF "$pin" "$pins"; then
    echo "go: $name $version up to date"
    continue
  fi
  echo "go: installing $pkg@$version"
  (GOBIN="$bin" CGO_ENABLED=0 go install -ldflags="$ldflags" "$pkg@$version" >"$logs/$name.log" 2>&1) &
  pids+=("$!") names+=("$name|$pkg|$version")
done

failed=0
for i in "${!pids[@]}"; do
  IFS='|' read -r name pkg version <<<"${names[$i]}"
  if wait "${pids[$i]}"; then
    grep -v "^$name " "$pins" >"$pins.tmp" || true
    echo "$name $pkg@$version" >>"$pins.tmp"
    mv "$pins.tmp" "$pins"
  else
    failed=1
    echo "go: FAILED to install $pkg@$version:" >&2
    tail -n 20 "$logs/$name.log" >&2
  fi
done

# Each binary must at least run.
for name in ghz grpcurl connectconformance; do
  [[ -x "$bin/$name" ]] || continue
  printf 'go: %s ' "$name"
  "$bin/$name" --version 2>&1 | head -n 1
done
exit "$failed"
