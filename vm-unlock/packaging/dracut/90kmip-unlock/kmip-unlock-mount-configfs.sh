#!/bin/sh
# configfs-tsm lives under /sys/kernel/config; make sure configfs is mounted before kmip-unlock runs.
if [ -d /sys/kernel/config ] && ! grep -q ' /sys/kernel/config configfs ' /proc/mounts; then
    mount -t configfs configfs /sys/kernel/config
fi
