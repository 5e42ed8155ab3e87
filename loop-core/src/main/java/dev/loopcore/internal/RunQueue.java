package dev.loopcore.internal;

import org.jctools.queues.varhandle.MpmcVarHandleArrayQueue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A pool's queue of ready loops: unbounded, multi-producer multi-consumer, allocation-free, and free of
 * {@code sun.misc.Unsafe} (JDK 24+ warns about it, JEP 498): a JCTools VarHandle MPMC ring, and behind
 * it an intrusive FIFO list (each entry's own {@link Linked#runNext} field) for the rare moments when
 * more loops are ready than the ring holds (a million loops posted to at once).
 *
 * <p>Entries are hints (see {@link PooledLoop}): an await may claim and run its target directly, and that
 * loop may be queued again while its earlier entry is still here. Twice in the ring is harmless (the
 * second poll finds the loop not SCHEDULED, or runs it). Twice in the overflow list would break its
 * links, so an entry that is already in the list (it is the tail, or its {@code runNext} is set: an entry
 * outside the list always has a null {@code runNext}) is not appended again: its
 * earlier entry is still polled, and the loop is SCHEDULED again by then, so nothing is lost.
 *
 * <p>Invariant (no entry starves): while the overflow holds anything, offers go to the overflow too, so
 * everything in the ring is older than everything in the overflow; polls take from the ring first. The
 * ring therefore drains, and the overflow is served in order, before the ring takes new entries again.
 * {@code overflowed} counts the entries in the overflow (incremented before the append, decremented after
 * a successful removal), so the common path reads one volatile int and takes no lock. A race at the
 * boundary (an offer that saw {@code overflowed == 0} just before another thread overflowed) lets one
 * entry into the ring ahead of overflowed ones; it is still polled, since the ring is always polled
 * first: the order is loose there, nothing is lost or starved.
 *
 * <p>Why a lock for the overflow: it is used only beyond {@link #RING} ready loops (then every loop waits
 * behind thousands of others anyway), a lock-free intrusive MPMC list would suffer ABA as entries are
 * re-queued, and a {@link ReentrantLock} never pins a virtual thread. {@code head}, {@code tail} and
 * every entry's {@code runNext} are guarded by {@code lock}. Threading: any thread offers and polls.
 */
final class RunQueue<E extends RunQueue.Linked<E>> {
    /** Ring capacity; beyond it, ready loops queue in the overflow list. */
    static final int RING = 4096;
    private static final VarHandle OVERFLOWED;

    static {
        try {
            OVERFLOWED = MethodHandles.lookup().findVarHandle(RunQueue.class, "overflowed", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** An entry of the overflow list: the link field lives in the entry itself (no node per offer). */
    interface Linked<E> {
        E runNext();

        void runNext(E next);
    }

    private final MpmcVarHandleArrayQueue<E> ring;
    private final ReentrantLock lock = new ReentrantLock();
    private E head; // guarded by lock
    private E tail; // guarded by lock
    private volatile int overflowed;

    RunQueue() {
        this(RING);
    }

    /** A queue whose ring holds {@code ringCapacity} entries (rounded up to a power of 2; tests use tiny ones). */
    RunQueue(int ringCapacity) {
        ring = new MpmcVarHandleArrayQueue<>(ringCapacity);
    }

    void offer(E e) {
        if (overflowed == 0 && ring.offer(e)) return;
        OVERFLOWED.getAndAdd(this, 1);
        lock.lock();
        try {
            // In the list exactly when linked to a successor or last: removal and append leave runNext null.
            if (e == tail || e.runNext() != null) { // still queued here from an earlier offer: that entry serves
                OVERFLOWED.getAndAdd(this, -1);
                return;
            }
            if (tail == null) head = e;
            else tail.runNext(e);
            tail = e;
        } finally {
            lock.unlock();
        }
    }

    E poll() {
        E e = ring.poll();
        if (e != null || overflowed == 0) return e;
        lock.lock();
        try {
            e = head;
            if (e == null) return null; // counted, not yet appended: the ring or a later poll gets it
            head = e.runNext();
            if (head == null) tail = null;
            e.runNext(null);
        } finally {
            lock.unlock();
        }
        OVERFLOWED.getAndAdd(this, -1);
        return e;
    }

    boolean isEmpty() {
        return ring.isEmpty() && overflowed == 0;
    }
}
