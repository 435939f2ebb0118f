#!/bin/sh
# The package step for a systemd host (what a .deb/.rpm post-install does), idempotent:
#   sh packaging/install.sh [--root DIR] [--no-systemctl] JAR
# Installs the jar and kmipctl, creates the snpkm system user (systemd-sysusers), a default /etc/snpkm/appliance.yaml
# (root:snpkm 0640, kept if present) and the unit, then enables and starts it. --root installs into DIR instead of /
# (image builds, tests) and implies --no-systemctl. The data directory is created 0700 by the unit's StateDirectory=.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=""
systemctl=yes
while [ $# -gt 1 ]; do
  case "$1" in
    --root) root=$2; systemctl=no; shift 2 ;;
    --no-systemctl) systemctl=no; shift ;;
    *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ $# -eq 1 ] && [ -f "$1" ] || { echo "usage: install.sh [--root DIR] [--no-systemctl] snpkm-appliance.jar" >&2; exit 2; }
jar=$1

echo "install: $root/opt/snpkm/snpkm-appliance.jar, $root/usr/local/bin/kmipctl"
install -D -m 0644 "$jar" "$root/opt/snpkm/snpkm-appliance.jar"
install -D -m 0755 "$here/../bin/kmipctl" "$root/usr/local/bin/kmipctl"

echo "install: system user snpkm (systemd-sysusers)"
install -D -m 0644 "$here/sysusers.d/snpkm.conf" "$root/usr/lib/sysusers.d/snpkm.conf"
mkdir -p "$root/etc"
if [ -n "$root" ]; then
  systemd-sysusers --root="$root" "$root/usr/lib/sysusers.d/snpkm.conf"
else
  systemd-sysusers /usr/lib/sysusers.d/snpkm.conf
fi
gid=$(awk -F: '$1 == "snpkm" { print $3 }' "$root/etc/group")

if [ -e "$root/etc/snpkm/appliance.yaml" ]; then
  echo "install: keeping $root/etc/snpkm/appliance.yaml"
else
  echo "install: $root/etc/snpkm/appliance.yaml (default, root:snpkm 0640)"
  install -d -m 0750 -o 0 -g "$gid" "$root/etc/snpkm"
  install -m 0640 -o 0 -g "$gid" "$here/appliance.yaml" "$root/etc/snpkm/appliance.yaml"
fi

echo "install: $root/etc/systemd/system/snpkm-appliance.service"
install -D -m 0644 "$here/snpkm-appliance.service" "$root/etc/systemd/system/snpkm-appliance.service"
if [ "$systemctl" = yes ]; then
  systemctl daemon-reload
  systemctl enable --now snpkm-appliance
fi
