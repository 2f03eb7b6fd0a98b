#!/usr/bin/env bash
# The Slurm tests (test/slurm) against a throwaway single-node cluster: starts it (scripts/slurm-cluster.sh, which
# apt-installs slurm-wlm + munge if missing), runs the tests, and stops it on any exit, a failing test included.
# Where the cluster cannot be installed or started, the tests are skipped with a message (exit 0). Extra args go to vitest.
set -euo pipefail
cd "$(dirname "$0")/.."
export SLURM_CI_DIR=${SLURM_CI_DIR:-/tmp/li2-slurm-ci}
trap 'bash scripts/slurm-cluster.sh stop || true' EXIT
if ! bash scripts/slurm-cluster.sh start; then
  echo "Slurm tests skipped: slurm-wlm and munge could not be installed or the cluster did not start (see above)"
  exit 0
fi
source "$SLURM_CI_DIR/env"   # SLURM_CONF for sbatch/scontrol/scancel and the tests
npx vitest run test/slurm "$@"
