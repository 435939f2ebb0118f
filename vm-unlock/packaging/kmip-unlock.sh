#!/bin/sh
# kmip-unlock launcher, installed as /usr/lib/kmip-unlock/kmip-unlock: the one place that knows the Java runtime,
# the jar and the JVM flags. The systemd units, the dracut hook and module-setup.sh all run this.
# KMIP_UNLOCK_HOME moves the whole installation (tests, staging trees); it defaults to where the README installs.
# KMIP_UNLOCK_JAVA_OPTS adds JVM options (diagnostics, e.g. -Xlog:class+load), after the ones below.
home=${KMIP_UNLOCK_HOME:-/usr/lib/kmip-unlock}
# The class-data archive made at install time (make-cds-archive.sh) roughly halves the JVM start; without it, or if
# it does not match this runtime and jar, the JVM still starts, only slower (-Xshare:auto).
cds=
[ -r "$home/kmip-unlock.jsa" ] && cds="-XX:SharedArchiveFile=$home/kmip-unlock.jsa -Xshare:auto"
# Serial GC and C1 only: a short-lived process with a small heap gains nothing from the others' start-up cost.
# shellcheck disable=SC2086
exec "$home/java/bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k $cds ${KMIP_UNLOCK_JAVA_OPTS:-} \
    -jar "$home/kmip-unlock.jar" "$@"
