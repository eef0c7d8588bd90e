#!/bin/sh
# Makes the offline Kubernetes schema validator available and prints the path of its command. A machine without it
# gets the pinned PyPI release (which bundles the JSON Schemas of every Kubernetes version) in a virtual environment
# inside a cache outside the repo.
set -eu

PARLEY_KUBERNETES_VALIDATE_VERSION="${PARLEY_KUBERNETES_VALIDATE_VERSION:-1.37.0}"
cache_root="${PARLEY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/parley}"
target="$cache_root/kubernetes-validate/$PARLEY_KUBERNETES_VALIDATE_VERSION"
command_path="$target/venv/bin/kubernetes-validate"
# Written last, so an install cut short is redone rather than half used.
stamp="$target/installed"

# Test files asking at once on a fresh machine wait for one install instead of racing it.
mkdir -p "$(dirname "$target")"
exec 9>"$target.lock"
flock 9

if [ ! -f "$stamp" ]; then
  python="$(command -v python3 || true)"
  [ -n "$python" ] || { echo "parley: python3 is needed to install kubernetes-validate" >&2; exit 1; }
  echo "parley: installing kubernetes-validate $PARLEY_KUBERNETES_VALIDATE_VERSION into $target (about a minute)" >&2
  rm -rf "$target"
  mkdir -p "$target"
  "$python" -m venv "$target/venv"
  "$target/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "kubernetes-validate==$PARLEY_KUBERNETES_VALIDATE_VERSION" >&2
  "$command_path" --version >/dev/null
  echo "$PARLEY_KUBERNETES_VALIDATE_VERSION" > "$stamp"
fi

echo "$command_path"
