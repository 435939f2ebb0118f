#!/bin/bash
# dracut module: puts kmip-unlock (jar + a jlink'ed Java runtime), its config and client credentials into the
# initramfs, and runs it before the root volume is needed.

check() {
    # Only when asked for (dracut --add kmip-unlock, or add_dracutmodules+=" kmip-unlock " in dracut.conf.d).
    require_binaries cryptsetup || return 1
    [[ -x /usr/lib/kmip-unlock/java/bin/java && -f /usr/lib/kmip-unlock/kmip-unlock.jar ]] || return 1
    [[ -f /etc/kmip-unlock/kmip-unlock.conf ]] || return 1
    return 255
}

depends() {
    # network: the key manager is remote; crypt: cryptsetup and dm-crypt.
    echo network crypt
    return 0
}

installkernel() {
    # sev-guest provides /dev/sev-guest and registers the configfs-tsm provider; tsm_report is the configfs side.
    instmods sev-guest tsm_report tsm configfs dm_crypt
}

install() {
    inst_multiple cryptsetup
    inst_simple /usr/lib/kmip-unlock/kmip-unlock.jar
    # The runtime made with jlink (see README): copy it whole.
    local f
    while IFS= read -r -d '' f; do
        inst_simple "$f"
    done < <(find /usr/lib/kmip-unlock/java -type f -print0)
    inst_simple /etc/kmip-unlock/kmip-unlock.conf
    # Client certificate, key and CA named in the config file (lines ca=, cert=, key=).
    local k v
    while IFS='=' read -r k v; do
        case "$k" in
            ca|cert|key) [[ -n "$v" ]] && inst_simple "$v" ;;
        esac
    done < /etc/kmip-unlock/kmip-unlock.conf

    if dracut_module_included "systemd"; then
        inst_simple "$moddir/kmip-unlock.service" "$systemdsystemunitdir/kmip-unlock.service"
        $SYSTEMCTL -q --root "$initdir" enable kmip-unlock.service
    else
        # Without systemd in the initramfs: try once the network is up, from the initqueue.
        inst_hook initqueue/settled 90 "$moddir/kmip-unlock-hook.sh"
    fi
    # configfs must be mounted for /sys/kernel/config/tsm.
    inst_hook pre-trigger 90 "$moddir/kmip-unlock-mount-configfs.sh"
}
