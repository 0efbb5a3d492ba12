#!/usr/bin/env bash
# unet spark-predict: runs org.unet4j.spark.SparkPredict (docs/DISTRIBUTED.md). Called by ../unet
# for its spark-predict command. Builds unet4j-spark/target/unet4j-spark.jar on first use (or when
# the sources or poms of unet4j-spark or unet4j-core are newer than the jar), with Spark's own jars
# for local masters on the class path (target/spark.classpath: Spark is a provided dependency, which
# a cluster's spark-submit supplies instead), and the Java 17 --add-opens flags Spark needs.
#   UNET_JAVA_OPTS  extra JVM options (e.g. -Xmx8g; with local[*] the executors run in this JVM)
set -u
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/unet4j-spark/target/unet4j-spark.jar"
cp_file="$root/unet4j-spark/target/spark.classpath"

stale() {
  [ ! -f "$jar" ] || [ ! -f "$cp_file" ] || [ ! -d "$root/unet4j-spark/target/lib" ] && return 0
  [ -n "$(find "$root/pom.xml" "$root/unet4j-core/pom.xml" "$root/unet4j-core/src/main" "$root/unet4j-spark/pom.xml" \
      "$root/unet4j-spark/src/main" -newer "$jar" -print -quit 2>/dev/null)" ]
}
if stale; then
  if ! command -v mvn >/dev/null 2>&1; then
    echo "unet: $jar is missing or out of date and there is no 'mvn' to build it; install Maven 3.8+" >&2
    exit 2
  fi
  echo "unet: building $jar (first use or sources changed; a minute or two, Spark is downloaded once) ..." >&2
  if ! (cd "$root" && mvn -B -q -DskipTests -pl unet4j-spark -am package >"$root/target.spark-build.log" 2>&1); then
    tail -n 30 "$root/target.spark-build.log" >&2
    echo "unet: the build failed; the full log is $root/target.spark-build.log" >&2
    exit 1
  fi
  rm -f "$root/target.spark-build.log"
fi

# as ../unet does: no other libtorch from LD_LIBRARY_PATH, two malloc arenas
if [ -n "${LD_LIBRARY_PATH:-}" ]; then
  kept=""
  IFS=: read -r -a parts <<<"$LD_LIBRARY_PATH"
  for d in "${parts[@]}"; do
    if [ -n "$d" ] && { [ -e "$d/libtorch_cpu.so" ] || [ -e "$d/libc10.so" ] || [ -e "$d/libtorch.so" ]; }; then
      continue
    fi
    kept="${kept:+$kept:}$d"
  done
  export LD_LIBRARY_PATH="$kept"
fi
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"

# The opens Spark 4 itself passes to its JVMs (org.apache.spark.launcher.JavaModuleOptions); the
# same list is in unet4j-spark/pom.xml (spark.opens) for the tests.
opens=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true)

log=(-Dlog4j2.configurationFile="$root/unet4j-spark/conf/log4j2.properties")
for a in "$@"; do [ "$a" = "--verbose" ] && log=(); done

crash_dir="${TMPDIR:-/tmp}"
# shellcheck disable=SC2086
java -Djava.library.path= ${UNET_JAVA_OPTS:-} "${opens[@]}" "${log[@]}" -XX:ErrorFile="$crash_dir/unet4j-crash-%p.log" -XX:-CreateCoredumpOnCrash \
  -Djava.awt.headless=true -cp "$jar:$(cat "$cp_file")" org.unet4j.spark.SparkPredict "$@"
