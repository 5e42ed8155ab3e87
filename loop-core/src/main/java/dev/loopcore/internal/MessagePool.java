package dev.loopcore.internal;

import org.jctools.queues.MpmcArrayQueue;

/**
 * Pooled {@link Message}s: each thread keeps a small stack of free messages in its {@link LoopContext};
 * the thread that runs messages returns them to its own stack and, when it holds too many, hands a
 * chain of {@link #BATCH} to a shared queue from which posting threads refill theirs. One shared-queue
 * operation per {@code BATCH} messages on each side; the rest is thread-confined.
 */
final class MessagePool {
    static final int BATCH = 64;
    private static final int LOCAL_MAX = 2 * BATCH;
    /** Chains of exactly BATCH messages. Bounded: a full queue drops the chain to the GC. */
    private static final MpmcArrayQueue<Message> SHARED = new MpmcArrayQueue<>(1024);

    private MessagePool() {
    }

    static Message acquire(LoopContext ctx) {
        Message m = ctx.free;
        if (m != null) {
            ctx.free = m.next;
            ctx.freeCount--;
            m.next = null;
            return m;
        }
        return refill(ctx);
    }

    private static Message refill(LoopContext ctx) {
        Message chain = SHARED.relaxedPoll();
        if (chain == null) {
            return new Message(); // deliberate: growth of the pool (first use, or more in flight than pooled)
        }
        ctx.free = chain.next;
        ctx.freeCount = BATCH - 1;
        chain.next = null;
        return chain;
    }

    /** Returns a message that ran (or was dropped) to the running thread's cache; clears it first. */
    static void release(LoopContext ctx, Message m) {
        m.clear();
        m.next = ctx.free;
        ctx.free = m;
        if (++ctx.freeCount >= LOCAL_MAX) {
            spill(ctx);
        }
    }

    private static void spill(LoopContext ctx) {
        Message chain = ctx.free;
        Message last = chain;
        for (int i = 1; i < BATCH; i++) {
            last = last.next;
        }
        ctx.free = last.next;
        ctx.freeCount -= BATCH;
        last.next = null;
        SHARED.relaxedOffer(chain); // a full queue drops the chain: the pool is big enough already
    }
}
