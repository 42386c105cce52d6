#!/usr/bin/env bash
# Builds the Hessian lab (one fat jar per Java implementation) and regenerates the golden
# vectors in fixtures/hessian2/. Usage: interop/java/hessian-fixtures.sh [--no-build]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out="$root/fixtures/hessian2"
if [[ "${1:-}" != "--no-build" ]]; then
  "$here/build.sh" -pl hessian-common,hessian-caucho,hessian-lite,hessian-sofa4,hessian-sofa3 -am
fi
mkdir -p "$out"
# Fixed time zone and locale: nothing should depend on them, but keep runs reproducible.
export TZ=UTC
for pair in caucho:hessian-caucho hessian-lite:hessian-lite sofa-hessian4:hessian-sofa4 sofa-hessian3:hessian-sofa3; do
  name=${pair%%:*}; mod=${pair#*:}
  java -Duser.timezone=UTC -Duser.language=en -jar "$here/$mod/target/$mod.jar" generate "$out/$name.json"
done
