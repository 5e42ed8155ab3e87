package dev.loopcore.jmh.latency;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Collection;
import java.util.List;

/**
 * Turns what an open-loop benchmark recorded in an iteration into JMH secondary results:
 * <ul>
 *   <li>{@code latency}: a {@link LatencyResult} (due time to task start), whose derivatives
 *       {@code latency.p50 / .p99 / .p99.9 / .max} (µs) JMH computes from the histogram merged over all
 *       measurement iterations and forks;</li>
 *   <li>{@code sendLag}: the same for how late the producer itself posted (due time to {@code post});</li>
 *   <li>{@code latency.overruns}: sends that found their ring entry still queued, summed.</li>
 * </ul>
 * Add it with {@code -prof dev.loopcore.jmh.latency.LatencyProfiler}, or {@code addProfiler}, <em>before</em>
 * {@code gc}: JMH stops profilers in reverse order, so this one then copies the histograms after the GC
 * profiler has taken its allocation figures, and the copies do not show in B/op. Benchmarks other than
 * an open-loop one publish nothing, and get no results from it.
 *
 * <p>Threading: the benchmark thread {@link #publish}es its {@link OpenLoopSender} (release store) in
 * its iteration tear-down, after {@link OpenLoopSender#drain}; JMH's iteration thread calls
 * {@link #afterIteration} once the benchmark threads have finished and takes it (an atomic swap, which
 * includes an acquire), so the histograms it copies hold every record of the iteration. The next
 * iteration's set-up, which empties them, runs after this returns.
 */
public final class LatencyProfiler implements InternalProfiler {
    private static final VarHandle PUBLISHED;
    private static final VarHandle ATTACHED;
    @SuppressWarnings("unused") // through PUBLISHED
    private static OpenLoopSender published;
    @SuppressWarnings("unused") // through ATTACHED
    private static boolean attached;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PUBLISHED = l.findStaticVarHandle(LatencyProfiler.class, "published", OpenLoopSender.class);
            ATTACHED = l.findStaticVarHandle(LatencyProfiler.class, "attached", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Benchmark thread, iteration tear-down, after {@link OpenLoopSender#drain}: hands the iteration's records over. */
    public static void publish(OpenLoopSender sender) {
        PUBLISHED.setRelease(sender);
    }

    /** Whether this profiler runs in this JVM; if not, a benchmark prints its figures itself. */
    public static boolean attached() {
        return (boolean) ATTACHED.getAcquire();
    }

    @Override
    public String getDescription() {
        return "Open-loop latency histograms (LatencyUnderLoad): p50/p99/p99.9/max merged over iterations, overruns";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        ATTACHED.setRelease(true);
        PUBLISHED.setRelease(null);
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                      IterationResult result) {
        OpenLoopSender s = (OpenLoopSender) PUBLISHED.getAndSet(null);
        if (s == null) return List.of();
        return List.of(new LatencyResult("latency", s.latencyCounts()),
                new LatencyResult("sendLag", s.sendLagCounts()),
                new ScalarResult("latency.overruns", s.overruns(), "#", AggregationPolicy.SUM));
    }
}
