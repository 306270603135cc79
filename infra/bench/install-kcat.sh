#!/usr/bin/env bash
# Installs kcat (librdkafka's command-line producer), the throughput benchmark's
# near-limit reference, from the Debian/Ubuntu package repositories.
# `npm run bench` runs this when kcat is missing; `npm run bench:setup` runs it alone.
set -euo pipefail
if command -v kcat >/dev/null 2>&1; then
  echo "kcat already installed: $(kcat -V 2>&1 | head -1)"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "kcat is missing and apt-get is not available: install kcat (librdkafka) with your package manager" >&2
  exit 1
fi
sudo=()
if [ "$(id -u)" != 0 ]; then sudo=(sudo); fi
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends kcat
kcat -V 2>&1 | head -1
