#!/usr/bin/env sh
# Downloads OSV advisory exports into a folder for `nightlight --advisories DIR` (docs/advisories.md).
# Usage: scripts/update-advisories.sh DIR [ECOSYSTEM...]   (default ecosystems: npm PyPI)
# Run by users only; nightlight scans and tests never use the network.
set -eu
if [ "$#" -lt 1 ]; then
  echo "usage: $0 DIR [ECOSYSTEM...]" >&2
  exit 2
fi
dir=$1
shift
[ "$#" -gt 0 ] || set -- npm PyPI
command -v curl >/dev/null 2>&1 || { echo "curl is required" >&2; exit 1; }
command -v unzip >/dev/null 2>&1 || { echo "unzip is required" >&2; exit 1; }
mkdir -p "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
for eco in "$@"; do
  echo "downloading $eco advisories..."
  curl -fsSL "https://osv-vulnerabilities.storage.googleapis.com/$eco/all.zip" -o "$tmp/$eco.zip"
  rm -rf "${dir:?}/$eco"
  mkdir -p "$dir/$eco"
  unzip -q -o "$tmp/$eco.zip" -d "$dir/$eco"
  echo "$eco: $(find "$dir/$eco" -name '*.json' | wc -l | tr -d ' ') records in $dir/$eco"
done
