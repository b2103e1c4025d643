#!/bin/sh
# Trunk post_build hook (Trunk.toml): writes the worker's id into index.html, and this
# build's id and file list into the service worker (sw.js, copied unhashed from
# static/). The build id is a hash of every file's name and content, so a build that
# changes anything gets a service worker that differs byte-wise from the last one (the
# browser then installs it), and an identical rebuild gets the same one.
set -eu
cd "${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
[ -f sw.js ] || { echo "sw-manifest: no sw.js in $TRUNK_STAGING_DIR" >&2; exit 1; }

# The worker's own id first (index.html carries it, so the build id covers it): the
# page asks for worker.js?v=ID and worker_bg.wasm?v=ID (src/ui/pool.rs).
[ -f worker.js ] && [ -f worker_bg.wasm ] || { echo "sw-manifest: no worker.js or worker_bg.wasm" >&2; exit 1; }
worker=$(cat worker.js worker_bg.wasm | sha256sum | cut -c1-16)
sed -i "s|__FIDELIZA_WORKER__|$worker|" index.html
grep -q "$worker" index.html || { echo "sw-manifest: index.html has no worker id placeholder" >&2; exit 1; }

files=$(find . -type f ! -name sw.js | sed 's|^\./||' | LC_ALL=C sort)
build=$(for f in $files; do printf '%s\n' "$f"; cat "$f"; done | sha256sum | cut -c1-16)
# The worker's files are listed as the page asks for them, with the worker id.
list=$(for f in $files; do
    case "$f" in worker.js|worker_bg.wasm) printf '"%s?v=%s",' "$f" "$worker" ;; *) printf '"%s",' "$f" ;; esac
done)

sed -i -e "s|__FIDELIZA_BUILD__|$build|" \
    -e "s|\[\] /\* __FIDELIZA_FILES__ \*/|[${list%,}]|" sw.js
grep -q "$build" sw.js || { echo "sw-manifest: sw.js has no build id placeholder" >&2; exit 1; }
echo "sw-manifest: sw.js for build $build ($(echo "$files" | wc -l) files), worker $worker"
