package dev.loopcore.internal;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;


/**
 * The bounded mailbox: an LMAX Disruptor multi-producer {@link RingBuffer} whose preallocated slots
 * are the messages. A producer claims a sequence, loads {@code closed}, writes the slot (or a
 * REJECTED tombstone) and publishes it, so the consumer never sees a half-decided slot.
 *
 * <p>When the ring is full, other threads back off (spin, yield, then short parks) until there is
 * room or the loop closes. The loop's own thread never waits on its own ring: what it posts while the
 * ring is full goes to an overflow list, which runs only after every ring slot claimed before it (the
 * thread's own earlier posts among them), so its posts stay in order.
 */
final class RingMailbox extends Mailbox {
    private final RingBuffer<Message> ring;
    /** Gating sequence: slots up to it may be reused by producers. */
    private final Sequence released = new Sequence(RingBuffer.INITIAL_CURSOR_VALUE);
    // consumer-confined
    private long next;
    /** A frame below is running a slot in place: nested drains must not release slots. */
    private boolean pinned;
    private Message overflowHead;
    private Message overflowTail;
    /** The overflow may run once the consumer has taken every slot up to this sequence. */
    private long overflowGate;
    private long overflowOffers;
    private long overflowTaken;

    RingMailbox(int capacity) {
        int size = Integer.highestOneBit(Math.max(2, capacity) - 1) << 1;
        // The wait strategy is never waited on (the loop polls); BusySpin's signal is a no-op on publish.
        ring = RingBuffer.createMultiProducer(Message::new, size, new BusySpinWaitStrategy());
        ring.addGatingSequences(released);
        next = ring.getCursor() + 1;
    }

    int size() {
        return ring.getBufferSize();
    }

    @Override
    boolean offer(LoopCore loop, LoopContext ctx, Dispatch op, Object fn, Object a, Object b, Object c, Object d,
                  ReplyImpl<?> reply, ReplyImpl<?> chain) {
        long seq;
        if (ctx.loop == loop) {
            // The consumer itself: a full ring must not make it wait for itself.
            if (overflowHead != null || (seq = tryClaim()) < 0) {
                return offerOverflow(ctx, op, fn, a, b, c, d, reply, chain);
            }
        } else {
            seq = claimWithBackoff(loop);
            if (seq < 0) return false;
        }
        boolean closed = loop.lvClosed(); // after the claim: see the package doc
        Message slot = ring.get(seq);
        if (closed) {
            slot.spFate(Message.REJECTED);
        } else {
            slot.set(op, fn, a, b, c, d, reply, chain);
            slot.spFate(Message.ACCEPTED);
        }
        ring.publish(seq); // release: the slot's fields are visible to the consumer that sees it available
        return !closed;
    }

    private long tryClaim() {
        try {
            return ring.tryNext();
        } catch (InsufficientCapacityException full) { // a preallocated singleton: no stack trace cost
            return -1;
        }
    }

    private long claimWithBackoff(LoopCore loop) {
        for (int attempt = 0; ; attempt++) {
            long seq = tryClaim();
            if (seq >= 0) return seq;
            if (loop.lvClosed()) return -1;
            backOff(attempt);
        }
    }

    private boolean offerOverflow(LoopContext ctx, Dispatch op, Object fn, Object a, Object b, Object c, Object d,
                                  ReplyImpl<?> reply, ReplyImpl<?> chain) {
        // Only the consumer thread gets here, and its loop checked `closed` before offering; the loop
        // drains the overflow before it terminates, so the message is accepted.
        Message m = MessagePool.acquire(ctx); // deliberate when pool is empty: overflow is a rare path
        m.set(op, fn, a, b, c, d, reply, chain);
        if (overflowHead == null) {
            overflowHead = m;
            overflowGate = ring.getCursor();
        } else {
            overflowTail.next = m;
        }
        overflowTail = m;
        overflowOffers++;
        return true;
    }

    @Override
    int drain(LoopCore loop, LoopContext ctx, int limit) {
        int n = 0;
        while (n < limit) {
            long seq = next;
            if (seq > ring.getCursor()) break;
            if (!ring.isAvailable(seq)) { // claimed, not yet published
                Thread.onSpinWait();
                continue;
            }
            Message slot = ring.get(seq);
            next = seq + 1;
            n++;
            // Run in place. A nested await drains this ring again from inside deliver(): only the
            // outermost frame releases slots, so no slot is reused while a frame below still runs it.
            boolean outermost = !pinned;
            pinned = true;
            try {
                if (slot.laFate() == Message.ACCEPTED) loop.deliver(slot, ctx);
                slot.clear();
            } finally {
                if (outermost) {
                    pinned = false;
                    released.set(next - 1);
                }
            }
        }
        while (n < limit && overflowHead != null && next > overflowGate) {
            Message m = overflowHead;
            overflowHead = m.next;
            if (overflowHead == null) overflowTail = null;
            m.next = null;
            overflowTaken++;
            n++;
            loop.deliver(m, ctx);
            MessagePool.release(ctx, m);
        }
        return n;
    }

    @Override
    boolean isEmpty() {
        return next > ring.getCursor() && overflowHead == null;
    }

    @Override
    long offers() {
        return ring.getCursor() + 1 + overflowOffers;
    }

    @Override
    long taken() {
        return next + overflowTaken;
    }
}
