#!/usr/bin/env bash
# Builds the images the Docker tests need, locally, since no image registry is reachable here:
#   seedance-local/jre:17        Debian bookworm (debootstrap) + OpenJDK 17 JRE + curl: the base of
#                                every other image, also tagged alpine:3.17/alpine:latest because
#                                Testcontainers asks for a tiny Alpine image for its own chores
#   seedance-local/kafka:4.3.1   Kafka's own jars from Maven Central, laid out like apache/kafka
#   seedance-local/apicurio:2.6.13  Apicurio Registry from Maven Central (Confluent-compatible API)
# The service image itself is built by the compose test from the jar it has just packaged.
# Idempotent: an image that exists is kept (FORCE_IMAGES=1 rebuilds).
set -euo pipefail
cd "$(dirname "$0")"
export DOCKER_BUILDKIT=0

work=${IMAGES_WORK_DIR:-/tmp/seedance-images}
mkdir -p "$work"

exists() { [ -z "${FORCE_IMAGES:-}" ] && docker image inspect "$1" >/dev/null 2>&1; }

jre=seedance-local/jre:17
if exists "$jre"; then
  echo "$jre: present"
else
  mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
  mirror=${mirror:-http://deb.debian.org/debian}
  rootfs="$work/jre-rootfs"
  rm -rf "$rootfs"
  echo "$jre: debootstrap bookworm from $mirror"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -n 30 "$work/debootstrap.log" >&2; exit 1; }
  # The JRE's install script runs java, which needs /proc.
  mount -t proc proc "$rootfs/proc"
  trap 'umount "$rootfs/proc" 2>/dev/null || true' EXIT
  chroot "$rootfs" /bin/sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless curl ca-certificates \
      && apt-get clean && rm -rf /var/lib/apt/lists/*' >"$work/jre-install.log" 2>&1 \
    || { tail -n 30 "$work/jre-install.log" >&2; exit 1; }
  umount "$rootfs/proc"
  tar -C "$rootfs" -c . | docker import - "$jre" >/dev/null
  rm -rf "$rootfs"
  echo "$jre: built"
fi
for tag in alpine:3.17 alpine:latest; do
  exists "$tag" || docker tag "$jre" "$tag"
done

# Kafka and Apicurio: their Maven Central artifacts, fetched by a small pom of their own. The image
# carries a hash of its recipe folder, so a changed recipe is rebuilt and an unchanged one is not.
build_from_maven() {
  local image=$1 dir=$2
  local recipe
  recipe=$(cd "$dir" && find . -type f | sort | xargs sha256sum | sha256sum | cut -c1-16)
  if [ -z "${FORCE_IMAGES:-}" ] && [ "$(docker image inspect -f '{{index .Config.Labels "recipe"}}' \
       "$image" 2>/dev/null)" = "$recipe" ]; then
    echo "$image: present"
    return
  fi
  echo "$image: building"
  local context="$work/$dir"
  rm -rf "$context"
  mvn -B -q -f "$dir/pom.xml" -Dwork="$context" package
  docker build -q --build-arg BASE_IMAGE="$jre" --label recipe="$recipe" -t "$image" "$context" \
    >"$work/$dir-build.log" 2>&1 || { cat "$work/$dir-build.log" >&2; exit 1; }
  echo "$image: built"
}
build_from_maven seedance-local/kafka:4.3.1 kafka
build_from_maven seedance-local/apicurio:2.6.13 apicurio
