#!/bin/sh
# initqueue/online hook (initramfs without systemd): dracut runs it when an interface is up; open the volume once.
# A Security Violation (exit 3) is final: fall through to the passphrase prompt for manual recovery.
type getarg >/dev/null 2>&1 || . /lib/dracut-lib.sh

[ -e /tmp/kmip-unlock.done ] && return 0 2>/dev/null

/usr/lib/kmip-unlock/kmip-unlock open --config /etc/kmip-unlock/kmip-unlock.conf
rc=$?
case $rc in
    0) : > /tmp/kmip-unlock.done ;;
    3) warn "kmip-unlock: Security Violation: not an SEV-SNP guest; no key requested"
       : > /tmp/kmip-unlock.done ;;
    *) warn "kmip-unlock: unlock failed (exit $rc); will try again when another interface comes online" ;;
esac
