#!/usr/bin/env bash
# Renders an HTML report in headless Chromium (Debian's `chromium` package) and saves a screenshot,
# to check that the self-contained report displays: nothing is fetched (no network is needed).
# Usage:
#   bench/report-screenshot.sh REPORT.html OUT.png [WIDTH,HEIGHT]   screenshot an existing report
#   bench/report-screenshot.sh --sample OUT.png [WIDTH,HEIGHT]      first write a sample report from
#                                                                  synthetic cells next to OUT.png
# Prints a short table: report size, screenshot size, seconds. Exit status 2 without chromium.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
if [ $# -lt 2 ]; then
  sed -n '2,8p' "$0" >&2
  exit 2
fi
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
  echo "report-screenshot: no chromium on the PATH; install it (apt-get install chromium)" >&2
  exit 2
fi
report=$1
out=$(realpath -m "$2")
size=${3:-1400,3000}
if [ "$report" = "--sample" ]; then
  bench_build
  report="${out%.png}.html"
  echo "sample report:"
  bench_java org.unet4j.bench.SampleReport "$report" 3 512
fi
[ -f "$report" ] || { echo "report-screenshot: no such file: $report" >&2; exit 2; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
start=$(date +%s.%N)
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars \
  --screenshot="$out" --window-size="$size" "file://$(realpath "$report")" >"$profile/chromium.log" 2>&1 || {
    tail -n 20 "$profile/chromium.log" >&2
    echo "report-screenshot: chromium failed" >&2
    exit 1
  }
end=$(date +%s.%N)
[ -s "$out" ] || { echo "report-screenshot: chromium wrote no screenshot" >&2; exit 1; }
printf '%-40s %10s %12s %8s\n' "report" "KiB" "screenshot" "seconds"
printf '%-40s %10s %12s %8.1f\n' "$(basename "$report")" "$(( $(stat -c %s "$report") / 1024 ))" "$size" "$(echo "$end - $start" | bc)"
echo "screenshot: $out"
