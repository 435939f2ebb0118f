#!/bin/sh
# initqueue/settled hook (initramfs without systemd): open the volume once; on success tell dracut it may stop
# waiting. A Security Violation (exit 3) is final: fall through to the passphrase prompt for manual recovery.
type getarg >/dev/null 2>&1 || . /lib/dracut-lib.sh

[ -e /tmp/kmip-unlock.done ] && return 0 2>/dev/null

/usr/lib/kmip-unlock/java/bin/java -XX:+UseSerialGC -Xss512k -jar /usr/lib/kmip-unlock/kmip-unlock.jar \
    open --config /etc/kmip-unlock/kmip-unlock.conf
rc=$?
case $rc in
    0) : > /tmp/kmip-unlock.done ;;
    3) warn "kmip-unlock: Security Violation: not an SEV-SNP guest; no key requested"
       : > /tmp/kmip-unlock.done ;;
    *) warn "kmip-unlock: unlock failed (exit $rc); will retry while the initqueue runs" ;;
esac
