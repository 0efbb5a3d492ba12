#!/usr/bin/env bash
# Native loading on a fresh machine: each run uses a new, empty JavaCPP cache directory and runs
# one forward pass of a small U-Net (`unet bench --mode forward`). Installs nothing. Run it where
# another libtorch is present (Debian's python3-torch with its libtorch-dev Recommends, or a
# foreign libtorch on LD_LIBRARY_PATH) to check that the first load does not crash.
#   bench/fresh-load.sh [RUNS]      (default 5)
# Prints one line per run and variant, then a summary table. Exit status 1 if a robust run failed.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"
jar="$root/unet4j-cli/target/unet4j.jar"
if [ ! -f "$jar" ] || [ ! -d "$root/unet4j-cli/target/lib" ]; then
  (cd "$root" && mvn -B -q -DskipTests -pl unet4j-cli -am package) || { echo "build failed" >&2; exit 2; }
fi

system_torch=$(ldconfig -p 2>/dev/null | grep -E 'libtorch_cpu\.so|libc10\.so' | awk '{print $NF}' | head -2 | tr '\n' ' ')
echo "machine: $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), java $(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.version = //p')"
echo "other libtorch on the system library path: ${system_torch:-none}"
dpkg -l python3-torch libtorch-dev 2>/dev/null | awk '/^ii/{print "installed: " $2 " " $3}'

# A folder holding links to a foreign libtorch, for the LD_LIBRARY_PATH variant.
foreign=$(mktemp -d)
for f in $(ldconfig -p | grep -E 'lib(torch|torch_cpu|c10)\.so ' | awk '{print $NF}'); do ln -s "$f" "$foreign/"; done

run_one() { # variant cache_dir -> exit status
  local variant=$1 cache=$2 props=() env=()
  case "$variant" in
    plain) props=(-Dunet4j.native.load=plain) ;;
    robust) ;;
    robust+ldpath) env=(LD_LIBRARY_PATH="$foreign") ;;
    launcher+ldpath) env=(LD_LIBRARY_PATH="$foreign") ;;
  esac
  if [ "$variant" = launcher+ldpath ]; then
    env "${env[@]}" UNET_JAVA_OPTS="-Dorg.bytedeco.javacpp.cachedir=$cache" \
      "$root/unet" bench --base 4 --depth 2 --tile 60 --iterations 1 --warmup 0 --threads 1 >"$cache.log" 2>&1
  else
    env "${env[@]}" java -Dorg.bytedeco.javacpp.cachedir="$cache" "${props[@]}" -XX:ErrorFile="$cache.crash.log" \
      -jar "$jar" bench --base 4 --depth 2 --tile 60 --iterations 1 --warmup 0 --threads 1 >"$cache.log" 2>&1
  fi
}

declare -A ok
variants=(plain robust robust+ldpath launcher+ldpath)
for v in "${variants[@]}"; do ok[$v]=0; done
for i in $(seq 1 "$runs"); do
  for v in "${variants[@]}"; do
    cache=$(mktemp -d)
    rmdir "$cache"   # a new, empty (not even existing) cache directory
    run_one "$v" "$cache" 2>/dev/null; status=$?
    if [ $status -eq 0 ] && grep -q '"mode":"forward"' "$cache.log"; then
      ok[$v]=$((ok[$v] + 1)); result="ok"
    else
      result="FAILED (exit $status: $(grep -m1 -E 'SIGSEGV|SIGABRT|Error|error|cannot' "$cache.log" | cut -c1-100))"
    fi
    printf 'run %d %-16s %s\n' "$i" "$v" "$result"
    rm -rf "$cache" "$cache.log" "$cache.crash.log"
  done
done
rm -rf "$foreign"

echo
printf '| variant | passed |\n|---|---|\n'
printf '| plain JavaCPP loading (for comparison) | %d/%d |\n' "${ok[plain]}" "$runs"
printf '| unet4j NativeEngine | %d/%d |\n' "${ok[robust]}" "$runs"
printf '| unet4j NativeEngine, foreign libtorch on LD_LIBRARY_PATH | %d/%d |\n' "${ok[robust+ldpath]}" "$runs"
printf '| ./unet launcher, foreign libtorch on LD_LIBRARY_PATH | %d/%d |\n' "${ok[launcher+ldpath]}" "$runs"
[ "${ok[robust]}" -eq "$runs" ] && [ "${ok[robust+ldpath]}" -eq "$runs" ] && [ "${ok[launcher+ldpath]}" -eq "$runs" ]
