# shellcheck shell=bash
# Shared by runners/run, runners/test and bench/run: install what is missing, build daxprop.

# The Debian 12 packages the build, the tests and the VM need (used by the sourcing scripts).
# shellcheck disable=SC2034
DAXPROP_PACKAGES=(
  cmake g++ make pkg-config ccache
  librapidcheck-dev libgtest-dev liburing-dev libndctl-dev libdaxctl-dev linux-libc-dev
  libyaml-cpp-dev
  shellcheck python3-jsonschema libxml2-utils
  qemu-system-x86 busybox-static cpio kmod zstd xz-utils
  e2fsprogs xfsprogs ndctl
)

# from_caller PATH: PATH as the caller meant it (a relative one is from the directory the script
# was started in; the scripts cd to the repository, and set `caller` first).
from_caller() {
  case $1 in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s\n' "${caller:-$PWD}/$1" ;;
  esac
}

# vm_value OPTION VALUE: a VM option's value as the boot script needs it (the paths among them,
# --kernel, --modules and a --kernel-package .deb, from the caller).
vm_value() {
  case "$1:$2" in
    --kernel:* | --modules:* | --kernel-package:*.deb) from_caller "$2" ;;
    *) printf '%s\n' "$2" ;;
  esac
}

# panic_regex: the console lines that say the kernel died, as one ERE ("Kernel panic|Oops:|BUG:"),
# from the one list daxprop and its reproducers use (src/rt/rt_kmsg.c, rt_panic_patterns: one
# quoted pattern per line). An empty list is a broken checkout: exit 3.
panic_regex() {
  local src re
  src="$(dirname "${BASH_SOURCE[0]}")/../../src/rt/rt_kmsg.c"
  re=$(sed -n '/^const char \*const rt_panic_patterns\[\] = {/,/NULL};/ s/^ *"\([^"]*\)",$/\1/p' "$src" |
    paste -sd '|')
  [[ -n $re ]] || { echo "$(basename "$0"): no panic patterns in $src" >&2; exit 3; }
  printf '%s\n' "$re"
}

die() {
  echo "$(basename "$0"): $*" >&2
  exit 2
}

# ensure_packages PKG...: apt-get install the ones that are not installed yet. The one package
# installer of the runners, the VM's boot script and the LAVA rootfs builder. A package that
# cannot be installed is an infrastructure problem: one line and exit 3.
ensure_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "$(basename "$0"): missing Debian packages: ${missing[*]} (run as root, or apt-get install them)" >&2
    exit 3
  fi
  echo "installing: ${missing[*]}" >&2
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; then
    apt-get update -q >/dev/null || { echo "$(basename "$0"): apt-get update failed" >&2; exit 3; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null ||
      { echo "$(basename "$0"): apt-get install ${missing[*]} failed" >&2; exit 3; }
  fi
}

# build_daxprop [--target NAME] [CMAKE-ARGS...]: configure (once) and build into build/: every
# target, or only NAME (the runners build the daxprop binary alone, not the unit tests).
build_daxprop() {
  local root target=()
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  if [ "${1:-}" = --target ]; then
    target=(--target "$2")
    shift 2
  fi
  cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null ||
    die "cmake configure failed"
  cmake --build "$root/build" -j "$(nproc)" "${target[@]}" || die "build failed"
}
