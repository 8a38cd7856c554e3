#!/usr/bin/env bash
# Makes a Docker engine available: Debian's docker.io, a daemon started here (these machines have
# no systemd), docker-compose for the compose test. Idempotent: an engine that answers is kept.
# The daemon runs without iptables (the sandbox has none); containers reach each other on the
# bridge and the host reaches published ports through docker-proxy, which is all the tests need.
set -euo pipefail

need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if docker info >/dev/null 2>&1; then
  echo "Docker engine: already running ($(docker version --format '{{.Server.Version}}'))"
  exit 0
fi

data_root=${DOCKER_DATA_ROOT:-/var/lib/docker}
log=${DOCKER_LOG:-/tmp/dockerd.log}
mkdir -p "$data_root"
nohup dockerd --data-root "$data_root" --iptables=false --ip-forward=false --ip-masq=false \
  >"$log" 2>&1 &
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    echo "Docker engine: started ($(docker version --format '{{.Server.Version}}')), log in $log"
    exit 0
  fi
  sleep 0.5
done
echo "Docker engine did not start; its log:" >&2
tail -n 40 "$log" >&2
exit 1
