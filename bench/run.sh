#!/usr/bin/env bash
# Runs the upload benchmarks (see BENCHMARKS.md). Build first:
#   ./mvnw -Pbench -pl bench -am package -DskipTests
# Options go to dev.drivelink.bench.BenchMain, e.g. --runs 3 --throughput-mib 200 --memory-mib 256,1024
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d bench/target/classes ] || [ ! -d bench/target/lib ]; then
  echo "bench is not built: ./mvnw -Pbench -pl bench -am package -DskipTests" >&2
  exit 2
fi
exec java -Xmx512m -cp "bench/target/classes:bench/target/lib/*" dev.drivelink.bench.BenchMain "$@"
