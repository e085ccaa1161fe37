#!/usr/bin/env bash
# Brings all launcher test infrastructure up or down: one shared apt run, then sshd, Slurm, SGE, netns, nft.
# Usage: all.sh up|down|status
source "$(dirname "$0")/common.sh"
dir=$(dirname "$0")
case ${1:-} in
  up)
    bash "$dir/install.sh"
    for s in netns nft sshd slurm sge; do bash "$dir/$s.sh" up; done ;;
  down)
    rc=0
    for s in sge slurm sshd nft netns; do bash "$dir/$s.sh" down || rc=1; done
    exit $rc ;;
  status)
    rc=0
    for s in sshd slurm sge netns nft; do bash "$dir/$s.sh" status || rc=1; done
    exit $rc ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
