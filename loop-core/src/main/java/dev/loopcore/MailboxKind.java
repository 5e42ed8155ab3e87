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
     * The same ring with a bound on the tasks users post: while {@code capacity} posted tasks are
     * pending (offered and not yet taken by the loop), other threads' posts wait (spin, yield, then
     * short parks) until there is room or the loop closes. Never waits: the loop's own thread (a
     * {@link DrivenLoop}'s owner between {@code runPending()} calls included) and the library's own
     * messages (reply deliveries, timer insertions, proxy closes), which may pass the bound. A task is
     * no longer pending once the loop has taken it, so what an {@code await()} keeps aside or runs
     * never holds back producers: no mailbox kind makes an await hang.
     */
    BOUNDED
}
