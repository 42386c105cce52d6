#!/usr/bin/env bash
# Builds every Java peer of the interop lab once. Maven's local repository is kept
# inside the project (gitignored) so CI and developers share the same cache layout.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=${TRIBRIDGE_M2_REPO:-$here/.m2}
mvn -B -q -Dmaven.repo.local="$repo" -f "$here/pom.xml" -DskipTests package "$@"
