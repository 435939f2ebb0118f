#!/bin/sh
# kill -9 harness: TRIALS times start the appliance on one data dir, write concurrently (Create, Register, Modify
# Attribute, Destroy), SIGKILL it at a random moment, restart, check every acknowledged write. Exit 1 on any loss or
# failed restart. Usage, from the repository root: appliance/bench/kill9.sh [TRIALS]   (default 100)
set -eu
cd "$(dirname "$0")/../.."
mvn -q -o -pl appliance -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/kill9.classpath
CP="appliance/target/test-classes:appliance/target/classes:$(cat appliance/target/kill9.classpath)"
exec java -cp "$CP" dev.snpkm.appliance.durability.KillNineHarness "${1:-100}"
