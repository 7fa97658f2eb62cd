#!/bin/sh
# The Containerfile's two base images built from Debian's own archive, for machines that reach a
# Debian mirror but no container registry (government intranets):
#   localhost/owh-python:bookworm  Debian 12 with Python 3.11 and venv (`python` on PATH)
#   localhost/owh-node:trixie      Debian 13 with Node.js 20.19 and npm (Vite needs >= 20.19;
#                                  Debian 12 has 18) — it only builds the pages
# Then: podman build -f deploy/Containerfile --build-arg NODE_IMAGE=localhost/owh-node:trixie \
#         --build-arg PYTHON_IMAGE=localhost/owh-python:bookworm -t onewindow-hub .
# The build itself still fetches the locked Python packages (PyPI) and npm packages: it needs
# those registries, or mirrors of them, reachable with a certificate the bases trust.
# Needs root, debootstrap and podman. DEBIAN_MIRROR may be overridden; PODMAN and BUILD_OPTS too,
# for a host that needs them (inside a container with cgroups v1 and capped limits:
# PODMAN="podman --runtime runc" BUILD_OPTS="--ulimit nofile=20000:20000 --ulimit nproc=4096:4096").
set -eu
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
PODMAN=${PODMAN:-podman}
BUILD_OPTS=${BUILD_OPTS:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

base() {  # base SUITE PACKAGES TAG [EXTRA RUN LINE]
    rm -rf "$work/rootfs"
    debootstrap --variant=minbase "$1" "$work/rootfs" "$MIRROR"
    tar -C "$work/rootfs" -c . | $PODMAN import - "localhost/owh-debian:$1"
    rm -rf "$work/rootfs"
    cat > "$work/Containerfile" <<END
FROM localhost/owh-debian:$1
RUN apt-get update && apt-get install -y --no-install-recommends $2 \\
    && rm -rf /var/lib/apt/lists/* ${4:-}
END
    $PODMAN build $BUILD_OPTS --network host -f "$work/Containerfile" -t "$3" "$work"
}

base bookworm "python3 python3-venv ca-certificates" localhost/owh-python:bookworm \
    "&& ln -s /usr/bin/python3 /usr/local/bin/python"
base trixie "nodejs npm ca-certificates" localhost/owh-node:trixie
