#!/usr/bin/env bash
# Shared helpers for the .ci/infra scripts (sourced, not run). Root only; Debian 12; no systemd.
set -euo pipefail

M4J_STATE=${M4J_STATE:-/var/lib/mirai4j-test}
APT_OPTS=(-o DPkg::Lock::Timeout=600 -o Dpkg::Use-Pty=0 -y -q --no-install-recommends)

# Every Debian package any infra script needs; install.sh installs all of them in one apt run.
PKGS_SSHD=(openssh-server openssh-client)
PKGS_SLURM=(slurmctld slurmd slurm-client munge)
PKGS_SGE=(gridengine-master gridengine-exec gridengine-client)
PKGS_NETNS=(iproute2 procps)
PKGS_NFT=(nftables)

log() { printf '[%s %s] %s\n' "$(date +%T.%3N)" "${0##*/}" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ $(id -u) -eq 0 ]] || die "must run as root"

# apt-get update at most once per hour (the list files are *.lz4 on this image, so test the stamp).
apt_update_once() {
  local stamp=/var/lib/apt/periodic/mirai4j-update-stamp
  if [[ -z $(find "$stamp" -mmin -60 2>/dev/null) ]]; then
    log "apt-get update"
    apt-get -o DPkg::Lock::Timeout=600 -q update >/dev/null
    mkdir -p "${stamp%/*}"; touch "$stamp"
  fi
}

# Grid Engine's postinst makes the cell only when debconf knows the master host.
preseed_gridengine() {
  local h; h=$(hostname -s)
  debconf-set-selections <<SEL
gridengine-common shared/gridengineconfig boolean true
gridengine-common shared/gridenginecell string default
gridengine-common shared/gridenginesgeroot string /var/lib/gridengine
gridengine-client shared/gridenginemaster string $h
gridengine-master shared/gridenginemaster string $h
gridengine-exec shared/gridenginemaster string $h
gridengine-common shared/gridenginemaster string $h
gridengine-master shared/gridengineconfig boolean true
gridengine-exec shared/gridengineconfig boolean true
gridengine-client shared/gridengineconfig boolean true
SEL
}

# install_pkgs PKG...: installs only what is missing (one apt-get run).
install_pkgs() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  apt_update_once
  [[ " ${missing[*]} " == *" gridengine-"* ]] && preseed_gridengine
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get "${APT_OPTS[@]}" install "${missing[@]}" >/dev/null
}

# pid_alive FILE: true when FILE names a live process.
pid_alive() { [[ -s $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# stop_pidfile FILE [SECONDS]: SIGTERM the process named in FILE, wait (bounded), then SIGKILL.
stop_pidfile() {
  local f=$1 secs=${2:-20} pid i
  [[ -s $f ]] || { rm -f "$f"; return 0; }
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < secs * 10; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then log "pid $pid ignored SIGTERM; SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$f"
}

# wait_for SECONDS DESCRIPTION CMD...: polls CMD every 0.1 s until it succeeds.
wait_for() {
  local secs=$1 what=$2 i; shift 2
  for ((i = 0; i < secs * 10; i++)); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  die "timed out after ${secs}s waiting for $what"
}
