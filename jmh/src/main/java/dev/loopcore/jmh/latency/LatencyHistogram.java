package dev.loopcore.jmh.latency;

import java.util.Arrays;

/**
 * A preallocated log-linear histogram of nanosecond values: {@link #record} is an index computation
 * and one array increment, and allocates nothing.
 *
 * <p>Buckets: every value below 256 ns has its own bucket; from 256 ns on, each power of two is cut into
 * 128 equal buckets, so a bucket is at most 1/128 (0.8 %) of the values it holds wide. Values from
 * 2<sup>37</sup> ns (137 s) on, and negative values, are counted in the last and the first bucket. That
 * is {@value #BUCKETS} counters, 31 KiB.
 *
 * <p>Threading: {@link #record} and {@link #reset} by one thread at a time, plain writes, with a
 * happens-before edge from one writer to the next (a peer whose consumer moves between pool threads,
 * Pekko, orders consecutive messages through its mailbox). {@link #copyCounts} by any thread that has a
 * happens-before edge from the last {@code record}; the histogram itself publishes nothing.
 */
public final class LatencyHistogram {
    /** log2 of the buckets per power of two. */
    static final int SUB_BITS = 7;
    static final int SUB = 1 << SUB_BITS;
    /** The highest power of two with buckets of its own: values up to 2^(MAX_EXPONENT + 1) - 1. */
    static final int MAX_EXPONENT = 36;
    public static final int BUCKETS = (MAX_EXPONENT - SUB_BITS + 2) * SUB;

    private final long[] counts = new long[BUCKETS];

    /** Counts one value, in nanoseconds. */
    public void record(long nanos) {
        counts[index(nanos)]++;
    }

    /** Empties the histogram. */
    public void reset() {
        Arrays.fill(counts, 0L);
    }

    /** A copy of the counters, to be read with {@link #lowest} and {@link #highest}. Allocates (cold path). */
    public long[] copyCounts() {
        return counts.clone();
    }

    static int index(long v) {
        if (v < 2 * SUB) return v < 0 ? 0 : (int) v;
        if (v >>> (MAX_EXPONENT + 1) != 0) return BUCKETS - 1;
        int shift = 63 - Long.numberOfLeadingZeros(v) - SUB_BITS; // >= 1: v >>> shift is in [SUB, 2 * SUB)
        return (shift << SUB_BITS) + (int) (v >>> shift);
    }

    /** The smallest value, in nanoseconds, that {@link #index} puts in bucket {@code i}. */
    static long lowest(int i) {
        if (i < 2 * SUB) return i;
        int shift = (i >>> SUB_BITS) - 1;
        return (long) (SUB + (i & (SUB - 1))) << shift;
    }

    /** The largest value, in nanoseconds, that {@link #index} puts in bucket {@code i} (the last one is open). */
    static long highest(int i) {
        if (i < 2 * SUB) return i;
        int shift = (i >>> SUB_BITS) - 1;
        return lowest(i) + (1L << shift) - 1;
    }
}
