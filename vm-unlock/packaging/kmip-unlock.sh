#!/bin/sh
# kmip-unlock launcher, installed as /usr/lib/kmip-unlock/kmip-unlock: the one place that knows the Java runtime,
# the jar and the JVM flags. The systemd units, the dracut hook and module-setup.sh all run this.
# KMIP_UNLOCK_HOME moves the whole installation (tests, staging trees); it defaults to where the README installs.
home=${KMIP_UNLOCK_HOME:-/usr/lib/kmip-unlock}
# The class-data archive made at package time (README "Installing") halves the JVM start; without it the JVM
# still starts, only slower (-Xshare:auto ignores a missing or mismatched archive).
cds=
[ -r "$home/kmip-unlock.jsa" ] && cds="-XX:SharedArchiveFile=$home/kmip-unlock.jsa -Xshare:auto"
# Serial GC and C1 only: a short-lived process with a small heap gains nothing from the others' start-up cost.
# shellcheck disable=SC2086
exec "$home/java/bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k $cds -jar "$home/kmip-unlock.jar" "$@"
