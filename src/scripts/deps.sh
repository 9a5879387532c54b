#!/bin/sh
# Installs the Debian packages Guild needs that are missing, saying which.
# Usage: deps.sh GROUP...   (groups: build, test)
# Runs apt-get as root, or through sudo; otherwise prints the command.
set -eu

pkgs_build="gcc make pkg-config libncurses-dev libcurl4-openssl-dev
libjansson-dev libsecret-1-dev libmicrohttpd-dev libsqlite3-dev libsodium-dev
libmd4c-dev libqrencode-dev"
pkgs_test="libcmocka-dev tmux curl jq sqlite3 dbus-daemon gnome-keyring
libsecret-tools python3 python3-aiosmtpd python3-icalendar locales
openssh-server openssh-client"

want=""
for group in "$@"; do
	case "$group" in
	build) want="$want $pkgs_build" ;;
	test) want="$want $pkgs_test" ;;
	*) echo "deps.sh: unknown group '$group' (build, test)" >&2; exit 2 ;;
	esac
done

missing=""
for p in $want; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

echo "guild: installing missing Debian packages:$missing"
if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1; then
	sudo="sudo"
else
	echo "guild: cannot install packages: not root and no sudo." >&2
	echo "       run as root: apt-get install$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
