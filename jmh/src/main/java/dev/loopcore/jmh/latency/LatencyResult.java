package dev.loopcore.jmh.latency;

import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.Aggregator;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ResultRole;
import org.openjdk.jmh.results.ScalarDerivativeResult;

import java.util.Collection;
import java.util.List;

/**
 * A JMH secondary result that carries a whole latency histogram, so that JMH merges histograms instead
 * of averaging percentiles: its aggregators, across threads, iterations and forks alike, add the
 * counters up; the percentiles are then read off the merged histogram as derivative results
 * ({@code LABEL.p50}, {@code .p99}, {@code .p99.9}, {@code .max}, in µs), which JMH computes from the
 * aggregated result only and never aggregates themselves.
 *
 * <p>Score: the mean, in µs, from bucket midpoints. No error is reported: consecutive latencies of a
 * queue are not independent samples, so a t-based interval over millions of them would claim a
 * precision the run does not have; compare forks or runs instead.
 *
 * <p>Immutable; built by {@link LatencyProfiler} in the benchmark JVM after each iteration, serialised
 * to the JMH host with the iteration's results, and merged there.
 */
public final class LatencyResult extends Result<LatencyResult> {
    private static final long serialVersionUID = 1L;
    static final String UNIT = "us";
    private static final double NANOS_TO_MICROS = 1e-3;

    /** {@code counts}: a {@link LatencyHistogram}'s counters (nanoseconds), which become this result's. */
    public LatencyResult(String label, long[] counts) {
        super(ResultRole.SECONDARY, label, new HistogramStatistics(counts, NANOS_TO_MICROS), UNIT, AggregationPolicy.AVG);
    }

    @Override
    protected Collection<? extends Result> getDerivativeResults() {
        return List.of(
                new ScalarDerivativeResult(label + ".p50", statistics.getPercentile(50), UNIT, AggregationPolicy.AVG),
                new ScalarDerivativeResult(label + ".p99", statistics.getPercentile(99), UNIT, AggregationPolicy.AVG),
                new ScalarDerivativeResult(label + ".p99.9", statistics.getPercentile(99.9), UNIT, AggregationPolicy.AVG),
                new ScalarDerivativeResult(label + ".max", statistics.getMax(), UNIT, AggregationPolicy.AVG));
    }

    @Override
    public double getScoreError() {
        return Double.NaN;
    }

    @Override
    public double[] getScoreConfidence() {
        return new double[]{getScore(), getScore()};
    }

    @Override
    public String extendedInfo() {
        return distributionExtendedInfo();
    }

    @Override
    protected Aggregator<LatencyResult> getThreadAggregator() {
        return LatencyResult::merge;
    }

    @Override
    protected Aggregator<LatencyResult> getIterationAggregator() {
        return LatencyResult::merge;
    }

    /** An iteration that published nothing counts as an empty histogram. */
    @Override
    protected LatencyResult getZeroResult() {
        return new LatencyResult(label, new long[LatencyHistogram.BUCKETS]);
    }

    private static LatencyResult merge(Collection<LatencyResult> results) {
        long[] sum = new long[LatencyHistogram.BUCKETS];
        String label = null;
        for (LatencyResult r : results) {
            if (label == null) label = r.label;
            else if (!label.equals(r.label)) throw new IllegalStateException("merging " + label + " with " + r.label);
            ((HistogramStatistics) r.statistics).addTo(sum);
        }
        return new LatencyResult(label, sum);
    }
}
