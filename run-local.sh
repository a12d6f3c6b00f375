#!/usr/bin/env bash
# Builds what it needs and runs drivelink locally: moto (AWS), the Google emulator, the packaged
# functions as Lambda runs them, and an HTTP API gateway with a local sign-in. Ctrl-C stops it all.
# Options are passed to local-cloud: --port 3000 --google-port 4444 --aws-port 4566 --param Name=Value
# --endpoint dynamodb=http://localhost:8000 (repeatable: DynamoDB Local, LocalStack...) --verbose
set -euo pipefail
cd "$(dirname "$0")"
if [ -d "$HOME/.pyenv/shims" ]; then
  export PATH="$HOME/.pyenv/shims:$PATH"
fi
echo "building (skipping tests)..."
./mvnw -B -q -ntp package -DskipTests -pl infra/local-cloud,functions/api,functions/workers -am
exec java -jar infra/local-cloud/target/local-cloud-0.1.0-SNAPSHOT-all.jar --template template.yaml "$@"
