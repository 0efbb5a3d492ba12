# Shared by the bench/*.sh scripts: source it, then call `bench_java CLASS ARGS...` to run a
# benchmark harness class from src/test/java/org/unet4j/bench (test scope: not in the product jar).
# The harness classes print a short table; they take the machine as it is (run on a quiet machine).
set -euo pipefail
BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

bench_build() {
  (cd "$BENCH_ROOT" && mvn -B -q -DskipTests package test-compile dependency:build-classpath \
      -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test >/dev/null)
}

bench_java() {
  [ -f "$BENCH_ROOT/target/test-classpath.txt" ] || bench_build
  local cp="$BENCH_ROOT/target/classes:$BENCH_ROOT/target/test-classes:$(cat "$BENCH_ROOT/target/test-classpath.txt")"
  java ${BENCH_JAVA_OPTS:-} -Djava.awt.headless=true -cp "$cp" "$@"
}

# Machine facts for the tables.
bench_machine() {
  echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/{print $2}') GiB, $(date -u +%Y-%m-%d)"
}
