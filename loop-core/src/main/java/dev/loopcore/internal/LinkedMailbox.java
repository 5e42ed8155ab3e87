package dev.loopcore.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The mailbox of a pooled loop: an intrusive multi-producer single-consumer linked queue whose nodes
 * are the pooled {@link Message}s themselves. An empty mailbox is two null references and two
 * counters, which is what lets a million idle pooled loops fit in a small heap; an array queue with
 * padded indices costs kilobytes per loop before the first message.
 *
 * <p>A producer first counts its offer ({@code offers}, atomic add), then swaps {@code tail}
 * (getAndSet) and links the previous tail to the new message (release), or, if the queue was empty,
 * publishes it as {@code head}: counted before linked, so a consumer that has taken {@code offers()}
 * messages has taken every message offered before it read {@code offers()} (a nested await relies on it). The consumer detaches the last
 * message by CAS-ing {@code tail} back to null; the message it holds cannot be recycled meanwhile, so
 * there is no ABA.
 */
final class LinkedMailbox extends Mailbox {
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle OFFERS;
    private static final VarHandle TAKEN;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(LinkedMailbox.class, "head", Message.class);
            TAIL = l.findVarHandle(LinkedMailbox.class, "tail", Message.class);
            OFFERS = l.findVarHandle(LinkedMailbox.class, "offers", long.class);
            TAKEN = l.findVarHandle(LinkedMailbox.class, "taken", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile Message head;
    private volatile Message tail;
    private volatile long offers;
    /** Written by the consumer only (opaque: the store a plain one compiles to, but never torn), read by the watchdog. */
    private long taken;

    @Override
    boolean offer(LoopCore loop, LoopContext ctx, Dispatch op, Object fn, Object a, Object b, Object c, Object d,
                  ReplyImpl<?> reply, ReplyImpl<?> chain) {
        if (ctx == null) ctx = LoopContext.current(); // the posting thread's message cache
        Message m = MessagePool.acquire(ctx);
        m.set(op, fn, a, b, c, d, reply, chain);
        // Counted before it is linked (as a ring's index is claimed before its slot is written): a
        // consumer that took offers() messages has taken every message offered before it read offers().
        OFFERS.getAndAdd(this, 1L);
        Message prev = (Message) TAIL.getAndSet(this, m);
        if (prev == null) {
            HEAD.setRelease(this, m);
        } else {
            prev.soNext(m);
        }
        // Visible before the fate: the consumer spins on PENDING, see the package doc.
        if (loop.lvClosed()) {
            m.clear();
            m.soFate(Message.REJECTED);
            return false;
        }
        m.soFate(Message.ACCEPTED);
        return true;
    }

    private Message poll() {
        Message h = (Message) HEAD.getAcquire(this);
        if (h == null) {
            if (tail == null) return null;
            // A producer swapped tail from null and is about to publish head.
            while ((h = (Message) HEAD.getAcquire(this)) == null) Thread.onSpinWait();
        }
        Message next = h.laNext();
        if (next == null) {
            // h looks like the last message: detach it, unless a producer appends meanwhile.
            HEAD.setOpaque(this, null); // before the CAS: a producer that then finds tail null publishes head
            if (TAIL.compareAndSet(this, h, null)) {
                return h;
            }
            while ((next = h.laNext()) == null) Thread.onSpinWait(); // the appender links h -> next
        }
        HEAD.setOpaque(this, next);
        return h;
    }

    @Override
    int drain(LoopCore loop, LoopContext ctx, int limit) {
        int n = 0;
        while (n < limit) {
            Message m = poll();
            if (m == null) break;
            TAKEN.setOpaque(this, taken + 1);
            n++;
            m.next = null;
            if (m.awaitFate() == Message.ACCEPTED) {
                loop.runner.deliver(m, ctx);
            }
            MessagePool.release(ctx, m);
        }
        return n;
    }

    @Override
    boolean isEmpty() {
        return tail == null;
    }

    @Override
    long offers() {
        return offers;
    }

    @Override
    long taken() {
        return taken;
    }

    @Override
    long lpTaken() {
        return (long) TAKEN.getOpaque(this);
    }
}
