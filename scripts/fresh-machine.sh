#!/usr/bin/env bash
# The fresh-machine check (.ci/run): a copy of the repository's files with no node_modules and no
# dist/, the README's install block run verbatim in it with an empty global prefix, then
# `nightlight scan examples/vulnerable-shop` from another directory, the shipped rule docs
# (`nightlight explain`), and the GitHub Action's shell steps and the pre-commit hooks on that install.
# Needs the npm registry (or a warm npm cache); never touches the global prefix of the machine.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/nightlight-fresh-XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "fresh-machine: $*" >&2; exit 1; }

# 1. The files a clone has: tracked and new, not ignored (so no node_modules/, dist/). A
# node_modules or dist that is a symbolic link (a worktree sharing another checkout's) is no
# folder to .gitignore's `node_modules/`: it is left out by name, or `npm ci` in the copy would
# empty the folder it points to.
mkdir -p "$tmp/clone" "$tmp/prefix" "$tmp/elsewhere/examples"
(cd "$repo" && git ls-files -z --cached --others --exclude-standard | grep -zvE '^(node_modules|dist)(/|$)' | tar --null -T - --ignore-failed-read -cf - 2>/dev/null) | tar -xf - -C "$tmp/clone"
for p in node_modules dist; do [ ! -e "$tmp/clone/$p" ] && [ ! -L "$tmp/clone/$p" ] || fail "the copy has a $p: it would not be a fresh machine"; done

# 2. The README's install block, line by line as written, with `npm install -g` going to the empty prefix.
block="$(awk '/<!-- install:begin -->/{on=1; next} /<!-- install:end -->/{on=0} on' "$repo/README.md" | sed -n '/^```sh$/,/^```$/p' | sed '1d;$d')"
[ -n "$block" ] || fail "README.md has no install block between <!-- install:begin --> and <!-- install:end -->"
echo "fresh-machine: running the README install block:"; echo "$block" | sed 's/^/  /'
(cd "$tmp/clone" && NPM_CONFIG_PREFIX="$tmp/prefix" bash -euo pipefail -c "$block") > "$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; fail "the install block failed"; }
[ -x "$tmp/prefix/bin/nightlight" ] || fail "no nightlight on the PATH of the prefix"
export PATH="$tmp/prefix/bin:$PATH"
[ "$(command -v nightlight)" = "$tmp/prefix/bin/nightlight" ] || fail "nightlight resolves elsewhere: $(command -v nightlight)"

# 3. The installed command, from a directory that is not the repository.
cp -r "$repo/examples/vulnerable-shop" "$tmp/elsewhere/examples/"
cd "$tmp/elsewhere"
status=0
nightlight scan examples/vulnerable-shop > scan.txt 2> scan.err || status=$?
[ "$status" = 1 ] || { cat scan.txt scan.err; fail "scan exited $status, expected 1 (the example has high findings)"; }
grep -q 'code/no-sql-injection' scan.txt || fail "the scan does not report the planted SQL injection"
grep -q '^FAIL: ' scan.txt || fail "no verdict line"
nightlight explain code/no-sql-injection | grep -q '^# ' || fail "explain does not print the rule page (docs/rules shipped?)"
[ "$(nightlight --version)" = "$(node -p "require('$repo/package.json').version")" ] || fail "version mismatch"
echo "fresh-machine: installed from the README's lines, scan from another directory: ok"

# 4. The Action's shell steps (a runner-like run) and the pre-commit hooks, on the installed copy.
node "$repo/scripts/run-action-locally.mjs" --action "$tmp/clone" --workspace "$tmp/elsewhere" --path examples/vulnerable-shop
node "$repo/scripts/run-precommit-hooks.mjs" --hooks "$repo/.pre-commit-hooks.yaml" --example "$repo/examples/vulnerable-shop"
echo "fresh-machine: ok"
