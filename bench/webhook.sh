#!/usr/bin/env bash
# Change detection benchmark through local-cloud (see BENCHMARKS.md): webhook init and warm latency
# through its Function URL, and burst coalescing. Build first (the functions and the bench):
#   ./mvnw -Pbench -pl bench,functions/api,functions/workers,functions/webhook -am package -DskipTests
# Options: --requests 2000 --warmup 300 --bursts 5 --inits 3
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d bench/target/classes ] || [ ! -f functions/webhook/target/function.zip ]; then
  echo "not built: ./mvnw -Pbench -pl bench,functions/api,functions/workers,functions/webhook -am package -DskipTests" >&2
  exit 2
fi
export PATH="$HOME/.pyenv/shims:$PATH"
exec java -Xmx512m -cp "bench/target/classes:bench/target/lib/*" dev.drivelink.bench.WebhookBench "$@"
