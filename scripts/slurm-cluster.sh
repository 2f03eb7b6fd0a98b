#!/usr/bin/env bash
# slurm-cluster.sh — throwaway single-node Slurm cluster for CI and local tests.
# Debian 12 (bookworm), run as root; needs no systemd. Everything lives under $SLURM_CI_DIR.
#   bash scripts/slurm-cluster.sh start   # apt-installs slurm-wlm + munge if missing, starts munged, slurmctld,
#                            # slurmd, waits until the node is idle (exit 1 and log tails if not)
#   bash scripts/slurm-cluster.sh stop    # cancels all jobs, stops the three daemons by PID, removes $SLURM_CI_DIR
# Clients (sbatch, squeue, scancel, scontrol, sinfo, and the app that calls them) need
#   export SLURM_CONF=$SLURM_CI_DIR/etc/slurm.conf      (`source $SLURM_CI_DIR/env` does it)
set -euo pipefail

D=${SLURM_CI_DIR:-/tmp/slurm-ci}
CTLD_PORT=${SLURM_CI_CTLD_PORT:-6817}
SLURMD_PORT=${SLURM_CI_SLURMD_PORT:-6818}
CONF=$D/etc/slurm.conf
SOCK=$D/munge/munge.socket.2
NODE=$(hostname -s)
export SLURM_CONF=$CONF

log() { echo "[slurm-ci] $*" >&2; }

wait_for() { # wait_for SECONDS CMD... : poll every 0.2 s until CMD succeeds
  local deadline=$(( $(date +%s) + $1 )); shift
  until "$@" >/dev/null 2>&1; do
    (( $(date +%s) < deadline )) || return 1
    sleep 0.2
  done
}
node_idle() { [[ $(sinfo -h -N -n "$NODE" -o %T 2>/dev/null) == idle ]]; }
no_jobs()   { [[ -z $(squeue -h -o %i 2>/dev/null) ]]; }
pid_of()    { [[ -s $1 ]] && alive "$(<"$1")" && cat "$1"; }
alive()     { local st; st=$(ps -o stat= -p "$1" 2>/dev/null) && [[ $st != Z* ]]; }  # zombie = gone

term_and_wait() { # SIGTERM the daemons whose PID files are given, wait up to 10 s, then SIGKILL
  local pids=() f p left
  for f in "$@"; do p=$(pid_of "$f") && pids+=("$p"); done
  (( ${#pids[@]} )) || return 0
  kill "${pids[@]}" 2>/dev/null || true
  for _ in $(seq 100); do
    left=0; for p in "${pids[@]}"; do alive "$p" && left=1; done
    (( left )) || return 0
    sleep 0.1
  done
  log "SIGKILL ${pids[*]}"; kill -9 "${pids[@]}" 2>/dev/null || true
}

stop() {
  if pid_of "$D/slurmctld.pid" >/dev/null; then
    local ids; ids=$(squeue -h -o %F 2>/dev/null | sort -u)   # array/job ids of every user
    [[ -z $ids ]] || scancel --quiet $ids || true
    wait_for 15 no_jobs || log "jobs still listed after scancel"
  fi
  term_and_wait "$D/slurmd.pid" "$D/slurmctld.pid"
  term_and_wait "$D/munge/munged.pid"                 # last: the daemons authenticate through it
  rm -rf "$D"
}

start() {
  if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
    log "installing slurm-wlm + munge (Debian packages)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
  fi

  stop                                     # leftovers of an earlier run in the same dir
  mkdir -p "$D"/{etc,munge,state,spool,log}
  chmod 755 "$D"; chmod 711 "$D/munge"     # munged: o+x on the socket dir and its parents,
                                           # nothing group/world-writable without sticky bit
  # munge with a private key and socket: /etc/munge and /run/munge are not used
  mungekey --create --keyfile="$D/munge/munge.key"
  chmod 400 "$D/munge/munge.key"           # owned by the user munged runs as (root), no g/o bits
  munged --key-file="$D/munge/munge.key" --socket="$SOCK" \
         --pid-file="$D/munge/munged.pid" --log-file="$D/log/munged.log" \
         --seed-file="$D/munge/munged.seed"
  wait_for 10 test -S "$SOCK" || { log "munged did not start"; cat "$D/log/munged.log" >&2; return 1; }

  # node line from the real hardware (CPUs, sockets, cores, threads), RealMemory 10% under MemTotal
  local mem hw
  mem=$(awk '/^MemTotal:/ {printf "%d", $2/1024*0.9}' /proc/meminfo)
  hw=$(slurmd -C | head -n1 | sed -E "s/^NodeName=[^ ]+ //; s/RealMemory=[0-9]+/RealMemory=$mem/")

  cat > "$CONF" <<EOF
ClusterName=ci
SlurmctldHost=localhost
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$SOCK
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd.pid
SlurmctldLogFile=$D/log/slurmctld.log
SlurmdLogFile=$D/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MinJobAge=300
NodeName=$NODE NodeAddr=127.0.0.1 $hw State=UNKNOWN
PartitionName=ci Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
  echo "export SLURM_CONF=$CONF" > "$D/env"

  # both daemonize and write their PID files; a wrong SlurmctldHost or a busy port still
  # exits 0 here and only shows in the logs, hence the wait for an idle node
  if ! slurmctld -f "$CONF" || ! slurmd -f "$CONF" -N "$NODE" || ! wait_for 30 node_idle; then
    log "node $NODE never became idle"
    sinfo -N -l >&2 || true
    tail -n 40 "$D/log/slurmctld.log" "$D/log/slurmd.log" >&2 || true
    return 1
  fi
  log "up: node $NODE idle; export SLURM_CONF=$CONF"
}

case ${1:-} in
  start) start ;;
  stop)  stop; log "stopped" ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
