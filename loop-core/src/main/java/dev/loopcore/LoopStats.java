package dev.loopcore;

/**
 * A snapshot of a loop's counters, readable from any thread without stopping the loop. A busy loop
 * publishes what it ran every 1,024 messages and whenever it runs out of work, so while it is busy
 * {@code executed} may lag by up to that many.
 *
 * @param posted      messages the loop accepted (tasks, calls, reply callbacks, delayed tasks when due)
 * @param executed    messages that ran, including those that threw
 * @param rejected    posts and calls refused because the loop was closed
 * @param failed      tasks that threw (their exception went to the uncaught handler)
 * @param pending     accepted messages not yet run
 * @param lateReplies outcomes of this loop's calls that arrived after the reply was already complete
 *                    (e.g. failed by a rejection first), discarded; a timed-out await does not complete a reply
 * @param stalls      tasks reported as stalls (0 unless the loop has a stall threshold)
 * @param congestions congestion reports (0 unless the loop has a congestion threshold)
 * @param deadlocks   awaits of this loop's tasks that threw {@link DeadlockException}
 * @param longestTaskNanos on a loop with a threshold: the longest the watchdog saw one task running,
 *                    a lower bound to within half the smaller threshold (shorter tasks are not seen
 *                    at all); 0 on a loop without one. Sampled: the loop never reads the clock for it
 */
public record LoopStats(long posted, long executed, long rejected, long failed, long pending, long lateReplies,
                        long stalls, long congestions, long deadlocks, long longestTaskNanos) {

    /**
     * The counters of the first version, the observability ones 0; kept so that existing code compiles.
     *
     * @param posted      as {@link #posted()}
     * @param executed    as {@link #executed()}
     * @param rejected    as {@link #rejected()}
     * @param failed      as {@link #failed()}
     * @param pending     as {@link #pending()}
     * @param lateReplies as {@link #lateReplies()}
     */
    public LoopStats(long posted, long executed, long rejected, long failed, long pending, long lateReplies) {
        this(posted, executed, rejected, failed, pending, lateReplies, 0L, 0L, 0L, 0L);
    }
}
