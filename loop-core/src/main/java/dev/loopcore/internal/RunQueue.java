package dev.loopcore.internal;

import org.jctools.queues.varhandle.MpmcVarHandleArrayQueue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A pool's queue of ready loops (generic only so that tests can use it on their own): unbounded, multi-producer multi-consumer, allocation-free while at
 * most {@link #RING} loops are ready at once, and free of {@code sun.misc.Unsafe} (JDK 24+ warns about
 * it, JEP 498): a JCTools VarHandle MPMC ring, and behind it an overflow {@link ConcurrentLinkedQueue}
 * for the rare moments when more loops are ready than the ring holds (a million loops posted to at once).
 *
 * <p>Invariant (no loop starves): while the overflow holds anything, offers go to the overflow too, so
 * everything in the ring is older than everything in the overflow; polls take from the ring first. The
 * ring therefore drains, and the overflow is served in order, before the ring takes new entries again.
 * {@code overflowed} counts the entries in the overflow (incremented before the offer, decremented after
 * a successful poll), so the common path reads one volatile int and touches no node. A race at the
 * boundary (an offer that saw {@code overflowed == 0} just before another thread overflowed) lets one
 * entry into the ring ahead of overflowed ones; it is still polled, since the ring is always polled
 * first: the order is loose there, nothing is lost or starved.
 *
 * <p>Each loop is in the queue at most once (its SCHEDULED state, {@link PooledLoop}), so the queue never
 * holds more entries than the pool has loops. Threading: any thread offers and polls.
 */
final class RunQueue<E> {
    /** Ring capacity; a pool with more loops ready at once than this allocates a node per excess offer. */
    static final int RING = 4096;
    private static final VarHandle OVERFLOWED;

    static {
        try {
            OVERFLOWED = MethodHandles.lookup().findVarHandle(RunQueue.class, "overflowed", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MpmcVarHandleArrayQueue<E> ring;
    private final ConcurrentLinkedQueue<E> overflow = new ConcurrentLinkedQueue<>();
    private volatile int overflowed;

    RunQueue() {
        this(RING);
    }

    /** A queue whose ring holds {@code ringCapacity} entries (rounded up to a power of 2; tests use tiny ones). */
    RunQueue(int ringCapacity) {
        ring = new MpmcVarHandleArrayQueue<>(ringCapacity);
    }

    void offer(E l) {
        if (overflowed == 0 && ring.offer(l)) return;
        OVERFLOWED.getAndAdd(this, 1);
        overflow.offer(l); // deliberate: a node per loop beyond the ring's RING ready ones
    }

    E poll() {
        E l = ring.poll();
        if (l != null || overflowed == 0) return l;
        l = overflow.poll();
        if (l != null) OVERFLOWED.getAndAdd(this, -1);
        return l;
    }

    boolean isEmpty() {
        return ring.isEmpty() && overflowed == 0;
    }
}
