#!/bin/sh
# Install what the audio tests (pytest -m audio) need to hear the cues: a PulseAudio
# server with a null sink (pulseaudio), parec/pactl (pulseaudio-utils), ALSA's pulse
# plugin for simpleaudio (libasound2-plugins) and the headers simpleaudio builds
# against (libasound2-dev). Idempotent: installs only what is missing, so a second
# run does nothing. Needs root (CI runs as root) or sudo. Debian/Ubuntu only.
set -eu

PACKAGES="pulseaudio pulseaudio-utils libasound2-dev libasound2-plugins alsa-utils"

missing=""
for pkg in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $pkg"
    fi
done

if [ -z "$missing" ]; then
    echo "audio-setup: all present ($PACKAGES)"
else
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    echo "audio-setup: installing$missing"
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086 # one word per package
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

for tool in pulseaudio parec pactl; do
    command -v "$tool" >/dev/null || { echo "audio-setup: $tool still missing" >&2; exit 1; }
done
# The tests start their own server under a temporary HOME; this only checks it can run.
pulseaudio --version
