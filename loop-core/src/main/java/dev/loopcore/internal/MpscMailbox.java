package dev.loopcore.internal;

import org.jctools.queues.MpscUnboundedXaddArrayQueue;

/**
 * The unbounded mailbox: JCTools' {@link MpscUnboundedXaddArrayQueue} of pooled {@link Message}s.
 * Producers claim a slot with one atomic add; the queue recycles its chunks, so steady-state offers
 * allocate nothing.
 */
final class MpscMailbox extends Mailbox {
    private static final int POOLED_CHUNKS = 4;
    private final MpscUnboundedXaddArrayQueue<Message> queue;

    MpscMailbox(int chunkSize) {
        queue = new MpscUnboundedXaddArrayQueue<>(Math.max(2, chunkSize), POOLED_CHUNKS);
    }

    @Override
    boolean offer(LoopCore loop, LoopContext ctx, Dispatch op, Object fn, Object a, Object b, Object c, Object d,
                  ReplyImpl<?> reply, ReplyImpl<?> chain) {
        Message m = MessagePool.acquire(ctx);
        m.set(op, fn, a, b, c, d, reply, chain);
        queue.offer(m);
        // The index is visible before the fate: the consumer spins on PENDING, see the package doc.
        if (loop.lvClosed()) {
            m.clear();
            m.soFate(Message.REJECTED);
            return false;
        }
        m.soFate(Message.ACCEPTED);
        return true;
    }

    @Override
    int drain(LoopCore loop, LoopContext ctx, int limit) {
        int n = 0;
        while (n < limit) {
            // relaxedPoll reads only the slot, not the producers' index line: a spinning consumer then
            // does not steal that line from producers. A null here may be an offer in progress; the
            // caller decides emptiness with isEmpty().
            Message m = queue.relaxedPoll();
            if (m == null) break;
            n++;
            if (m.awaitFate() == Message.ACCEPTED) {
                loop.deliver(m, ctx);
            }
            MessagePool.release(ctx, m);
        }
        return n;
    }

    @Override
    boolean isEmpty() {
        return queue.isEmpty();
    }

    @Override
    long offers() {
        return queue.currentProducerIndex();
    }

    @Override
    long taken() {
        return queue.currentConsumerIndex();
    }
}
