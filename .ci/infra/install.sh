#!/usr/bin/env bash
# Installs every Debian package the infra scripts need in ONE apt-get run (faster than four).
# Usage: install.sh   (idempotent; installs only what is missing)
source "$(dirname "$0")/common.sh"
install_pkgs "${PKGS_SSHD[@]}" "${PKGS_SLURM[@]}" "${PKGS_SGE[@]}" "${PKGS_NETNS[@]}" "${PKGS_NFT[@]}"
