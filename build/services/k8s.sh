#!/usr/bin/env bash
# A real Kubernetes API server for the Kubernetes runner's integration tests: kube-apiserver v1.20.2 built from
# Debian 12's "kubernetes" source package (it vendors every Go dependency) with Debian's Go, backed by Debian's
# etcd-server, on free loopback ports. No scheduler, controller-manager or kubelet: Jobs are stored, listed,
# watched, patched and deleted for real, and a test finishes a Job through its status subresource.
#
# usage: build/services/k8s.sh start   build once (cached), start etcd + kube-apiserver, write the kubeconfig
#        build/services/k8s.sh stop    stop both (by pid)
#        build/services/k8s.sh build   only build (or find) the cached kube-apiserver binary
# env:
#   LINEAGE_CACHE       where the built binary is kept across clones and runs (default ~/.cache/lineage)
#   LINEAGE_K8S_DIR     run folder: etcd data, logs, pids, kubeconfig (default <repo>/artifacts/k8s)
#   LINEAGE_KUBECONFIG  where to write the kubeconfig (default $LINEAGE_K8S_DIR/kubeconfig). It appears only once
#                       the server answers /readyz (written to a temp file, then renamed), so a reader can wait for
#                       it; when start fails, "$LINEAGE_KUBECONFIG.error" holds the reason instead.
# Needs root (or sudo) for apt-get: golang-go, etcd-server, Debian's reflect2 and a deb-src entry for `apt-get source`.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
VERSION=v1.20.2
CACHE=${LINEAGE_CACHE:-$HOME/.cache/lineage}
DIR=${LINEAGE_K8S_DIR:-$repo/artifacts/k8s}
KUBECONFIG_OUT=${LINEAGE_KUBECONFIG:-$DIR/kubeconfig}
BIN=$CACHE/kube-apiserver-$VERSION
TOKEN=lineage-test-token
sudo=; [[ $(id -u) -eq 0 ]] || sudo=sudo
now_ms() { echo $(($(date +%s%N) / 1000000)); }
log() { echo "k8s: $*" >&2; }

fail() {
  log "$*"
  [[ ${action:-} == start ]] && { mkdir -p "$(dirname "$KUBECONFIG_OUT")"; echo "$*" >"$KUBECONFIG_OUT.error"; }
  exit 1
}

apt_install() {
  # Other jobs on the machine may hold the dpkg lock: wait for it rather than fail.
  export DEBIAN_FRONTEND=noninteractive
  local opts=(-y -q --no-install-recommends -o DPkg::Lock::Timeout=600)
  $sudo apt-get install "${opts[@]}" "$@" >>"$DIR/apt.log" 2>&1 || {
    $sudo apt-get -o DPkg::Lock::Timeout=600 update -q >>"$DIR/apt.log" 2>&1
    $sudo apt-get install "${opts[@]}" "$@" >>"$DIR/apt.log" 2>&1
  } || fail "apt-get install $* failed, see $DIR/apt.log"
}

packages() {
  local need=()
  command -v etcd >/dev/null || need+=(etcd-server)
  command -v curl >/dev/null || need+=(curl)
  command -v openssl >/dev/null || need+=(openssl)
  if [[ ! -x $BIN ]]; then
    command -v go >/dev/null || need+=(golang-go)
    [[ -d /usr/share/gocode/src/github.com/modern-go/reflect2 ]] || need+=(golang-github-modern-go-reflect2-dev)
  fi
  if ((${#need[@]})); then
    local t0; t0=$(now_ms)
    apt_install "${need[@]}"
    log "apt-get install ${need[*]}: $(($(now_ms) - t0)) ms"
  fi
}

# kube-apiserver from Debian's source package, built straight with `go build` (not `make`, which first builds and
# runs every code generator over the whole tree; the tarball already holds all generated code but the OpenAPI
# definitions, so only openapi-gen runs here). Built once per machine: $BIN is reused by every later start.
build() (
  [[ -x $BIN ]] && return 0
  mkdir -p "$CACHE"
  exec 9>"$CACHE/kube-apiserver.lock"
  flock 9 # another clone on this machine may be building it right now
  [[ -x $BIN ]] && return 0
  # Holding the lock, any build folder left is from a build that was stopped (build/test.sh ends a build still
  # running when the tests end): remove it (the source tree and the Go build cache: hundreds of MB).
  chmod -R u+w "$CACHE"/kube-apiserver-build.* 2>/dev/null || true
  rm -rf "$CACHE"/kube-apiserver-build.*
  local t0 t1 work src tree
  t0=$(now_ms)
  work=$(mktemp -d "$CACHE/kube-apiserver-build.XXXXXX")
  src=$work/src; mkdir -p "$src"
  if ! apt-cache showsrc kubernetes 2>/dev/null | grep -q '^Package: kubernetes'; then
    log "adding a deb-src entry for Debian $(. /etc/os-release && echo "$VERSION_CODENAME") main"
    local codename uri
    codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
    uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null)
    [[ -n $uri ]] || uri=http://deb.debian.org/debian
    printf 'Types: deb-src\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$uri" "$codename" \
      | $sudo tee /etc/apt/sources.list.d/lineage-debsrc.sources >/dev/null
    $sudo apt-get -o DPkg::Lock::Timeout=600 update -q >>"$DIR/apt.log" 2>&1 || fail "apt-get update failed, see $DIR/apt.log"
  fi
  (cd "$src" && apt-get source --download-only kubernetes >"$work/apt-source.log" 2>&1) || fail "apt-get source kubernetes failed, see $work/apt-source.log"
  tar -xzf "$(ls "$src"/kubernetes_*.orig.tar.gz | head -n1)" -C "$src"
  tree=$(find "$src" -mindepth 1 -maxdepth 1 -type d -name 'kubernetes-*' | head -n1)
  [[ -d $tree/vendor ]] || fail "no vendor/ in Debian's kubernetes source"
  t1=$(now_ms); log "source: $((t1 - t0)) ms"

  # The vendored github.com/modern-go/reflect2 v1.0.1 corrupts memory under Go >= 1.18 (its copy of the runtime's
  # map iterator is too small) and kube-apiserver then panics at random while decoding JSON; Debian's
  # golang-github-modern-go-reflect2-dev is v1.0.2, the upstream fix. This is the only change to the vendored code.
  local r2=/usr/share/gocode/src/github.com/modern-go/reflect2
  find "$tree/vendor/github.com/modern-go/reflect2" -maxdepth 1 \( -name '*.go' -o -name '*.s' \) -delete
  find "$r2" -maxdepth 1 \( -name '*.go' -o -name '*.s' \) ! -name '*_test.go' -exec cp {} "$tree/vendor/github.com/modern-go/reflect2/" \;

  # Kubernetes 1.20 builds in GOPATH mode as k8s.io/kubernetes (hack/lib/init.sh sets GO111MODULE=off).
  local gopath=$work/gopath pkg
  mkdir -p "$gopath/src/k8s.io"; ln -s "$tree" "$gopath/src/k8s.io/kubernetes"
  pkg=$gopath/src/k8s.io/kubernetes
  export GOPATH=$gopath GO111MODULE=off CGO_ENABLED=0 GOCACHE=$work/gocache GOFLAGS= HOME=$work/home
  local gotags=selinux,notest,providerless

  # OpenAPI definitions: the packages Makefile.generated_files picks (every non-vendor Go package with a
  # +k8s:openapi-gen tag, staging named as vendor/, minus code-generator and sample-apiserver).
  (
    cd "$pkg"
    nice -n 10 go build -o "$work/openapi-gen" ./vendor/k8s.io/kube-openapi/cmd/openapi-gen
    find -H . \( -path ./_\* -o -path ./.\* -o -path ./vendor \) -prune -o -type f -name '*.go' -print \
      | sed -e 's|^\./staging/src|vendor|' -e 's|^\./||' | xargs grep -l '+k8s:openapi-gen=' \
      | xargs -n1 dirname | grep -v -e '^vendor/k8s.io/code-generator/' -e '^vendor/k8s.io/sample-apiserver/' \
      | LC_ALL=C sort -u | sed 's|^|k8s.io/kubernetes/|' | paste -sd, >"$work/openapi-dirs"
    "$work/openapi-gen" --logtostderr -i "$(cat "$work/openapi-dirs")" -p k8s.io/kubernetes/pkg/generated/openapi \
      -O zz_generated.openapi -h vendor/k8s.io/code-generator/hack/boilerplate.go.txt -r "$work/openapi-violations.report"
  ) >"$work/build.log" 2>&1 || { cp "$work/build.log" "$DIR/k8s-build.log"; fail "openapi-gen failed, see $DIR/k8s-build.log"; }
  t0=$(now_ms); log "openapi-gen: $((t0 - t1)) ms"

  # providerless drops the cloud providers' SDKs (not needed on loopback, about a third of the packages);
  # -trimpath and -s -w make a smaller binary and a shorter link.
  local v=k8s.io/kubernetes/vendor/k8s.io ld="-s -w" key val
  for kv in gitVersion=$VERSION gitMajor=1 gitMinor=20 gitTreeState=clean buildDate=1970-01-01T00:00:00Z; do
    key=${kv%%=*}; val=${kv#*=}
    ld+=" -X $v/client-go/pkg/version.$key=$val -X $v/component-base/version.$key=$val"
  done
  # nice: build/test.sh runs this beside the solution's compile and tests, which should not be slowed (or made flaky).
  (cd "$pkg" && nice -n 10 go build -trimpath -tags "$gotags" -ldflags "$ld" -o "$work/kube-apiserver" ./cmd/kube-apiserver) \
    >>"$work/build.log" 2>&1 || { cp "$work/build.log" "$DIR/k8s-build.log"; fail "go build failed, see $DIR/k8s-build.log"; }
  t1=$(now_ms); log "go build kube-apiserver ($(go version | cut -d' ' -f3), $(nproc) cores): $((t1 - t0)) ms"
  mv "$work/kube-apiserver" "$BIN.tmp" && mv "$BIN.tmp" "$BIN"
  chmod -R u+w "$work" 2>/dev/null || true # the Go module cache is read-only
  rm -rf "$work"
)

# A port (and the next one) that nothing on loopback answers on. Other clones on the machine may run their own server.
free_port() {
  local p
  for ((i = 0; i < 200; i++)); do
    p=$((20000 + RANDOM % 30000))
    (: >"/dev/tcp/127.0.0.1/$p") 2>/dev/null || (: >"/dev/tcp/127.0.0.1/$((p + 1))") 2>/dev/null || { echo "$p"; return 0; }
  done
  return 1
}

kill_pidfile() {
  local pidfile=$1 what=$2 pid target
  [[ -s $pidfile ]] || return 0
  pid=$(cat "$pidfile")
  if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
    target=$pid
    # setsid made it a process-group leader: stop the group.
    [[ $(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ') == "$pid" ]] && target=-$pid
    kill -TERM -- "$target" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do kill -0 -- "$target" 2>/dev/null || break; sleep 0.1; done
    kill -0 -- "$target" 2>/dev/null && kill -KILL -- "$target" 2>/dev/null || true
    log "stopped $what (pid $pid)"
  fi
  rm -f "$pidfile"
}

stop() {
  kill_pidfile "$DIR/apiserver.pid" kube-apiserver
  kill_pidfile "$DIR/etcd.pid" etcd
}

start() {
  local t0 port eport run
  t0=$(now_ms)
  mkdir -p "$DIR"
  rm -f "$KUBECONFIG_OUT" "$KUBECONFIG_OUT.error"
  stop >/dev/null 2>&1 || true
  packages
  build
  run=$DIR/run; rm -rf "$run"; mkdir -p "$run/etcd" "$run/certs"
  openssl genrsa -out "$run/sa.key" 2048 2>/dev/null && openssl rsa -in "$run/sa.key" -pubout -out "$run/sa.pub" 2>/dev/null \
    || fail "openssl could not make the service account key"
  # The admin token is in system:masters; the tests add a token with no rights to check the 403 error.
  printf '%s,admin,1,"system:masters"\nlineage-nobody-token,nobody,2\n' "$TOKEN" >"$run/tokens.csv"

  eport=$(free_port) || fail "no free port for etcd"
  setsid etcd --name lineage --data-dir "$run/etcd" \
    --listen-client-urls "http://127.0.0.1:$eport" --advertise-client-urls "http://127.0.0.1:$eport" \
    --listen-peer-urls "http://127.0.0.1:$((eport + 1))" --initial-advertise-peer-urls "http://127.0.0.1:$((eport + 1))" \
    --initial-cluster "lineage=http://127.0.0.1:$((eport + 1))" >"$DIR/etcd.log" 2>&1 </dev/null &
  echo $! >"$DIR/etcd.pid"
  for ((i = 0; i < 200; i++)); do curl -fs -m 1 "http://127.0.0.1:$eport/health" >/dev/null 2>&1 && break; sleep 0.1; done
  curl -fs -m 1 "http://127.0.0.1:$eport/health" >/dev/null || { tail "$DIR/etcd.log" >&2; fail "etcd did not start, see $DIR/etcd.log"; }

  port=$(free_port) || fail "no free port for kube-apiserver"
  # TTLAfterFinished is alpha (off) in 1.20 and on by default from 1.21: without it the server drops ttlSecondsAfterFinished.
  setsid "$BIN" --etcd-servers="http://127.0.0.1:$eport" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$port" --cert-dir="$run/certs" \
    --token-auth-file="$run/tokens.csv" --authorization-mode=RBAC \
    --service-account-issuer=https://kubernetes.default.svc --service-account-key-file="$run/sa.pub" \
    --service-account-signing-key-file="$run/sa.key" --service-cluster-ip-range=10.96.0.0/24 \
    --disable-admission-plugins=ServiceAccount --feature-gates=TTLAfterFinished=true >"$DIR/apiserver.log" 2>&1 </dev/null &
  echo $! >"$DIR/apiserver.pid"
  ready() { [[ $(curl -sk -m 2 -H "Authorization: Bearer $TOKEN" "https://127.0.0.1:$port/readyz" 2>/dev/null) == ok ]]; }
  # Under a parallel `dotnet build` on 2 cores the first start can take a while.
  for ((i = 0; i < 1200; i++)); do
    ready && break
    kill -0 "$(cat "$DIR/apiserver.pid")" 2>/dev/null || { tail "$DIR/apiserver.log" >&2; fail "kube-apiserver exited, see $DIR/apiserver.log"; }
    sleep 0.1
  done
  ready || fail "kube-apiserver not ready after 120 s, see $DIR/apiserver.log"

  mkdir -p "$(dirname "$KUBECONFIG_OUT")"
  cat >"$KUBECONFIG_OUT.tmp" <<KCFG
apiVersion: v1
kind: Config
clusters:
- name: lineage
  cluster: {server: "https://127.0.0.1:$port", insecure-skip-tls-verify: true}
users:
- name: admin
  user: {token: $TOKEN}
contexts:
- name: lineage
  context: {cluster: lineage, user: admin, namespace: default}
current-context: lineage
KCFG
  mv "$KUBECONFIG_OUT.tmp" "$KUBECONFIG_OUT"
  log "kube-apiserver $VERSION at https://127.0.0.1:$port (etcd 127.0.0.1:$eport) ready in $(($(now_ms) - t0)) ms; KUBECONFIG=$KUBECONFIG_OUT"
}

action=${1:-}
case $action in
  start) start ;;
  stop) stop ;;
  build) mkdir -p "$DIR"; packages; build; log "binary: $BIN" ;;
  *) echo "usage: $0 start|stop|build" >&2; exit 2 ;;
esac
