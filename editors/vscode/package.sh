#!/bin/sh
# Packages the extension into editors/vscode/flowc-vscode-<version>.vsix:
# builds it (build.mjs), then runs vsce from the repository's devDependencies.
# Offline: vsce packages locally, and the bundle needs no npm install here.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$here"
node build.mjs
# --no-dependencies: everything the extension runs is in dist/extension.js.
"$root/node_modules/.bin/vsce" package --no-dependencies --allow-missing-repository --skip-license --out "$here" "$@"
