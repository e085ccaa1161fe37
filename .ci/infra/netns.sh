#!/usr/bin/env bash
# Two network-namespace "hosts" joined by a veth pair:  m4jA 10.200.0.1/24  <->  m4jB 10.200.0.2/24.
# Loopback is up in both. The root namespace has no link into them (by design): run both sides of a
# test inside them (`ip netns exec m4jA …`). Only 127.0.0.0/8 and 10.200.0.1/.2 are valid targets.
# Usage: netns.sh up|down|status
source "$(dirname "$0")/common.sh"

NS_A=m4jA NS_B=m4jB
IP_A=10.200.0.1 IP_B=10.200.0.2
VETH_A=m4jvA VETH_B=m4jvB

# both ends report carrier (LOWER_UP) and hold their address (no ping on the image)
link_up() {
  ip -n "$NS_A" addr show dev "$VETH_A" | grep -q "LOWER_UP.*state UP" && ip -n "$NS_A" addr show dev "$VETH_A" | grep -q "inet $IP_A/" &&
    ip -n "$NS_B" addr show dev "$VETH_B" | grep -q "LOWER_UP.*state UP" && ip -n "$NS_B" addr show dev "$VETH_B" | grep -q "inet $IP_B/"
}

ns_exists() { ip netns list | awk '{print $1}' | grep -qx "$1"; }

up() {
  command -v ip >/dev/null || install_pkgs "${PKGS_NETNS[@]}"
  local ns
  for ns in $NS_A $NS_B; do ns_exists "$ns" || ip netns add "$ns"; ip -n "$ns" link set lo up; done
  if ! ip -n "$NS_A" link show "$VETH_A" >/dev/null 2>&1; then
    ip link del "$VETH_A" 2>/dev/null || true   # a half-made pair left in the root namespace
    ip link add "$VETH_A" type veth peer name "$VETH_B"
    ip link set "$VETH_A" netns "$NS_A"
    ip link set "$VETH_B" netns "$NS_B"
  fi
  ip -n "$NS_A" addr replace "$IP_A/24" dev "$VETH_A"
  ip -n "$NS_B" addr replace "$IP_B/24" dev "$VETH_B"
  ip -n "$NS_A" link set "$VETH_A" up
  ip -n "$NS_B" link set "$VETH_B" up
  wait_for 5 "veth pair up" link_up
  log "netns up: $NS_A $IP_A <-> $NS_B $IP_B"
}

down() {
  local ns pids
  for ns in $NS_A $NS_B; do
    ns_exists "$ns" || continue
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    # shellcheck disable=SC2086
    [[ -z $pids ]] || kill -KILL $pids 2>/dev/null || true
    ip netns del "$ns"
  done
  log "netns down"
}

status() {
  if ns_exists "$NS_A" && ns_exists "$NS_B" && link_up 2>/dev/null; then
    echo "netns: up ($NS_A $IP_A <-> $NS_B $IP_B)"
  else echo "netns: down"; return 1; fi
}

case ${1:-} in up) up ;; down) down ;; status) status ;; *) echo "usage: $0 up|down|status" >&2; exit 2 ;; esac
