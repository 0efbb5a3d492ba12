# Shared by the bench/*.sh scripts: source it, then call `bench_java CLASS ARGS...` to run a
# benchmark harness class from unet4j-core/src/test/java/org/unet4j/bench (test scope: not in the
# product jar), or the CLI's main class org.unet4j.cli.Main.
# The harness classes print a short table; they take the machine as it is (run on a quiet machine).
set -euo pipefail
BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

bench_build() {
  # every module writes the same file in reactor order: the last one, unet4j-cli, sees them all
  (cd "$BENCH_ROOT" && mvn -B -q -DskipTests package dependency:build-classpath \
      -Dmdep.outputFile="$BENCH_ROOT/unet4j-cli/target/test-classpath.txt" -Dmdep.includeScope=test >/dev/null)
}

bench_java() {
  [ -f "$BENCH_ROOT/unet4j-cli/target/test-classpath.txt" ] || bench_build
  local core="$BENCH_ROOT/unet4j-core/target" cli="$BENCH_ROOT/unet4j-cli/target"
  local cp="$core/classes:$core/test-classes:$cli/classes:$(cat "$cli/test-classpath.txt")"
  java ${BENCH_JAVA_OPTS:-} -Djava.awt.headless=true -cp "$cp" "$@"
}

# Machine facts for the tables.
bench_machine() {
  echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/{print $2}') GiB, $(date -u +%Y-%m-%d)"
}
