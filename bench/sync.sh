#!/usr/bin/env bash
# Issue 11's sync benchmark (see BENCHMARKS.md, "Issue 11: sync"): one project of N small files,
# bidirectional, through the real SyncEngine against moto and the Google emulator: the first sync, a quiet
# one, one after 1 file changed in S3 and one after 1 file changed in Drive. Build first:
#   ./mvnw -Pbench -pl bench -am package -DskipTests
# Options go to dev.drivelink.bench.SyncBench: --files 250,500,1000 --emulator-heap 2g --seed 11
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d bench/target/classes ] || [ ! -d bench/target/lib ]; then
  echo "bench is not built: ./mvnw -Pbench -pl bench -am package -DskipTests" >&2
  exit 2
fi
export PATH="$HOME/.pyenv/shims:$PATH"
exec java -Xmx512m -cp "bench/target/classes:bench/target/lib/*" dev.drivelink.bench.SyncBench "$@"
