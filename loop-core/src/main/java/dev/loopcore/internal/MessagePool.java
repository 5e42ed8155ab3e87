package dev.loopcore.internal;

import org.jctools.queues.varhandle.MpmcVarHandleArrayQueue;

/**
 * Pooled {@link Message}s. Each thread keeps a stack of free messages in its {@link LoopContext}, as an
 * array of references: taking one reads the array, never the message, so a producer does not stall
 * on a message line that the consumer wrote last (it only writes it, which the store buffer hides).
 * The thread that runs messages pushes them back on its own stack; when that holds {@link #LOCAL_MAX},
 * it hands a batch of {@link #BATCH} to a shared queue, from which posting threads refill theirs. One
 * shared-queue operation per {@code BATCH} messages on each side; the rest is thread-confined.
 *
 * <p>A virtual thread has no stack of its own ({@link LoopContext#free} is null: there may be a million of
 * them, each living for one call, and whatever a per-thread cache held would be lost when it ends). It
 * takes messages one at a time from {@link #SINGLES}, which it refills from a full batch when empty, and
 * returns a message it drops (a rejected post) there too: one shared-queue operation per message, no
 * allocation once the pool is warm, and nothing lost when the thread ends.
 */
final class MessagePool {
    static final int BATCH = 64;
    static final int LOCAL_MAX = 2 * BATCH;
    /** Full batches (exactly BATCH messages each). Bounded: a full queue drops the batch to the GC. */
    private static final MpmcVarHandleArrayQueue<Message[]> FULL = new MpmcVarHandleArrayQueue<>(1024);
    /** Empty batch arrays, recycled so handing batches around allocates nothing. */
    private static final MpmcVarHandleArrayQueue<Message[]> EMPTY = new MpmcVarHandleArrayQueue<>(1024);

    /** Single free messages for threads without a stack of their own (virtual threads). Bounded: full drops to the GC. */
    private static final MpmcVarHandleArrayQueue<Message> SINGLES = new MpmcVarHandleArrayQueue<>(4 * BATCH);

    private MessagePool() {
    }

    static Message acquire(LoopContext ctx) {
        int n = ctx.freeCount;
        if (n > 0) {
            Message[] stack = ctx.free;
            Message m = stack[--n];
            stack[n] = null;
            ctx.freeCount = n;
            return m;
        }
        return refill(ctx);
    }

    /**
     * The thread's stack is empty (or it has none: a virtual thread, which takes single messages): takes
     * a full batch, keeps one message, and puts the rest on the stack, or for a stackless thread into
     * {@link #SINGLES} (what does not fit goes to the GC: the pool is big enough then).
     */
    private static Message refill(LoopContext ctx) {
        Message[] stack = ctx.free;
        if (stack == null) {
            Message single = SINGLES.relaxedPoll();
            if (single != null) return single;
        }
        Message[] batch = FULL.relaxedPoll();
        if (batch == null) {
            return new Message(); // deliberate: growth of the pool (first use, or more in flight than pooled)
        }
        Message m = batch[BATCH - 1];
        if (stack != null) {
            System.arraycopy(batch, 0, stack, 0, BATCH - 1);
            ctx.freeCount = BATCH - 1;
        } else {
            for (int i = 0; i < BATCH - 1 && SINGLES.relaxedOffer(batch[i]); i++) {
                // moved one
            }
        }
        java.util.Arrays.fill(batch, null);
        EMPTY.relaxedOffer(batch);
        return m;
    }

    /** Returns a message that ran (or was dropped) to the running thread's stack; clears it first. */
    static void release(LoopContext ctx, Message m) {
        m.clear();
        Message[] stack = ctx.free;
        if (stack == null) {
            SINGLES.relaxedOffer(m); // a virtual thread's dropped message; full: to the GC
            return;
        }
        int n = ctx.freeCount;
        if (n == LOCAL_MAX) {
            spill(ctx);
            n = ctx.freeCount;
        }
        ctx.free[n] = m;
        ctx.freeCount = n + 1;
    }

    private static void spill(LoopContext ctx) {
        Message[] batch = EMPTY.relaxedPoll();
        if (batch == null) batch = new Message[BATCH]; // deliberate: first batches in circulation
        int from = ctx.freeCount - BATCH;
        System.arraycopy(ctx.free, from, batch, 0, BATCH);
        java.util.Arrays.fill(ctx.free, from, ctx.freeCount, null);
        ctx.freeCount = from;
        FULL.relaxedOffer(batch); // a full queue drops the batch: the pool is big enough already
    }
}
