#!/usr/bin/env bash
# nftables for fault injection between the namespaces of netns.sh (m4jA <-> m4jB): a test cuts
# the link silently (packets dropped, no reset) and heals it, e.g.
#   ip netns exec m4jB nft -f - <<< 'table inet m4jpart { chain in { type filter hook input priority 0; policy drop; } }'
#   ip netns exec m4jB nft delete table inet m4jpart
# Tests own the tables they add (name m4jpart*); `down` removes any left behind by a crashed run.
# Usage: nft.sh up|down|status   (after netns.sh up)
source "$(dirname "$0")/common.sh"

NS=(m4jA m4jB)
PROBE=m4jprobe

ns_exists() { ip netns list | awk '{print $1}' | grep -qx "$1"; }

# nft answers inside a namespace: add and delete a throwaway table
nft_works() {
  ip netns exec "$1" nft add table inet "$PROBE" && ip netns exec "$1" nft delete table inet "$PROBE"
}

# m4jpart* tables left in a namespace, one name a line
leftovers() { ip netns exec "$1" nft list tables 2>/dev/null | awk '$3 ~ /^m4jpart/ {print $2" "$3}'; }

up() {
  command -v nft >/dev/null || install_pkgs "${PKGS_NFT[@]}"
  local ns
  for ns in "${NS[@]}"; do
    ns_exists "$ns" || die "namespace $ns missing: run netns.sh up first"
    clear_ns "$ns"
    nft_works "$ns" || die "nft does not work in $ns"
  done
  log "nft up: $(nft --version) in ${NS[*]}"
}

clear_ns() {
  local t
  while read -r t; do
    [[ -n $t ]] || continue
    # shellcheck disable=SC2086
    ip netns exec "$1" nft delete table $t
    log "removed leftover table $t in $1"
  done < <(leftovers "$1")
}

down() {
  local ns
  command -v nft >/dev/null || { log "nft down (not installed)"; return 0; }
  for ns in "${NS[@]}"; do ns_exists "$ns" && clear_ns "$ns"; done
  log "nft down"
}

status() {
  local ns left
  if ! command -v nft >/dev/null; then echo "nft: not installed"; return 1; fi
  for ns in "${NS[@]}"; do
    if ! ns_exists "$ns" || ! nft_works "$ns" >/dev/null 2>&1; then echo "nft: not usable in $ns"; return 1; fi
    left=$(leftovers "$ns")
    if [[ -n $left ]]; then echo "nft: partition tables left in $ns: $left"; return 1; fi
  done
  echo "nft: up ($(nft --version) in ${NS[*]})"
}

case ${1:-} in up) up ;; down) down ;; status) status ;; *) echo "usage: $0 up|down|status" >&2; exit 2 ;; esac
