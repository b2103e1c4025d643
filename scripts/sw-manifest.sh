#!/bin/sh
# Trunk post_build hook (Trunk.toml): writes this build's id and file list into the
# service worker (sw.js, copied unhashed from static/). The id is a hash of every file's
# name and content, so a build that changes anything gets a service worker that differs
# byte-wise from the last one (the browser then installs it), and an identical rebuild
# gets the same one.
set -eu
cd "${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
[ -f sw.js ] || { echo "sw-manifest: no sw.js in $TRUNK_STAGING_DIR" >&2; exit 1; }

files=$(find . -type f ! -name sw.js | sed 's|^\./||' | LC_ALL=C sort)
build=$(for f in $files; do printf '%s\n' "$f"; cat "$f"; done | sha256sum | cut -c1-16)
list=$(for f in $files; do printf '"%s",' "$f"; done)

sed -i -e "s|__FIDELIZA_BUILD__|$build|" \
    -e "s|\[\] /\* __FIDELIZA_FILES__ \*/|[${list%,}]|" sw.js
grep -q "$build" sw.js || { echo "sw-manifest: sw.js has no build id placeholder" >&2; exit 1; }
echo "sw-manifest: sw.js for build $build ($(echo "$files" | wc -l) files)"
