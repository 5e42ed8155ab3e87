package dev.loopcore.jmh.latency;

import org.openjdk.jmh.util.AbstractStatistics;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JMH {@link org.openjdk.jmh.util.Statistics} over the counters of a {@link LatencyHistogram}, scaled
 * from nanoseconds to the reported unit.
 *
 * <p>A percentile is the <em>highest</em> value of the bucket that holds it (as HdrHistogram reports
 * it): at most 0.8 % above the recorded value, never below it. The mean, variance and JMH's ASCII
 * histogram use each bucket's midpoint. Percentile {@code p} is the smallest bucket whose cumulative
 * count reaches {@code ceil(p / 100 * n)}: no interpolation between samples.
 *
 * <p>Immutable once built (the counters are a private copy); cold path: it is built after an iteration
 * and on the JMH host, never while recording.
 */
final class HistogramStatistics extends AbstractStatistics {
    private static final long serialVersionUID = 1L;

    private final long[] counts;
    private final double scale;
    private final long n;

    /** {@code counts} becomes this object's; {@code scale} converts nanoseconds to the reported unit. */
    HistogramStatistics(long[] counts, double scale) {
        if (counts.length != LatencyHistogram.BUCKETS) throw new IllegalArgumentException("not a LatencyHistogram's counters");
        this.counts = counts;
        this.scale = scale;
        long sum = 0;
        for (long c : counts) sum += c;
        this.n = sum;
    }

    /** Adds these counters to {@code sum}: merging histograms is adding their counters up. */
    void addTo(long[] sum) {
        for (int i = 0; i < sum.length; i++) sum[i] += counts[i];
    }

    private double mid(int i) {
        return (LatencyHistogram.lowest(i) + LatencyHistogram.highest(i)) / 2.0 * scale;
    }

    @Override
    public long getN() {
        return n;
    }

    @Override
    public double getSum() {
        double s = 0;
        for (int i = 0; i < counts.length; i++) if (counts[i] != 0) s += counts[i] * mid(i);
        return s;
    }

    @Override
    public double getMin() {
        for (int i = 0; i < counts.length; i++) if (counts[i] != 0) return LatencyHistogram.lowest(i) * scale;
        return Double.NaN;
    }

    @Override
    public double getMax() {
        for (int i = counts.length - 1; i >= 0; i--) if (counts[i] != 0) return LatencyHistogram.highest(i) * scale;
        return Double.NaN;
    }

    @Override
    public double getPercentile(double rank) {
        if (rank < 0 || rank > 100) throw new IllegalArgumentException("rank should be within [0; 100]: " + rank);
        if (n == 0) return Double.NaN;
        if (rank == 0) return getMin();
        long target = Math.max(1, (long) Math.ceil(rank / 100 * n));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= target) return LatencyHistogram.highest(i) * scale;
        }
        return getMax();
    }

    @Override
    public double getVariance() {
        if (n < 2) return Double.NaN;
        double mean = getMean();
        double v = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                double d = mid(i) - mean;
                v += d * d * counts[i];
            }
        }
        return v / (n - 1);
    }

    @Override
    public int[] getHistogram(double[] levels) {
        if (levels.length < 2) throw new IllegalArgumentException("expected two levels or more");
        int[] out = new int[levels.length - 1];
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) continue;
            double v = mid(i);
            for (int l = 0; l < out.length; l++) {
                if (levels[l] <= v && v < levels[l + 1]) {
                    out[l] += (int) Math.min(Integer.MAX_VALUE - out[l], counts[i]);
                    break;
                }
            }
        }
        return out;
    }

    @Override
    public Iterator<Map.Entry<Double, Long>> getRawData() {
        List<Map.Entry<Double, Long>> raw = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) raw.add(new AbstractMap.SimpleImmutableEntry<>(mid(i), counts[i]));
        }
        return raw.iterator();
    }
}
