#!/bin/sh
# Entry point behind the npm scripts: puts Node 24 first on PATH, installs dependencies when the lockfile
# changed, then runs the requested task on Node 24.
set -eu

repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"

node_bin="$(sh tools/toolchain/node.sh)"
PATH="$node_bin:$PATH"
export PATH

stamp="node_modules/.parley-lockfile.sha256"
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "parley: installing dependencies (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

task="${1:-}"
[ $# -gt 0 ] && shift
export NODE_OPTIONS="${NODE_OPTIONS:-} --disable-warning=TimeoutNegativeWarning --disable-warning=ExperimentalWarning"
export KAFKAJS_NO_PARTITIONER_WARNING=1
export NX_DAEMON="${NX_DAEMON:-false}"
export NX_NO_CLOUD=true

# Prisma clients are generated code, kept out of git and refreshed whenever a schema changes.
node tools/build/prisma-clients.ts >/dev/null

case "$task" in
  start) exec node --conditions=parley-source tools/dev/start.ts "$@" ;;
  test) exec node --conditions=parley-source tools/test/run.ts "$@" ;;
  stack) exec node --conditions=parley-source tools/local-stack/cli.ts "$@" ;;
  build) exec node --conditions=parley-source tools/build/build.ts "$@" ;;
  generate) exec node --conditions=parley-source tools/generate/generate.ts "$@" ;;
  lint) npx nx show projects >/dev/null && exec npx eslint --max-warnings=0 "$@" . ;;
  typecheck) npx tsc -p tsconfig.check.json "$@" && exec npx tsc -p apps/agent-desk/tsconfig.json "$@" ;;
  compliance-scan) exec node --conditions=parley-source apps/compliance-filter/src/scan.ts "$@" ;;
  archive-verify) exec node --conditions=parley-source apps/archive/src/verify-cli.ts "$@" ;;
  bench) name="$1"; shift; exec node --conditions=parley-source "tools/bench/$name.ts" "$@" ;;
  node) exec node --conditions=parley-source "$@" ;;
  *) echo "usage: run.sh start|test|stack|build|generate|bench|compliance-scan|archive-verify|lint|typecheck|node [args]" >&2; exit 2 ;;
esac
