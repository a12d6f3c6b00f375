#!/usr/bin/env bash
# Runs every test: unit, property, integration (moto + Google emulator), end-to-end (local-cloud,
# browser) and cfn-lint on template.yaml.
set -euo pipefail
cd "$(dirname "$0")"
if [ -d "$HOME/.pyenv/shims" ]; then
  export PATH="$HOME/.pyenv/shims:$PATH"
fi
exec ./mvnw -B -ntp verify "$@"
