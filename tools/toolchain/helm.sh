#!/bin/sh
# Makes Helm available and prints the path of its binary. A machine without it gets the pinned release built
# from source with `go install` into a cache outside the repo, because only the Go module proxy serves Helm here.
set -eu

PARLEY_HELM_VERSION="${PARLEY_HELM_VERSION:-v3.22.0}"
# The Kubernetes minor of the client-go that release builds against (go.mod of helm v3.22.0: client-go v0.37.0).
PARLEY_HELM_KUBE_MINOR="${PARLEY_HELM_KUBE_MINOR:-37}"
cache_root="${PARLEY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/parley}"
target="$cache_root/helm/$PARLEY_HELM_VERSION"
binary="$target/bin/helm"

# Test files asking at once on a fresh machine wait for one install instead of racing it.
mkdir -p "$(dirname "$target")"
exec 9>"$target.lock"
flock 9

if [ ! -x "$binary" ]; then
  command -v go >/dev/null 2>&1 || { echo "parley: Go is needed to build Helm $PARLEY_HELM_VERSION (or put helm into $target/bin)" >&2; exit 1; }
  echo "parley: building Helm $PARLEY_HELM_VERSION into $target (go install, about 5 minutes on 2 cores)" >&2
  mkdir -p "$target"
  # A private GOBIN keeps the pinned binary apart from anything else on the machine. The linker flags are those
  # of Helm's own release Makefile: without them `helm version` is incomplete and `helm template` assumes Kubernetes
  # 1.20, which the chart's kubeVersion refuses.
  ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=$PARLEY_HELM_VERSION"
  for package in pkg/lint/rules pkg/chartutil; do
    ldflags="$ldflags -X helm.sh/helm/v3/$package.k8sVersionMajor=1 -X helm.sh/helm/v3/$package.k8sVersionMinor=$PARLEY_HELM_KUBE_MINOR"
  done
  GOBIN="$target/bin.partial" CGO_ENABLED=0 go install -trimpath -ldflags "$ldflags" \
    "helm.sh/helm/v3/cmd/helm@$PARLEY_HELM_VERSION" >&2
  rm -rf "$target/bin"
  mv "$target/bin.partial" "$target/bin"
fi

actual="$("$binary" version --template '{{.Version}}')"
if [ "$actual" != "$PARLEY_HELM_VERSION" ]; then
  echo "parley: $binary reports $actual, expected $PARLEY_HELM_VERSION" >&2
  exit 1
fi
echo "$binary"
