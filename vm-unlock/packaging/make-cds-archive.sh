#!/bin/sh
# Builds the class-data archive (AppCDS) of kmip-unlock for the installed runtime and jar: run once at install time,
# after jlink and after every update of the runtime or the jar (the JVM ignores an archive that does not match them).
# The class list (packaging/kmip-unlock.classlist) names the classes a real unlock loads; the archive holds them
# parsed and verified, so the JVM maps them instead of loading them from the jar and the runtime's modules.
# usage: make-cds-archive.sh [CLASSLIST]    (KMIP_UNLOCK_HOME as for the launcher)
set -e
home=${KMIP_UNLOCK_HOME:-/usr/lib/kmip-unlock}
classlist=${1:-$home/kmip-unlock.classlist}
# The class path must be the one the launcher passes with -jar, byte for byte.
exec "$home/java/bin/java" -Xshare:dump -XX:SharedClassListFile="$classlist" \
    -XX:SharedArchiveFile="$home/kmip-unlock.jsa" -cp "$home/kmip-unlock.jar"
