#!/usr/bin/env bash
# Single-node Slurm for the launcher ITs: munged + slurmctld + slurmd, partition `debug`.
# Usage: slurm.sh up|down|status|purge     (purge = down + forget job state/ids)
# Env: SLURM_TEST_CPUS (default 8: CPUs declared for the node, more than exist, so that several
#      one-CPU daemon jobs run at once; allowed by SlurmdParameters=config_overrides).
# Jobs run as the submitting user on this host. sbatch/squeue/scontrol need no extra environment
# (the config is at the compiled-in /etc/slurm/slurm.conf).
source "$(dirname "$0")/common.sh"

CPUS=${SLURM_TEST_CPUS:-8}
STATE=$M4J_STATE/slurm
MUNGE_PID=/run/munge/munged.pid
CTLD_PID=/run/slurm/slurmctld.pid
SLURMD_PID=/run/slurm/slurmd.pid

write_conf() {
  local h mem
  h=$(hostname -s)
  mem=$(awk '/MemTotal/ {print int($2 / 1024 * 0.9)}' /proc/meminfo)
  install -d -m 0755 /etc/slurm "$M4J_STATE" "$STATE"
  cat >/etc/slurm/slurm.conf <<CONF
# written by mirai4j .ci/infra/slurm.sh
ClusterName=testcluster
SlurmctldHost=$h(127.0.0.1)
AuthType=auth/munge
CredType=cred/munge
SlurmUser=slurm
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=$CTLD_PID
SlurmdPidFile=$SLURMD_PID
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=/var/log/slurm/jobcomp.log
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SchedulerParameters=batch_sched_delay=0
SlurmdParameters=config_overrides
MinJobAge=300
KillWait=5
InactiveLimit=0
SlurmdTimeout=60
MaxArraySize=1001
NodeName=$h NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$h Default=YES MaxTime=INFINITE State=UP
CONF
}

node_idle() { sinfo -h -N -o '%T' 2>/dev/null | grep -Eq '^(idle|mixed|allocated)'; }

# wait_job ID SECONDS: polls `scontrol show job -o` every 0.1 s until the job (all array tasks) ended.
wait_job() {
  local id=$1 secs=${2:-30} i out
  for ((i = 0; i < secs * 10; i++)); do
    out=$(scontrol show job -o "$id" 2>/dev/null || true)
    if [[ -n $out ]] && ! grep -Eq 'JobState=(PENDING|RUNNING|CONFIGURING|COMPLETING)' <<<"$out"; then
      grep -q 'JobState=COMPLETED' <<<"$out" || die "job $id ended: $(grep -o 'JobState=[A-Z_]*' <<<"$out" | sort -u | tr '\n' ' ')"
      return 0
    fi
    sleep 0.1
  done
  die "job $id not finished after ${secs}s"
}

up() {
  install_pkgs "${PKGS_SLURM[@]}"
  write_conf
  [[ -s /etc/munge/munge.key ]] || { /usr/sbin/mungekey -c -f -k /etc/munge/munge.key 2>/dev/null || /usr/sbin/create-munge-key -f; chown munge:munge /etc/munge/munge.key; chmod 0400 /etc/munge/munge.key; }
  install -d -o munge -g munge -m 0755 /run/munge
  if pid_alive "$MUNGE_PID"; then log "munged already running"; else
    rm -f "$MUNGE_PID"; runuser -u munge -- /usr/sbin/munged
  fi
  wait_for 10 munged munge -n
  install -d -o slurm -g slurm /var/spool/slurmctld /var/log/slurm /run/slurm
  install -d /var/spool/slurmd
  if pid_alive "$CTLD_PID"; then log "slurmctld already running"; scontrol reconfigure >/dev/null 2>&1 || true; else
    rm -f "$CTLD_PID"; slurmctld
  fi
  wait_for 20 slurmctld scontrol ping
  if pid_alive "$SLURMD_PID"; then log "slurmd already running"; else
    rm -f "$SLURMD_PID"; slurmd
  fi
  wait_for 30 "node idle" node_idle
  local id
  id=$(sbatch --parsable -o /dev/null -e /dev/null -J smoke --wrap true) || die "smoke sbatch failed"
  wait_job "${id%%;*}" 30
  log "slurm up: node $(hostname -s), $CPUS CPUs, partition debug; smoke job ${id%%;*} completed"
}

down() {
  stop_pidfile "$SLURMD_PID" 20
  stop_pidfile "$CTLD_PID" 20
  stop_pidfile "$MUNGE_PID" 10
  log "slurm down"
}

status() {
  if pid_alive "$CTLD_PID" && pid_alive "$SLURMD_PID" && node_idle; then
    echo "slurm: up ($(sinfo -h -N -o '%N %T %c CPUs'))"
  else echo "slurm: down"; return 1; fi
}

purge() { down; rm -rf /var/spool/slurmctld/* /var/spool/slurmd/*; log "slurm state purged"; }

case ${1:-} in up) up ;; down) down ;; status) status ;; purge) purge ;; *) echo "usage: $0 up|down|status|purge" >&2; exit 2 ;; esac
