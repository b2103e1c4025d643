#!/usr/bin/env bash
# Seeds for the fuzz targets: real scenario files, and a workbench as JSON, as a share
# link and as an autosave record, so the fuzzer starts from inputs that decode.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/fideliza
[ -x "$bin" ] || cargo build --release --bin fideliza
mkdir -p fuzz/corpus/decode_scenario fuzz/corpus/decode_workbench
for id in $("$bin" presets | awk '{print $1}'); do
    "$bin" preset "$id" > "fuzz/corpus/decode_scenario/$id.json"
    "$bin" preset "$id" | python3 -c '
import base64, json, sys, zlib
scenarios = json.load(sys.stdin)
if isinstance(scenarios, dict):
    scenarios = [scenarios]
wb = {"version": 1, "lang": "es", "scenarios": scenarios[:4], "seed": 7, "replications": 20,
      "preset": None, "view": {"editing": 0, "focus": len(scenarios[:4]) - 1, "month": 12}}
text = json.dumps(wb)
name = sys.argv[1]
open(f"fuzz/corpus/decode_workbench/{name}.json", "w").write(text)
record = {"fideliza_autosave": 1, "rev": 3, "tab": "ab12", "workbench": wb}
open(f"fuzz/corpus/decode_workbench/{name}.record.json", "w").write(json.dumps(record))
packer = zlib.compressobj(9, zlib.DEFLATED, -15)
packed = packer.compress(text.encode()) + packer.flush()
link = "w1." + base64.urlsafe_b64encode(packed).decode().rstrip("=")
open(f"fuzz/corpus/decode_workbench/{name}.link", "w").write(link)
' "$id"
done
echo "fuzz seeds: $(ls fuzz/corpus/decode_scenario | wc -l) scenario files, $(ls fuzz/corpus/decode_workbench | wc -l) workbench inputs"
