package dev.loopcore.jmh.latency;

import dev.loopcore.jmh.peers.Peer;

/**
 * The producer of an open-loop run: message {@code i} of an iteration is due at
 * {@code t0 + i * 1e9 / rate} ns, whatever happened to the messages before it. {@link #sendNext} spins
 * on {@code System.nanoTime()} until the message is due, or sends at once when it is already late; it
 * never waits for the consumer to catch up, so a consumer that stalls makes every message due during
 * the stall late, and each of them is measured from its own due time (coordinated omission is not
 * hidden).
 *
 * <p>Messages are {@link StampedTask}s from a preallocated ring of {@value #RING} entries (65 ms of
 * backlog at 1 M/s, 6.5 s at 10 k/s), so sending allocates nothing. An entry is reused only once the
 * consumer has run it. When the entry for the next message is still queued, the consumer is a whole ring
 * behind: that is an <em>overrun</em>; the producer counts it and waits for the entry (bounded), so the
 * run degrades into a producer blocked by a full queue, like a bounded peer's, instead of corrupting a
 * queued task. The messages sent late because of that wait are still measured from their due times.
 *
 * <p>Threading: every method except the accessors is called by the producer (the JMH benchmark thread)
 * only; the consumer touches only the tasks and {@link #latency}, through {@link StampedTask#run}. The
 * accessors ({@link #latencyCounts}, {@link #sendLagCounts}, {@link #overruns}) are for
 * {@link LatencyProfiler}, after {@link #drain} and {@link LatencyProfiler#publish}, which order them
 * after everything the iteration recorded.
 */
public final class OpenLoopSender {
    /** Ring entries; a power of two. */
    public static final int RING = 1 << 16;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long WAIT_LIMIT_NANOS = 30_000_000_000L;

    private final StampedTask[] ring = new StampedTask[RING];
    private final long rate;
    /** Written by the consumer, through the tasks. */
    private final LatencyHistogram latency = new LatencyHistogram();
    /** How late the producer posted each message (now - due, just before {@code post}): producer only. */
    private final LatencyHistogram sendLag = new LatencyHistogram();
    private long start;
    private long sent;
    private long overruns;

    /** Allocates the ring (cold path, trial set-up). {@code rate}: messages per second. */
    public OpenLoopSender(long rate) {
        if (rate <= 0 || rate > NANOS_PER_SECOND) throw new IllegalArgumentException("rate: " + rate);
        this.rate = rate;
        for (int i = 0; i < RING; i++) ring[i] = new StampedTask(latency);
    }

    /**
     * Starts an iteration: the schedule restarts with the next {@link #sendNext} and the records are
     * emptied. Only after {@link #drain}: no task is queued, and the next post publishes the consumer's
     * emptied histogram to the consumer.
     */
    public void beginIteration() {
        sent = 0;
        overruns = 0;
        latency.reset();
        sendLag.reset();
    }

    /** Sends the next message at its due time, or at once if it is late. */
    public void sendNext(Peer peer) {
        long seq = sent;
        if (seq == 0) start = System.nanoTime(); // t0 is the first send, not set-up: no burst of catch-up at the start
        long due = start + seq * NANOS_PER_SECOND / rate;
        StampedTask task = ring[(int) seq & (RING - 1)];
        if (task.isQueued()) {
            overruns++;
            awaitFree(task);
        }
        task.stamp(due); // before the wait: preparing the message is not part of its latency when on time
        long now;
        while ((now = System.nanoTime()) < due) Thread.onSpinWait();
        sendLag.record(now - due);
        peer.post(task);
        sent = seq + 1;
    }

    /** Waits until the consumer has run every message sent (bounded): their records happen-before the return. */
    public void drain() {
        for (StampedTask task : ring) if (task.isQueued()) awaitFree(task);
    }

    private static void awaitFree(StampedTask task) {
        long deadline = System.nanoTime() + WAIT_LIMIT_NANOS;
        while (task.isQueued()) {
            Thread.onSpinWait();
            if (System.nanoTime() - deadline > 0) throw new IllegalStateException("the peer did not run a task in 30 s");
        }
    }

    /** Messages sent in this iteration. */
    public long sent() {
        return sent;
    }

    /** Sends that found their ring entry still queued, in this iteration. */
    public long overruns() {
        return overruns;
    }

    /** A copy of the consumer-side histogram: due time to task start, ns. Allocates (cold path). */
    public long[] latencyCounts() {
        return latency.copyCounts();
    }

    /** A copy of the producer-side histogram: due time to the call of {@code post}, ns. Allocates (cold path). */
    public long[] sendLagCounts() {
        return sendLag.copyCounts();
    }

    /** One line of percentiles, for runs without {@link LatencyProfiler}. Allocates (cold path). */
    public String summary() {
        HistogramStatistics l = new HistogramStatistics(latencyCounts(), 1e-3);
        HistogramStatistics s = new HistogramStatistics(sendLagCounts(), 1e-3);
        return String.format("latency us: p50 %.2f, p99 %.2f, p99.9 %.2f, max %.1f; send lag p99.9 %.2f us; "
                        + "overruns %d; sent %d", l.getPercentile(50), l.getPercentile(99), l.getPercentile(99.9),
                l.getMax(), s.getPercentile(99.9), overruns, sent);
    }
}
