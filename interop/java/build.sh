#!/usr/bin/env bash
# Builds every Java peer of the interop lab once. Maven's local repository is the usual
# ~/.m2/repository, so a machine that built the lab before (a developer's, or CI on the same
# machine) reuses its downloads; TRIBRIDGE_M2_REPO points it elsewhere.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=${TRIBRIDGE_M2_REPO:-$HOME/.m2/repository}
mvn -B -q -Dmaven.repo.local="$repo" -f "$here/pom.xml" -DskipTests package "$@"
