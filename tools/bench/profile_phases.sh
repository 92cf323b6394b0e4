#!/usr/bin/env bash
# Where a coba_bench run's time goes, per phase and per thread: perf samples (cpu-clock, which works
# under KVM where the hardware counters do not) classified by the function they fall in.
#
#   tools/bench/profile_phases.sh LIBRARY SIZE THREADS REPEATS [BUILD_DIR]
#
# e.g. tools/bench/profile_phases.sh .build-release/release/libbrainpystate.so 64000 2 5
# Phases: neuron kernel (the fused update), spike list (read off the block masks), delivery (the
# row walks and scatters), waiting (the pool's spin loops, yields and the scheduler), recording,
# step loop, and other (building the network, compile, init_states, reading results: outside the
# timed runs, so more repeats make it smaller). Needs perf (Debian: linux-perf).
set -euo pipefail
[ $# -ge 4 ] || { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
lib=$1 size=$2 threads=$3 repeats=$4 build=${5:-.build-cmake}
data=$(mktemp)
trap 'rm -f "$data"' EXIT
LD_PRELOAD=$lib perf record -q -e cpu-clock -F 5000 -o "$data" \
    "$build/coba_bench" --sizes "$size" --threads "$threads" --repeats "$repeats" 2>&1 | grep '^BENCH'
perf script -i "$data" -F tid,ip,sym 2>/dev/null | awk '
function phase(s) {
    if (s ~ /lifUpdate|LIFStep|LIFPopulation.*update|uniformConstants/) return "neuron kernel"
    if (s ~ /listSpikes|collectSpikes/) return "spike list"
    if (s ~ /Connectivity.*deliver|SiblingDelivery|ProjectionRuntime.*deliver/) return "delivery"
    if (s ~ /SectionBoard|WorkerPool|sched_yield|__schedule|finish_task_switch|do_syscall_64|x64_sys_call|futex/) return "waiting"
    if (s ~ /MonitorRuntime.*record/) return "recording"
    if (s ~ /stepOnce|Simulation.*work|ProjectionRuntime.*(prepare|finish)/) return "step loop"
    return "other"
}
{ tid = $1; $1 = ""; $2 = ""; p = phase($0); n[tid]++; c[tid, p]++; all[p]++; total++ }
END {
    split("neuron kernel|spike list|delivery|waiting|recording|step loop|other", order, "|")
    for (t in n) {
        printf "thread %s: %d samples\n", t, n[t]
        for (i = 1; i <= 7; i++) printf "  %-14s %6d  %5.1f %%\n", order[i], c[t, order[i]], 100 * c[t, order[i]] / n[t]
    }
    printf "all threads: %d samples\n", total
    for (i = 1; i <= 7; i++) printf "  %-14s %6d  %5.1f %%\n", order[i], all[order[i]], 100 * all[order[i]] / total
}'
