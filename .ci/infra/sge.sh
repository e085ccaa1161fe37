#!/usr/bin/env bash
# Single-node Son of Grid Engine (Debian gridengine 8.1.9) for the launcher ITs:
# sge_qmaster + sge_execd, queue all.q on this host with >= 8 slots.
# Usage: sge.sh up|down|status
# Env:   SGE_TEST_SLOTS (default 8).
# Clients need the environment in $M4J_STATE/sge.env (SGE_ROOT, SGE_CELL, PATH); the Java ITs read it.
# Pitfalls handled (see shared/reference/test-infrastructure.md): debconf preseed of the master host,
# host_aliases (127.0.0.1 resolves to "localhost"), min_uid/min_gid 0 (root submits), scheduler
# interval 1 s, load_thresholds NONE. Always submit with -N (the default job name may be invalid).
source "$(dirname "$0")/common.sh"

export SGE_ROOT=/var/lib/gridengine SGE_CELL=default
SLOTS=${SGE_TEST_SLOTS:-8}
H=$(hostname -s)
COMMON=$SGE_ROOT/$SGE_CELL/common
QMASTER_PID=/var/spool/gridengine/qmaster/qmaster.pid
EXECD_SPOOL=/var/spool/gridengine/execd
ENV_FILE=$M4J_STATE/sge.env
WORK=$M4J_STATE/sge

# execd names its spool dir after the name it resolves for itself (here "localhost", not $H)
execd_pidfiles() { compgen -G "$EXECD_SPOOL/*/execd.pid" || true; }
execd_alive() { local f; for f in $(execd_pidfiles); do pid_alive "$f" && return 0; done; return 1; }

qmaster_ok() { qconf -sh >/dev/null 2>&1; }
queue_ok() {  # the queue instance on this host is known to have an execd reporting (no 'u'/'a'/'E' state)
  local st
  st=$(qstat -f -q "all.q@$H" 2>/dev/null | awk -v q="all.q@$H" '$1 == q {print $6}') || return 1
  qstat -f -q "all.q@$H" 2>/dev/null | grep -q "^all.q@$H" && [[ ! $st =~ [uaEdDsSc] ]]
}

configure() {
  install -d -m 0755 "$M4J_STATE" "$WORK"
  cd "$WORK"
  # global configuration: root may run jobs
  qconf -sconf global >global
  sed -i -E 's/^(min_uid|min_gid)\s.*/\1                      0/' global
  grep -q '^min_uid *0$' global || die "could not set min_uid"
  qconf -Mconf global >/dev/null
  # scheduler: decide every second
  qconf -ssconf >sconf
  sed -i -E 's/^schedule_interval\s.*/schedule_interval                 0:0:1/;
             s/^flush_submit_sec\s.*/flush_submit_sec                  1/;
             s/^flush_finish_sec\s.*/flush_finish_sec                  1/' sconf
  qconf -Msconf sconf >/dev/null
  # this host: admin, submit and execution host
  qconf -sh 2>/dev/null | grep -qx "$H" || qconf -ah "$H" >/dev/null
  qconf -ss 2>/dev/null | grep -qx "$H" || qconf -as "$H" >/dev/null
  if ! qconf -sel 2>/dev/null | grep -qx "$H"; then
    printf 'hostname %s\nload_scaling NONE\ncomplex_values NONE\nuser_lists NONE\nxuser_lists NONE\nprojects NONE\nxprojects NONE\nusage_scaling NONE\nreport_variables NONE\n' "$H" >exechost
    qconf -Ae exechost >/dev/null
  fi
  # queue all.q on this host
  cat >allq <<Q
qname                 all.q
hostlist              $H
seq_no                0
load_thresholds       NONE
suspend_thresholds    NONE
nsuspend              1
suspend_interval      00:05:00
priority              0
min_cpu_interval      00:05:00
processors            UNDEFINED
qtype                 BATCH INTERACTIVE
ckpt_list             NONE
pe_list               NONE
rerun                 FALSE
slots                 $SLOTS
tmpdir                /tmp
shell                 /bin/sh
prolog                NONE
epilog                NONE
shell_start_mode      unix_behavior
starter_method        NONE
suspend_method        NONE
resume_method         NONE
terminate_method      NONE
notify                00:00:60
owner_list            NONE
user_lists            NONE
xuser_lists           NONE
subordinate_list      NONE
complex_values        NONE
projects              NONE
xprojects             NONE
calendar              NONE
initial_state         default
s_rt                  INFINITY
h_rt                  INFINITY
s_cpu                 INFINITY
h_cpu                 INFINITY
s_fsize               INFINITY
h_fsize               INFINITY
s_data                INFINITY
h_data                INFINITY
s_stack               INFINITY
h_stack               INFINITY
s_core                INFINITY
h_core                INFINITY
s_rss                 INFINITY
h_rss                 INFINITY
s_vmem                INFINITY
h_vmem                INFINITY
Q
  if qconf -sql 2>/dev/null | grep -qx all.q; then qconf -Mq allq >/dev/null; else qconf -Aq allq >/dev/null; fi
}

up() {
  install_pkgs "${PKGS_SGE[@]}"
  [[ -s $COMMON/bootstrap ]] || die "$COMMON/bootstrap missing: the gridengine postinst did not create the cell (debconf preseed?)"
  [[ $(cat "$COMMON/act_qmaster" 2>/dev/null) == "$H" ]] || echo "$H" >"$COMMON/act_qmaster"
  grep -qx "$H localhost" "$COMMON/host_aliases" 2>/dev/null || echo "$H localhost" >"$COMMON/host_aliases"
  install -d -m 0755 "$M4J_STATE"
  printf 'SGE_ROOT=%s\nSGE_CELL=%s\nPATH=/usr/bin:/usr/sbin:/bin:/sbin\n' "$SGE_ROOT" "$SGE_CELL" >"$ENV_FILE"
  if pid_alive "$QMASTER_PID"; then log "sge_qmaster already running"; else
    rm -f "$QMASTER_PID"; /usr/sbin/sge_qmaster
  fi
  wait_for 30 sge_qmaster qmaster_ok
  configure
  if execd_alive; then
    log "sge_execd already running"
  else
    rm -f $(execd_pidfiles); /usr/sbin/sge_execd   # started after configure, so it reads min_uid 0
  fi
  wait_for 30 "queue all.q@$H" queue_ok
  (cd /tmp && qsub -sync y -b y -N smoke -o /dev/null -e /dev/null true >/dev/null) || die "smoke qsub failed"
  log "sge up: queue all.q@$H, $SLOTS slots; env in $ENV_FILE"
}

down() {
  local f
  for f in $(execd_pidfiles); do stop_pidfile "$f" 30; done
  stop_pidfile "$QMASTER_PID" 30
  log "sge down"
}

status() {
  if pid_alive "$QMASTER_PID" && execd_alive && queue_ok; then echo "sge: up (all.q@$H)"; else echo "sge: down"; return 1; fi
}

case ${1:-} in up) up ;; down) down ;; status) status ;; *) echo "usage: $0 up|down|status" >&2; exit 2 ;; esac
