#!/bin/sh
# The end-to-end load run (docs/performance.md, "End-to-end load"): builds the sample app and the
# benchmarks, then starts each app in turn and loads it. Needs only a JDK; options go to LoadRun,
# for example: benchmarks/load-run.sh --postgres --duration 30
set -e
cd "$(dirname "$0")/.."
./mvnw -B -q -pl sample-app,benchmarks -am package -DskipTests
exec java -Xmx512m -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
	dev.webhookreceiver.benchmarks.LoadRun "$@"
