package dev.loopcore;

/** How a loop's mailbox is built; see {@link LoopBuilder#mailbox(MailboxKind)}. */
public enum MailboxKind {
    /**
     * Unbounded multi-producer single-consumer ring whose slots hold each message's fields inline; it
     * grows (doubling) when a backlog fills it and keeps that size. Posting never waits (past 2^28
     * pending messages, other threads wait for room and the loop's own thread gets an
     * {@link IllegalStateException}). The default: it measured 4× the throughput of a JCTools queue of pooled
     * message objects (47 vs 11 M tasks/s one-to-one), because a post moves a few references through
     * shared cache lines rather than a whole message object.
     */
    UNBOUNDED,
    /**
     * Bounded ring buffer (LMAX Disruptor) whose preallocated slots are the messages. When full,
     * producers back off until there is room; the loop's own thread never waits on its own mailbox
     * (its overflow is kept aside, in order).
     */
    BOUNDED
}
