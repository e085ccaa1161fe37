#!/usr/bin/env bash
# OpenSSH server for the launcher ITs: 127.0.0.1:2222, all state in $SSHD_DIR.
# Usage: sshd.sh up|down|status
#
# How tests reach it: pass `-F $SSHD_DIR/ssh_config` to ssh (RemoteConfig.ssh(...).withSshOptions(
# List.of("-F", ".../ssh_config"))). That file defines Host `testhost` (127.0.0.1:2222, user root) and,
# for every host, the client key and known_hosts below, so `ssh -F FILE testhost` and
# `ssh -F FILE -p 2222 root@127.0.0.1` both work. Root's own ~/.ssh is never touched.
source "$(dirname "$0")/common.sh"

SSHD_DIR=${SSHD_DIR:-$M4J_STATE/sshd}
SSHD_PORT=${SSHD_PORT:-2222}
SSHD_LISTEN=${SSHD_LISTEN:-127.0.0.1}
PIDFILE=$SSHD_DIR/sshd.pid

write_state() {
  install -d -m 0755 "$M4J_STATE"
  install -d -m 0700 "$SSHD_DIR"
  install -d -m 0755 "$SSHD_DIR/authorized_keys" /run/sshd
  [[ -s $SSHD_DIR/ssh_host_ed25519_key ]] || ssh-keygen -q -t ed25519 -N '' -C mirai4j-test-host -f "$SSHD_DIR/ssh_host_ed25519_key"
  [[ -s $SSHD_DIR/id_ed25519 ]] || ssh-keygen -q -t ed25519 -N '' -C mirai4j-test-client -f "$SSHD_DIR/id_ed25519"
  install -m 0644 "$SSHD_DIR/id_ed25519.pub" "$SSHD_DIR/authorized_keys/root"
  echo "[$SSHD_LISTEN]:$SSHD_PORT $(cut -d' ' -f1,2 "$SSHD_DIR/ssh_host_ed25519_key.pub")" >"$SSHD_DIR/known_hosts"
  cat >"$SSHD_DIR/sshd_config" <<CONF
Port $SSHD_PORT
ListenAddress $SSHD_LISTEN
HostKey $SSHD_DIR/ssh_host_ed25519_key
PidFile $PIDFILE
AuthorizedKeysFile $SSHD_DIR/authorized_keys/%u
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
AllowTcpForwarding yes
GatewayPorts no
MaxStartups 200
MaxSessions 100
PrintMotd no
LogLevel INFO
CONF
  cat >"$SSHD_DIR/ssh_config" <<CONF
Host testhost
  HostName $SSHD_LISTEN
  Port $SSHD_PORT
  User root
Host *
  IdentityFile $SSHD_DIR/id_ed25519
  IdentitiesOnly yes
  UserKnownHostsFile $SSHD_DIR/known_hosts
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  BatchMode yes
  LogLevel ERROR
CONF
  chmod 0600 "$SSHD_DIR/ssh_config"
}

smoke() { ssh -F "$SSHD_DIR/ssh_config" -o ConnectTimeout=2 testhost true; }

up() {
  install_pkgs "${PKGS_SSHD[@]}"
  write_state
  if pid_alive "$PIDFILE"; then
    log "sshd already running (pid $(cat "$PIDFILE"))"
  else
    rm -f "$PIDFILE"
    /usr/sbin/sshd -t -f "$SSHD_DIR/sshd_config"
    /usr/sbin/sshd -f "$SSHD_DIR/sshd_config" -E "$SSHD_DIR/sshd.log"   # daemonizes, writes $PIDFILE
  fi
  wait_for 10 "sshd on $SSHD_LISTEN:$SSHD_PORT" smoke
  [[ $(ssh -F "$SSHD_DIR/ssh_config" testhost 'echo ok') == ok ]] || die "smoke test failed"
  log "sshd up on $SSHD_LISTEN:$SSHD_PORT (ssh -F $SSHD_DIR/ssh_config testhost)"
}

down() {
  stop_pidfile "$PIDFILE" 10   # sessions already open live on as their own processes, as documented
  log "sshd down"
}

status() {
  if pid_alive "$PIDFILE" && smoke; then echo "sshd: up (pid $(cat "$PIDFILE"), $SSHD_LISTEN:$SSHD_PORT)"; else echo "sshd: down"; return 1; fi
}

case ${1:-} in up) up ;; down) down ;; status) status ;; *) echo "usage: $0 up|down|status" >&2; exit 2 ;; esac
