package dev.loopcore;

/**
 * A snapshot of a loop's counters. A busy loop publishes what it ran every 1,024 messages and
 * whenever it runs out of work, so while it is busy {@code executed} may lag by up to that many.
 *
 * @param posted      messages the loop accepted (tasks, calls, reply callbacks, delayed tasks when due)
 * @param executed    messages that ran, including those that threw
 * @param rejected    posts and calls refused because the loop was closed
 * @param failed      tasks that threw (their exception went to the uncaught handler)
 * @param pending     accepted messages not yet run
 * @param lateReplies outcomes of this loop's calls that arrived after the reply was already complete
 *                    (e.g. failed by a rejection first), discarded; a timed-out await does not complete a reply
 */
public record LoopStats(long posted, long executed, long rejected, long failed, long pending, long lateReplies) {
}
