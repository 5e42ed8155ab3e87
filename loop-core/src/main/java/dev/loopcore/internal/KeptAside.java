package dev.loopcore.internal;

/**
 * The messages a loop has taken from its mailbox (and its due timers) but may not run yet, because an
 * {@code await()} on the loop filters: a FIFO in the order they were taken.
 *
 * <p>Invariant (contract 1 across nested awaits): the queue is the head of the loop's mailbox. A
 * message runs only when it is the earliest entry, in take order, that may run under the current
 * filter; so every message of a producer runs after every earlier message of that producer that may
 * run under the same filter. Hence a message taken while the queue is not empty is appended behind
 * it (never run from the stack frame that took it), and the loop takes from the mailbox only after
 * the queue has no entry the current filter lets run.
 *
 * <p>{@link #cleanFor} caches "no entry may run under this filter", so a long queue kept aside during
 * an await is not rescanned for every message: entries appended under a filter they do not match keep
 * it true; any other change (another filter, a matching entry) clears it.
 *
 * <p>Threading: confined to the thread running the loop (the consumer); created on first use.
 */
final class KeptAside {
    /** No filter: the cache says nothing. */
    private static final Object UNKNOWN = new Object();

    private Message head;
    private Message tail;
    private Object cleanFor = UNKNOWN;

    boolean isEmpty() {
        return head == null;
    }

    /** Appends {@code m} (owned by the queue from now on); {@code runsNow}: it may run under the filter. */
    void append(Message m, boolean runsNow) {
        m.next = null;
        if (tail == null) head = m;
        else tail.next = m;
        tail = m;
        if (runsNow) cleanFor = UNKNOWN;
    }

    /** The loop's filter changed (an await began or ended): entries may run now that could not. */
    void filterChanged() {
        cleanFor = UNKNOWN;
    }

    /** True if some entry may run under {@code filter} (null: every entry may). */
    boolean hasRunnable(ReplyImpl<?> filter) {
        if (head == null) return false;
        if (filter == null) return true;
        if (cleanFor == filter) return false;
        for (Message m = head; m != null; m = m.next) {
            if (ReplyImpl.descends(m.chain, filter)) return true;
        }
        cleanFor = filter;
        return false;
    }

    /** True if some entry descends from {@code chain} and may run under {@code filter} (a simulation's question). */
    boolean hasRunnableOf(ReplyImpl<?> chain, ReplyImpl<?> filter) {
        for (Message m = head; m != null; m = m.next) {
            if (ReplyImpl.descends(m.chain, chain) && (filter == null || ReplyImpl.descends(m.chain, filter))) return true;
        }
        return false;
    }

    /** Removes and returns the earliest entry that may run under {@code filter}; null if none. */
    Message takeFirst(ReplyImpl<?> filter) {
        Message m = head;
        if (m == null) return null;
        if (filter == null) {
            unlink(null, m);
            return m;
        }
        if (cleanFor == filter) return null;
        for (Message prev = null; m != null; prev = m, m = m.next) {
            if (ReplyImpl.descends(m.chain, filter)) {
                unlink(prev, m);
                return m;
            }
        }
        cleanFor = filter;
        return null;
    }

    private void unlink(Message prev, Message m) {
        if (prev == null) head = m.next;
        else prev.next = m.next;
        if (tail == m) tail = prev;
        m.next = null;
    }
}
