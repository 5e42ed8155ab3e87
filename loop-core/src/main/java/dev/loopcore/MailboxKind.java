package dev.loopcore;

/** How a loop's mailbox is built; see {@link LoopBuilder#mailbox(MailboxKind)}. */
public enum MailboxKind {
    /**
     * Unbounded multi-producer single-consumer array queue (JCTools) of pooled messages. Posting never
     * blocks. The default.
     */
    UNBOUNDED,
    /**
     * Bounded ring buffer (LMAX Disruptor) whose preallocated slots are the messages. When full,
     * producers back off until there is room; the loop's own thread never waits on its own mailbox
     * (its overflow is kept aside, in order).
     */
    BOUNDED
}
