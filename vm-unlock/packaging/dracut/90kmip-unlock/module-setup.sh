#!/bin/bash
# dracut module: puts kmip-unlock (launcher, jar, class-data archive and the jlink'ed Java runtime), its config and
# the TLS files the config names into the initramfs, and runs it before the root volume's passphrase prompt.
# KMIP_UNLOCK_HOME and KMIP_UNLOCK_CONF move the installation and the config (staging trees, tests).

kmip_unlock_home() { echo "${KMIP_UNLOCK_HOME:-/usr/lib/kmip-unlock}"; }
kmip_unlock_conf() { echo "${KMIP_UNLOCK_CONF:-/etc/kmip-unlock/kmip-unlock.conf}"; }

check() {
    # Only when asked for (dracut --add kmip-unlock, or add_dracutmodules+=" kmip-unlock " in dracut.conf.d).
    local home
    home=$(kmip_unlock_home)
    require_binaries cryptsetup || return 1
    [[ -x $home/kmip-unlock && -x $home/java/bin/java && -f $home/kmip-unlock.jar ]] || return 1
    [[ -f $(kmip_unlock_conf) ]] || return 1
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
    local home conf files f
    home=$(kmip_unlock_home)
    conf=$(kmip_unlock_conf)
    inst_multiple cryptsetup
    inst_simple "$home/kmip-unlock" /usr/lib/kmip-unlock/kmip-unlock
    inst_simple "$home/kmip-unlock.jar" /usr/lib/kmip-unlock/kmip-unlock.jar
    # The class-data archive is optional: without it the JVM only starts slower.
    [[ -f $home/kmip-unlock.jsa ]] && inst_simple "$home/kmip-unlock.jsa" /usr/lib/kmip-unlock/kmip-unlock.jsa
    # The runtime made with jlink (see README): copy it whole.
    while IFS= read -r -d '' f; do
        inst_simple "$f" "/usr/lib/kmip-unlock/java/${f#"$home"/java/}"
    done < <(find "$home/java/" -type f -print0)

    # The config file and the CA, certificate and key it names, as kmip-unlock itself reads the file: one parser.
    if ! files=$("$home/kmip-unlock" config --files --config "$conf"); then
        dfatal "kmip-unlock: 'kmip-unlock config --files --config $conf' failed; fix the config file"
        return 1
    fi
    while IFS= read -r f; do
        [[ -n $f ]] && inst_simple "$f"
    done <<< "$files"

    if dracut_module_included "systemd"; then
        inst_simple "$moddir/kmip-unlock-initrd.service" "$systemdsystemunitdir/kmip-unlock.service"
        $SYSTEMCTL -q --root "$initdir" enable kmip-unlock.service
    else
        # Without systemd in the initramfs: try each time an interface comes online (rd.neednet=1).
        inst_hook initqueue/online 90 "$moddir/kmip-unlock-hook.sh"
    fi
    # configfs must be mounted for /sys/kernel/config/tsm.
    inst_hook pre-trigger 90 "$moddir/kmip-unlock-mount-configfs.sh"
}
