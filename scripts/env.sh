# shellcheck shell=bash
# Shared environment of the scripts in this folder, which source it; users never need to.
#
# Sourcing it runs scripts/setup once per process tree, because nested scripts skip that step.
# scripts/setup itself sources this file only for PATH and wasm32_std_available.
# It exports these variables:
#   REPO_ROOT       the repository root.
#   PATH            node_modules/.bin (wasm-opt from npm's binaryen) and cargo's bin folder first.
#   WASM_TOOLCHAIN  empty when the default Rust toolchain has the wasm32-unknown-unknown std,
#                   or "debian-web" when wasm32 builds use Debian's rustc-web linked into rustup.
#
# Only wasm32 commands use WASM_TOOLCHAIN, through run_wasm_toolchain. Host builds keep the
# default toolchain, because Debian's rustc-web is slower for host builds (68 s against 40 s
# for the same crate, measured on a 2-core machine).

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export REPO_ROOT

export PATH="$REPO_ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# Succeeds when rustc (of the toolchain named by RUSTUP_TOOLCHAIN, if set) loads std for wasm32.
wasm32_std_available() {
  local probe_dir status
  probe_dir=$(mktemp -d)
  echo 'pub fn probe() -> String { String::from("wasm32") }' >"$probe_dir/probe.rs"
  rustc --target wasm32-unknown-unknown --crate-type lib --emit=metadata \
    --out-dir "$probe_dir" "$probe_dir/probe.rs" >/dev/null 2>&1
  status=$?
  rm -rf "$probe_dir"
  return $status
}

if [ "${KSERVE_RBAC_SETUP_DONE:-}" != 1 ]; then
  bash "$REPO_ROOT/scripts/setup" || exit $?
  if [ "${WASM_FORCE_DEBIAN:-0}" = 1 ] || ! wasm32_std_available; then
    WASM_TOOLCHAIN=debian-web
  else
    WASM_TOOLCHAIN=
  fi
  export WASM_TOOLCHAIN KSERVE_RBAC_SETUP_DONE=1
fi

# Runs "$@" with RUSTUP_TOOLCHAIN set to the wasm toolchain, or unchanged when it is the default.
run_wasm_toolchain() {
  if [ -n "$WASM_TOOLCHAIN" ]; then
    RUSTUP_TOOLCHAIN=$WASM_TOOLCHAIN "$@"
  else
    "$@"
  fi
}

# Takes target/pkg.lock on file descriptor 8, "exclusive" or "shared", with a message when it waits.
# scripts/build-wasm writes pkg/ under the exclusive lock. Steps that read pkg/ hold it shared,
# so they never see a package that another run in this work tree is rewriting.
lock_pkg_dir() {
  mkdir -p "$REPO_ROOT/target"
  exec 8>"$REPO_ROOT/target/pkg.lock"
  if ! flock --nonblock "--$1" 8; then
    echo "waiting for target/pkg.lock: another process in this work tree is building or reading pkg/" >&2
    flock "--$1" 8
  fi
}

# Runs "$@" holding target/pkg.lock shared.
run_reading_pkg() {
  (
    lock_pkg_dir shared
    "$@"
  )
}
