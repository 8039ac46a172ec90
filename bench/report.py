#!/usr/bin/env python3
"""Turns a JMH JSON result of operation-queue-benchmarks into one line per comparison.

    python3 bench/report.py RESULT.json              # the `bench <name>: ours=... peer=... ratio=...` lines
    python3 bench/report.py RESULT.json --markdown   # the same as a table, then every result, for BENCHMARKS.md
    python3 bench/report.py flow-STAMP.json          # the flow-control scenario's targets (bench/run.sh --flow)

Every value is the median of the measurement iterations of all forks; ratios are ours / peer, both
from the same run. Benchmarks the run left out are not reported. The exit status is 1 when a
benchmark ran but a comparison has no result (it failed), except for virtual threads on a JVM older
than 21, which are reported as skipped.
"""

import argparse
import json
import statistics
import sys

PACKAGE = "io.github.operationqueue.benchmarks."
HIGHER, LOWER = "higher is better", "lower is better"
RETAINED = "retainedBytesPerOperation"
ALLOCATED = "gc.alloc.rate.norm"  # present when the run used -prof gc
LINE_STORM_WAITERS = 10_000  # LineStormBenchmark.WAITERS


class Result:
    """One benchmark and parameter combination of the JSON file."""

    def __init__(self, entry):
        self.benchmark = entry["benchmark"][len(PACKAGE):] if entry["benchmark"].startswith(PACKAGE) else entry["benchmark"]
        self.params = entry.get("params", {})
        self.forks = entry["forks"]
        self.jdk = entry["jdkVersion"]
        self.primary = entry["primaryMetric"]
        self.secondary = entry.get("secondaryMetrics", {})

    def metric(self, secondary=None):
        return self.secondary.get(secondary) if secondary else self.primary

    def samples(self, secondary=None):
        metric = self.metric(secondary)
        return [value for fork in metric.get("rawData", []) for value in fork] if metric else []

    def median(self, secondary=None):
        samples = self.samples(secondary)
        return statistics.median(samples) if samples else None

    def matches(self, benchmark, params):
        return self.benchmark == benchmark and all(self.params.get(k) == v for k, v in params.items())


class Side:
    """Our side or the peer's side of a comparison: a benchmark, the parameters that pick it, a name."""

    def __init__(self, name, benchmark, params, secondary=None, per=None):
        self.name, self.benchmark, self.params, self.secondary = name, benchmark, params, secondary
        self.per = per  # (divisor, unit): reports value / divisor in that unit, e.g. bytes per waiter

    def find(self, results):
        found = [r for r in results if r.matches(self.benchmark, self.params)]
        return found[0] if found else None


def comparisons(results):
    """Every comparison the suite makes, in the order of the issue's list."""
    peers = [("THREAD_POOL_EXECUTOR", "ThreadPoolExecutor"), ("SPRING_TASK_EXECUTOR", "ThreadPoolTaskExecutor")]
    producers = [("oneProducer", "1-producer"), ("fourProducers", "4-producers")]
    for concurrency in ("1", "100"):
        for method, label in producers:
            benchmark = "DispatchBenchmark." + method
            ours = {"dispatcher": "OPERATION_QUEUE", "concurrency": concurrency}
            for peer, peer_name in peers:
                yield (f"dispatch-{concurrency}/{label}", HIGHER,
                       Side("ours", benchmark, dict(ours, budget="none")),
                       Side(peer_name, benchmark, {"dispatcher": peer, "concurrency": concurrency}))
            for budget in budgets(results, benchmark):
                yield (f"dispatch-{concurrency}/{label}/budget={budget}", HIGHER,
                       Side("ours", benchmark, dict(ours, budget=budget)),
                       Side("no-budget", benchmark, dict(ours, budget="none")))

    async_peers = [("SEMAPHORE", "Semaphore+CompletableFuture"), ("REACTOR_FLAT_MAP", "Reactor-flatMap"),
                   ("RESILIENCE4J_BULKHEAD", "Resilience4j-Bulkhead"), ("VIRTUAL_THREADS", "virtual-threads"),
                   ("BLOCKING_POOL", "2-thread-blocking-pool")]
    for peer, peer_name in async_peers:
        yield ("async-io", HIGHER, Side("ours", "AsyncIoBenchmark.ioBoundOperations", {"limiter": "OPERATION_QUEUE"}),
               Side(peer_name, "AsyncIoBenchmark.ioBoundOperations", {"limiter": peer}))

    # issue 17 part D: async work that no timer paces, 1,000 in flight completed by an I/O thread as fast as
    # it can; the target is ours at least 1.0x the best of the semaphore, Reactor, Resilience4j and virtual
    # threads (the blocking pool is reported for scale, not part of the target).
    for peer, peer_name in async_peers:
        yield ("async-io-thread", HIGHER,
               Side("ours", "AsyncIoThreadBenchmark.ioThreadOperations", {"limiter": "OPERATION_QUEUE"}),
               Side(peer_name, "AsyncIoThreadBenchmark.ioThreadOperations", {"limiter": peer}))

    for resumption, label in (("IN_PLACE", "in-place"), ("TWO_THREAD_POOL", "2-thread-pool")):
        yield (f"line-storm/{label}", LOWER,
               Side("ours", "LineStormBenchmark.releaseToWaiters", {"gate": "LINE", "resumption": resumption}),
               Side("shared-CompletableFuture", "LineStormBenchmark.releaseToWaiters",
                    {"gate": "SHARED_FUTURE", "resumption": resumption}))

    # issue 17 part B: bytes allocated per waiter of a storm (its future, its retry, the benchmark's own
    # thenRun), from -prof gc; printed only when the run used it. Target: the line's own share (ours
    # minus the peer's, whose 64 B are that thenRun alone) at most 64 B.
    for resumption, label in (("IN_PLACE", "in-place"), ("TWO_THREAD_POOL", "2-thread-pool")):
        per_waiter = (LINE_STORM_WAITERS, "B/waiter")
        yield (f"line-storm-memory/{label}", LOWER,
               Side("ours", "LineStormBenchmark.releaseToWaiters", {"gate": "LINE", "resumption": resumption},
                    ALLOCATED, per_waiter),
               Side("shared-CompletableFuture", "LineStormBenchmark.releaseToWaiters",
                    {"gate": "SHARED_FUTURE", "resumption": resumption}, ALLOCATED, per_waiter))

    for instrumentation in ("ON", "METRICS", "OBSERVATION"):
        yield (f"instrumentation/{instrumentation.lower()}", HIGHER,
               Side("ours", "InstrumentationBenchmark.oneProducer", {"instrumentation": instrumentation}),
               Side("uninstrumented", "InstrumentationBenchmark.oneProducer", {"instrumentation": "OFF"}))

    # issue 17 part C: the starter's defaults against the same instrumentation written by hand around a
    # ThreadPoolExecutor(1) (target 1.0), and on the async-io workload against no instrumentation (0.95).
    yield ("instrumentation/on-vs-pool-by-hand", HIGHER,
           Side("ours", "InstrumentationBenchmark.oneProducer", {"instrumentation": "ON"}),
           Side("ThreadPoolExecutor-instrumented-by-hand", "InstrumentationBenchmark.oneProducer",
                {"instrumentation": "POOL_BY_HAND"}))
    yield ("instrumentation/async-io", HIGHER,
           Side("ours", "InstrumentationBenchmark.asyncIo", {"ioInstrumentation": "ON"}),
           Side("uninstrumented", "InstrumentationBenchmark.asyncIo", {"ioInstrumentation": "OFF"}))

    for ours, peer, peer_name in (("ENQUEUE", "THREAD_POOL_EXECUTE", "ThreadPoolExecutor.execute"),
                                  ("SUBMIT", "THREAD_POOL_SUBMIT", "ThreadPoolExecutor.submit")):
        yield (f"memory/{ours.lower()}", LOWER,
               Side("ours", "MemoryBenchmark.queueOneMillion", {"work": ours}, RETAINED),
               Side(peer_name, "MemoryBenchmark.queueOneMillion", {"work": peer}, RETAINED))

    # issue 17 part A: the budget's cost where it fires, a runner draining a backlog queued before it ran
    if any(r.benchmark == "BacklogBenchmark.drain" for r in results):
        for executor in ("THREAD_POOL", "OPAQUE"):
            for budget in budgets(results, "BacklogBenchmark.drain"):
                yield (f"backlog/{executor.lower()}/budget={budget}", LOWER,
                       Side("ours", "BacklogBenchmark.drain", {"budget": budget, "executor": executor}),
                       Side("no-budget", "BacklogBenchmark.drain", {"budget": "none", "executor": executor}))

    yield ("fairness", LOWER,
           Side("ours", "FairnessBenchmark.probeLatency", {"tenant": "OPERATION_QUEUE", "budget": "none"}),
           Side("ThreadPoolExecutor", "FairnessBenchmark.probeLatency", {"tenant": "THREAD_POOL_EXECUTOR"}))
    for budget in budgets(results, "FairnessBenchmark.probeLatency"):
        yield (f"fairness/budget={budget}", LOWER,
               Side("ours", "FairnessBenchmark.probeLatency", {"tenant": "OPERATION_QUEUE", "budget": budget}),
               Side("no-budget", "FairnessBenchmark.probeLatency", {"tenant": "OPERATION_QUEUE", "budget": "none"}))


def budgets(results, benchmark):
    """The runner budgets other than none that the run measured for this benchmark, in order."""
    return sorted({r.params["budget"] for r in results
                   if r.benchmark == benchmark and r.params.get("budget", "none") != "none"})


def unit_of(result, secondary):
    return "B/op" if secondary == RETAINED else result.metric(secondary)["scoreUnit"]


def scale(unit, value):
    """A readable unit and divisor for a JMH unit, chosen by our value and used for the peer's too."""
    if unit == "ops/s":
        if value >= 1e6:
            return "Mops/s", 1e6
        if value >= 1e3:
            return "kops/s", 1e3
        return "ops/s", 1
    if unit == "us/op":
        return "ms", 1e3  # the line-storm target is in milliseconds
    if unit == "ms/op":
        return "ms", 1
    return unit, 1


def fmt(value):
    return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"


def java_feature(jdk):
    try:
        return int(jdk.split(".")[0].split("-")[0].split("+")[0])
    except ValueError:
        return None


def compare(results):
    """Yields (name, direction, text, ok) for each comparison."""
    jdk = results[0].jdk if results else "?"
    for name, direction, ours, peer in comparisons(results):
        ours_result, peer_result = ours.find(results), peer.find(results)
        if not any(r.benchmark in (ours.benchmark, peer.benchmark) for r in results):
            continue  # the run left this benchmark out on purpose (a benchmark regex)
        if ours_result is None or peer_result is None:
            missing = ours if ours_result is None else peer
            feature = java_feature(jdk)
            if missing.params.get("limiter") == "VIRTUAL_THREADS" and feature is not None and feature < 21:
                yield name, direction, f"peer={peer.name} skipped (needs Java 21+, this run used Java {jdk})", True
            elif missing.params.get("budget", "none") != "none" or (name.startswith("instrumentation/")
                                                                   and ours.params.get("instrumentation", "ON") != "ON"):
                continue  # optional comparisons: only printed when the run measured them
            else:
                yield name, direction, f"no result for {missing.name} ({missing.benchmark} {missing.params}): " \
                                       f"the benchmark failed or was left out; see the JMH log", False
            continue
        ours_value, peer_value = ours_result.median(ours.secondary), peer_result.median(peer.secondary)
        if ours.secondary == ALLOCATED and (ours_value is None or peer_value is None):
            continue  # an allocation comparison of a run without -prof gc
        if ours.per:
            unit, divisor = ours.per[1], ours.per[0]
        else:
            unit, divisor = scale(unit_of(ours_result, ours.secondary), ours_value)
        ratio = ours_value / peer_value if peer_value else float("nan")
        yield name, direction, (f"ours={fmt(ours_value / divisor)} {unit} "
                                f"peer={peer.name} {fmt(peer_value / divisor)} {unit} "
                                f"ratio={ratio:.2f} ({direction})"), True


def markdown(results):
    print("| comparison | result |")
    print("| --- | --- |")
    for name, _, text, _ in compare(results):
        print(f"| {name} | {text} |")
    print()
    print("| benchmark | parameters | median | mean ± 99.9% error | min – max | samples | unit | alloc B/op |")
    print("| --- | --- | ---: | ---: | ---: | ---: | --- | ---: |")
    for r in results:
        params = ", ".join(f"{k}={v}" for k, v in r.params.items())
        for secondary in ([None, RETAINED] if RETAINED in r.secondary else [None]):
            metric = r.metric(secondary)
            samples = r.samples(secondary)
            if not samples:
                continue
            error = metric.get("scoreError")
            mean = statistics.mean(samples)
            mean_text = f"{mean:.4g} ± {error:.2g}" if isinstance(error, (int, float)) and error == error \
                and secondary is None else f"{mean:.4g}"
            allocated = r.secondary.get(ALLOCATED)
            alloc_text = f"{allocated['score']:.1f}" if allocated and secondary is None else ""
            name = r.benchmark + (f":{secondary}" if secondary else "")
            print(f"| {name} | {params} | {r.median(secondary):.4g} | {mean_text} | "
                  f"{min(samples):.4g} – {max(samples):.4g} | {len(samples)} | {unit_of(r, secondary)} | {alloc_text} |")


# ---- the flow-control scenario (issue 20): FlowControlScenario's JSON, written by bench/run.sh --flow

SETTLE_SECONDS = 10           # the limit enters the band around K within this and stays there
BAND = 0.25                   # the band: K +/- 25%
THROUGHPUT_AT_LEAST = 0.9     # of the best fixed runners setting
P99_AT_MOST = 1.5             # of that setting's attempt p99
FEWER_503S = 5                # than fixed runners: 200
RATE_TOLERANCE = 5            # operations per second either side of the rate
NEAR_BEST = 0.97              # fixed settings within 3% of the top throughput count as equally fast
BUSY_THREADS_AT_MOST = 0.1    # mean busy executor threads while the rate queue's runners wait for permits
WAITING_AT_LEAST = 0.9        # share of the rate queue's runners WAITING, for the sample to show waiting runners


def throughput(phase):
    return phase["succeeded"] / phase["seconds"]


def attempt_p99(phase):
    value = phase["attemptMillis"]["p99"]
    return float("nan") if value is None else value


def verdict(ok):
    return "met" if ok else "MISSED"


def settled_since(phase):
    """Seconds into the phase from which every sampled limit is within the band around its capacity, or None."""
    low, high = phase["capacity"] * (1 - BAND), phase["capacity"] * (1 + BAND)
    since = None
    for row in phase["samples"]["rows"]:
        millis, limit = row[0], row[1]
        if low <= limit <= high:
            since = millis if since is None else since
        else:
            since = None
    return None if since is None else since / 1000


def settle_line(phase):
    capacity = phase["capacity"]
    low, high = capacity * (1 - BAND), capacity * (1 + BAND)
    rows = phase["samples"]["rows"]
    last_seconds = [row[1] for row in rows if row[0] >= rows[-1][0] - 5000] if rows else [0]
    band = f"band {low:g}..{high:g} around K={capacity}; limit {min(last_seconds)}..{max(last_seconds)} " \
           f"in the last 5 s, {rows[-1][1] if rows else '?'} at the end"
    since = settled_since(phase)
    if since is None:
        return f"ours=never peer=target {SETTLE_SECONDS} s ({band}) {verdict(False)}", False
    ok = since <= SETTLE_SECONDS
    return f"ours={since:.1f} s peer=target {SETTLE_SECONDS} s ratio={since / SETTLE_SECONDS:.2f} " \
           f"(lower is better; {band}) {verdict(ok)}", ok


def ratio_line(ours, peer_name, peer, unit, limit, higher_is_better):
    ratio = ours / peer if peer else float("nan")
    ok = ratio == ratio and (ratio >= limit if higher_is_better else ratio <= limit)
    sign, direction = (">=", "higher") if higher_is_better else ("<=", "lower")
    return (f"ours={fmt(ours)} {unit} peer={peer_name} {fmt(peer)} {unit} ratio={ratio:.2f} "
            f"({direction} is better; target {sign} {limit:.2f}) {verdict(ok)}"), ok


def flow_lines(data):
    """Yields (name, text) per target of issue 20, then which algorithms meet all of them."""
    runs = data["runs"]
    fixed = [r for r in runs if r["kind"] == "fixed"]
    adaptive = [r for r in runs if r["kind"] == "adaptive"]
    rates = [r for r in runs if r["kind"] == "rate"]
    if data.get("quick"):
        yield "flow", "quick run: a few seconds per setting, a check of the harness; the targets need the full run"
    # The best fixed setting, strictest for us on each figure: throughput against the fastest of the sweep;
    # p99 against the lowest p99 among the settings as fast within 3% (the one a careful user would pick).
    # Comparing throughput with that pick instead would let ours be up to 3% slower than the sweep's best.
    fastest = max(fixed, key=lambda r: throughput(r["phases"][0]))
    top = throughput(fastest["phases"][0])
    best = min((r for r in fixed if throughput(r["phases"][0]) >= NEAR_BEST * top),
               key=lambda r: attempt_p99(r["phases"][0]))
    for r in fixed:
        phase = r["phases"][0]
        roles = [role for role, chosen in (("fastest fixed", fastest), ("best fixed p99", best)) if r is chosen]
        yield f"flow-sweep/{r['name']}", (f"throughput={fmt(throughput(phase))} ops/s "
                                          f"attempt-p99={fmt(attempt_p99(phase))} ms 503s={phase['overloaded']}"
                                          + (f" ({', '.join(roles)})" if roles else ""))
    most = next((r for r in fixed if r["runners"] == 200), None)
    met_all = []
    for r in adaptive:
        name, phase = r["name"], r["phases"][0]
        checks = []
        text, ok = settle_line(phase)
        checks.append(ok)
        yield f"flow-settle/{name}", text
        best_phase = best["phases"][0]
        text, ok = ratio_line(throughput(phase), fastest["name"], top, "ops/s", THROUGHPUT_AT_LEAST, True)
        checks.append(ok)
        yield f"flow-throughput/{name}", text
        text, ok = ratio_line(attempt_p99(phase), best["name"], attempt_p99(best_phase), "ms", P99_AT_MOST, False)
        checks.append(ok)
        yield f"flow-p99/{name}", text
        if most is not None:
            ours_503, peer_503 = phase["overloaded"], most["phases"][0]["overloaded"]
            ok = peer_503 > 0 and ours_503 * FEWER_503S <= peer_503
            ratio = f"{ours_503 / peer_503:.3f}" if peer_503 else "nan"
            checks.append(ok)
            yield f"flow-503s/{name}", (f"ours={ours_503} peer=fixed-200 {peer_503} ratio={ratio} "
                                        f"(lower is better; target <= {1 / FEWER_503S:.2f}) {verdict(ok)}")
        if len(r["phases"]) > 1:
            text, ok = settle_line(r["phases"][1])
            checks.append(ok)
            yield f"flow-halving/{name}", text
        if all(checks):
            met_all.append(name)
    for r in rates:
        phase = r["phases"][0]
        rate = data["ratePerSecond"]
        performed = phase["started"] / phase["seconds"]
        ok = abs(performed - rate) <= RATE_TOLERANCE
        yield "flow-rate", (f"ours={performed:.1f} ops/s peer=target {rate} ops/s ratio={performed / rate:.2f} "
                            f"({r['rate']}, {r['runners']} runners, {phase['started']} started and "
                            f"{phase['succeeded']} succeeded in {phase['seconds']} s; target {rate - RATE_TOLERANCE}.."
                            f"{rate + RATE_TOLERANCE}) {verdict(ok)}")
        rows = phase["samples"]["rows"]
        busy = [row[3] for row in rows]
        waiting = [row[4] for row in rows]
        mean_busy, mean_waiting = sum(busy) / len(busy), sum(waiting) / len(waiting)
        threads = data["executorThreads"]
        ok = mean_busy <= BUSY_THREADS_AT_MOST and mean_waiting >= WAITING_AT_LEAST * r["runners"]
        yield "flow-rate-threads", (f"ours={mean_busy:.3f} busy threads peer={threads} threads in the pool "
                                    f"ratio={mean_busy / threads:.3f} (mean of {len(rows)} samples, one every "
                                    f"{data['sampleMillis']} ms, max {max(busy)}; meanwhile {mean_waiting:.1f} of "
                                    f"{r['runners']} runners WAITING; target: at most {BUSY_THREADS_AT_MOST} busy "
                                    f"while {WAITING_AT_LEAST:.0%} wait) {verdict(ok)}")
    for r in runs:
        other = sum(phase.get("otherFailures", 0) for phase in r["phases"])
        if other:
            # Only 503s are expected; anything else (a timer shut down early, a bug in the harness) taints the run.
            yield f"flow-errors/{r['name']}", f"{other} failures other than 503: this run's figures are suspect"
    loads = [load for r in runs for load in r["loadAverage"] if load >= 0]
    yield "flow-summary", (f"meeting every limit target: {', '.join(met_all) if met_all else 'none'}; "
                           f"load average {min(loads):.1f} to {max(loads):.1f} during the runs "
                           f"({data['cores']} cores, Java {data['java']})" if loads else "no load average")


def flow_report(data, as_markdown):
    if as_markdown:
        print("| setting | K | throughput ops/s | attempt p50 / p99 ms | enqueue-to-success p99 ms | 503s | limit at the end |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for r in data["runs"]:
            for phase in r["phases"]:
                rows = phase["samples"]["rows"]
                attempt = phase["attemptMillis"]
                print(f"| {r['name']} | {phase['capacity']} | {fmt(throughput(phase))} | "
                      f"{attempt['p50']} / {attempt['p99']} | {phase['enqueueToSuccessMillis']['p99']} | "
                      f"{phase['overloaded']} | {rows[-1][1] if rows else ''} |")
        print()
    for name, text in flow_lines(data):
        print(f"bench {name}: {text}")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("result", help="JMH result file written with -rf json")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables instead of bench lines")
    args = parser.parse_args()
    with open(args.result, encoding="utf-8") as file:
        data = json.load(file)
    if isinstance(data, dict) and data.get("scenario") == "flow":
        return flow_report(data, args.markdown)
    results = [Result(entry) for entry in data]
    if not results:
        print(f"{args.result} holds no result: every benchmark failed; see the JMH log", file=sys.stderr)
        return 1
    if args.markdown:
        markdown(results)
        return 0
    ok = True
    for name, _, text, fine in compare(results):
        print(f"bench {name}: {text}")
        ok = ok and fine
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
