#!/usr/bin/env bash
# Builds operation-queue-benchmarks from this checkout (a reactor build: nothing is installed) and runs
# the JMH suite, then prints one line per comparison of ours against a peer (bench/report.py).
#
#   bench/run.sh                 the full suite: 2 forks, 3 x 2 s warm-up, 5 x 2 s measurement (about 20 min)
#   bench/run.sh --quick         1 fork, 1 x 0.5 s warm-up, 2 x 1 s measurement (under 4 min on 2 cores)
#   bench/run.sh --load          the same under a competing CPU load: a busy loop on one core for the run
#   bench/run.sh --quick -- DispatchBenchmark -p concurrency=1 -prof gc
#                                anything after -- goes to JMH (a benchmark regex, -p, -prof ...)
#   bench/run.sh --flow          not JMH: issue 20's flow-control scenario (FlowControlScenario), about 5 min;
#                                with --quick two fixed settings and 3 s per run, a check of the harness
#
# Environment: JAVA_HOME picks the JDK (default: java on the PATH). BENCH_OUT names the result
# directory (default operation-queue-benchmarks/target/bench). Virtual threads are left out on Java < 21.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
    sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
}

quick=false
load=false
flow=false
jmh_args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) quick=true ;;
        --load) load=true ;;
        --flow) flow=true ;;
        -h|--help) usage; exit 0 ;;
        --) shift; jmh_args=("$@"); break ;;
        *) echo "bench/run.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
if $flow && [ ${#jmh_args[@]} -gt 0 ]; then
    echo "bench/run.sh: --flow runs no JMH, so it takes no JMH arguments after --" >&2
    exit 2
fi

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
out="${BENCH_OUT:-operation-queue-benchmarks/target/bench}"
mkdir -p "$out"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
result="$out/jmh-$stamp.json"
log="$out/jmh-$stamp.log"

echo "bench: building operation-queue-benchmarks ($("$java" -version 2>&1 | head -1))"
mvn -B -q -pl operation-queue-benchmarks -am package \
    -Dmaven.test.skip=true -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -Dstyle.color=never

feature="$("$java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')"
options=(-rf json -rff "$result")
if [ "${feature%%.*}" -lt 21 ]; then
    options+=(-p limiter=OPERATION_QUEUE,SEMAPHORE,REACTOR_FLAT_MAP,RESILIENCE4J_BULKHEAD,BLOCKING_POOL)
fi
if $quick; then
    # Fewer samples, not different benchmarks: quick numbers are noisier, never differently defined.
    options+=(-f 1 -wi 1 -w 500ms -i 2 -r 1s -p instrumentation=OFF,METRICS,ON,POOL_BY_HAND)
fi

load_pid=""
stop_load() {
    if [ -n "$load_pid" ]; then
        kill "$load_pid" 2>/dev/null || true
        wait "$load_pid" 2>/dev/null || true
        load_pid=""
    fi
}
trap stop_load EXIT
if $load; then
    # One busy core out of the machine's, for the whole run; pinned when taskset is there.
    if command -v taskset >/dev/null 2>&1; then
        taskset -c 0 sh -c 'while :; do :; done' &
    else
        sh -c 'while :; do :; done' &
    fi
    load_pid=$!
    echo "bench: competing CPU load running as process $load_pid"
fi

if $flow; then
    # A wall-clock scenario paced by timers, not JMH: it writes its own JSON, which report.py understands.
    result="$out/flow-$stamp.json"
    scenario=(-cp operation-queue-benchmarks/target/benchmarks.jar
              io.github.operationqueue.benchmarks.flow.FlowControlScenario --out "$result")
    if $quick; then
        scenario+=(--quick)
    fi
    echo "bench: running the flow-control scenario; load average $(cut -d' ' -f1-3 /proc/loadavg)"
    "$java" "${scenario[@]}"
    stop_load
    echo "bench: $(nproc) cores, $("$java" -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg), result $result"
    python3 bench/report.py "$result"
    exit
fi

echo "bench: running JMH ($([ "$quick" = true ] && echo quick || echo full)); log in $log"
status=0
"$java" -jar operation-queue-benchmarks/target/benchmarks.jar "${options[@]}" "${jmh_args[@]}" >"$log" 2>&1 || status=$?
stop_load
if [ "$status" -ne 0 ] || [ ! -s "$result" ]; then
    tail -40 "$log" >&2
    echo "bench: JMH failed (exit $status); full log in $log" >&2
    exit 1
fi
if grep -q '<failure>' "$log"; then
    echo "bench: some benchmarks failed; see '<failure>' in $log" >&2
fi

echo "bench: $(nproc) cores, $("$java" -version 2>&1 | head -1), $($load && echo 'under load' || echo 'no added load'), result $result"
python3 bench/report.py "$result"
