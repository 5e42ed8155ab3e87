package dev.loopcore.internal;

import org.jctools.queues.varhandle.MpmcVarHandleArrayQueue;

/**
 * Pooled {@link Message}s. Each thread keeps a stack of free messages in its {@link LoopContext}, as an
 * array of references: taking one reads the array, never the message, so a producer does not stall
 * on a message line that the consumer wrote last (it only writes it, which the store buffer hides).
 * The thread that runs messages pushes them back on its own stack; when that holds {@link #LOCAL_MAX},
 * it hands a batch of {@link #BATCH} to a shared queue, from which posting threads refill theirs. One
 * shared-queue operation per {@code BATCH} messages on each side; the rest is thread-confined.
 */
final class MessagePool {
    static final int BATCH = 64;
    static final int LOCAL_MAX = 2 * BATCH;
    /** Full batches (exactly BATCH messages each). Bounded: a full queue drops the batch to the GC. */
    private static final MpmcVarHandleArrayQueue<Message[]> FULL = new MpmcVarHandleArrayQueue<>(1024);
    /** Empty batch arrays, recycled so handing batches around allocates nothing. */
    private static final MpmcVarHandleArrayQueue<Message[]> EMPTY = new MpmcVarHandleArrayQueue<>(1024);

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

    private static Message refill(LoopContext ctx) {
        Message[] batch = FULL.relaxedPoll();
        if (batch == null) {
            return new Message(); // deliberate: growth of the pool (first use, or more in flight than pooled)
        }
        Message[] stack = ctx.free;
        System.arraycopy(batch, 0, stack, 0, BATCH - 1);
        Message m = batch[BATCH - 1];
        java.util.Arrays.fill(batch, null);
        EMPTY.relaxedOffer(batch);
        ctx.freeCount = BATCH - 1;
        return m;
    }

    /** Returns a message that ran (or was dropped) to the running thread's stack; clears it first. */
    static void release(LoopContext ctx, Message m) {
        m.clear();
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
