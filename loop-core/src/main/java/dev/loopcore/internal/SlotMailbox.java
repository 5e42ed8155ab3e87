package dev.loopcore.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The unbounded mailbox: a many-to-one ring whose slots hold a message's fields inline, so a post
 * moves a few references through shared cache lines instead of a whole message object. Producers
 * claim an index with a CAS on {@code producerIndex}, write the slot's fields and publish it by a
 * release store of its hot reference; the consumer reads a published slot, clears it and runs it.
 *
 * <pre>
 *   hot[i]   publication: null = free or being written; JUMP; REJECTED; a {@link Dispatch} (the message's
 *            op, its fields in cold); or, for a plain task, the {@code Runnable} itself
 *   cold[7i..7i+6]  fn, a, b, c, d, reply, chain   (written only when not null)
 * </pre>
 *
 * <p>A plain task ({@code post(Runnable)} outside any call chain, no propagator: op RUN0, nothing else)
 * is one reference: its post writes one hot reference and the index, sixteen posts share a hot cache
 * line (as in a queue of {@code Runnable}s), and the cold array is not touched. When the loop may run it
 * at once ({@link LoopRunner#runsPlainNow}: no await filter, nothing kept aside, not watched) the
 * consumer runs it straight from the slot; otherwise it materialises a message, as for every other op,
 * in a message from its own thread's cache (which never leaves that thread) and delivers that.
 *
 * <p>Unbounded by growth: when a ring is full, the producer that wins the CAS to {@code LOCKED} links
 * a ring twice the size, writes JUMP into the old ring at its index and unlocks; the consumer follows
 * the JUMP after the old ring's last message. One slot of each ring is always kept free, so the JUMP
 * never overwrites a message the consumer has not taken. A ring is never shrunk: the mailbox keeps
 * the capacity of its largest backlog, and steady-state posts allocate nothing.
 *
 * <p>The close protocol (see the package doc) holds unchanged: a producer's index CAS precedes its
 * load of {@code closed}; a producer that finds the loop closed publishes a REJECTED slot, which the
 * consumer counts as taken and skips.
 *
 * <p>Threading: {@link #offer} from any thread; {@link #drain}, {@link #isEmpty()} and {@link #taken()}
 * only on the thread running the loop; {@link #offers()} and {@link #lpTaken()} from any thread.
 */
final class SlotMailbox extends SlotMailboxPad2 {
    private static final VarHandle PRODUCER_INDEX;
    private static final VarHandle PRODUCER_LIMIT;
    private static final VarHandle CONSUMER_INDEX;
    private static final VarHandle USER_PENDING;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
    /** Set in {@code producerIndex} while a producer links a bigger ring. */
    private static final long LOCKED = Long.MIN_VALUE;
    /** The cold array holds seven references per slot: the largest ring whose arrays Java can index. */
    static final int MAX_CAPACITY = 1 << 28;
    private static final int COLD = 7;
    /** Published by a producer that found the loop closed: counted as taken, never run. */
    private static final Object REJECTED = new Object();
    /** Published in the old ring at the index where the next ring takes over. */
    private static final Object JUMP = new Object();

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PRODUCER_INDEX = l.findVarHandle(SlotMailboxProducerFields.class, "producerIndex", long.class);
            PRODUCER_LIMIT = l.findVarHandle(SlotMailboxProducerFields.class, "producerLimit", long.class);
            CONSUMER_INDEX = l.findVarHandle(SlotMailboxConsumerFields.class, "consumerIndex", long.class);
            USER_PENDING = l.findVarHandle(SlotMailboxProducerFields.class, "userPending", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One ring of slots. Immutable but for the slots and {@link #next}. */
    static final class Ring {
        final int mask;
        /** The index at which this ring took over: slots below {@code start + capacity} start out free. */
        final long start;
        final Object[] hot;
        final Object[] cold;
        /** The ring that follows; written before the JUMP that announces it is published. */
        Ring next;

        Ring(int capacity, long start) {
            this.mask = capacity - 1;
            this.start = start;
            hot = new Object[capacity]; // deliberate: construction or growth
            cold = new Object[COLD * capacity];
        }

        int capacity() {
            return mask + 1;
        }

        /** Indices below this are free: one slot is always kept for a JUMP. */
        long limit(long consumed) {
            return Math.max(consumed, start) + mask;
        }
    }

    /** Largest ring: a power of two, at most {@link #MAX_CAPACITY} (smaller in tests). */
    private final int maxCapacity;
    /** BOUNDED: at most this many user messages pending before other threads wait; 0: unbounded. */
    private final int bound;

    SlotMailbox(int initialCapacity) {
        this(initialCapacity, MAX_CAPACITY, 0);
    }

    SlotMailbox(int initialCapacity, int maxCapacity) {
        this(initialCapacity, maxCapacity, 0);
    }

    /**
     * The {@code BOUNDED} mailbox: the same ring, but a thread other than the loop's own waits while
     * {@code capacity} user messages are pending (offered, not yet taken). The loop's own thread and
     * the library's own messages ({@link Dispatch#exempt}) never wait; the ring grows for them. A
     * message is no longer pending once taken, so what an await keeps aside or runs holds no room.
     */
    static SlotMailbox bounded(int capacity) {
        return new SlotMailbox(capacity + 1, MAX_CAPACITY, capacity);
    }

    private SlotMailbox(int initialCapacity, int maxCapacity, int bound) {
        this.maxCapacity = maxCapacity;
        this.bound = bound;
        int capacity = Integer.highestOneBit(Math.max(2, Math.min(maxCapacity, initialCapacity)) - 1) << 1;
        Ring r = new Ring(capacity, 0);
        producerRing = r;
        consumerRing = r;
        producerLimit = r.limit(0);
    }

    /** The current ring's size; for tests. */
    int capacity() {
        return producerRing.capacity();
    }

    @Override
    boolean offer(LoopCore loop, LoopContext ctx, Dispatch op, Object fn, Object a, Object b, Object c, Object d,
                  ReplyImpl<?> reply, ReplyImpl<?> chain) {
        boolean permit = bound != 0 && !op.exempt;
        if (permit) acquirePermit(loop, ctx);
        long p;
        Ring r;
        for (int attempt = 0; ; ) {
            p = (long) PRODUCER_INDEX.getVolatile(this);
            if (p < 0) { // another producer is linking a bigger ring (allocating it)
                Wait.backOff(attempt++);
                continue;
            }
            // Read after the index: a ring or limit newer than p comes with a newer index, so the CAS fails.
            r = producerRing;
            if (p >= (long) PRODUCER_LIMIT.getOpaque(this) && !refreshLimit(r, p)) {
                if (r.capacity() < maxCapacity) {
                    if (PRODUCER_INDEX.compareAndSet(this, p, (p + 1) | LOCKED)) {
                        r = grow(r, p);
                        break;
                    }
                } else {
                    if (loop.isOwnThread(ctx)) {
                        if (permit) USER_PENDING.getAndAdd(this, -1L);
                        throw fullForItself(loop);
                    }
                    // No early exit on close: the loop drains before it ends, so room comes, and the
                    // claimed slot is then stamped REJECTED and counted like every other offer.
                    Wait.backOff(attempt++);
                }
                continue;
            }
            if (PRODUCER_INDEX.compareAndSet(this, p, p + 1)) break;
        }
        // The index is visible before the slot: the consumer spins on a null op (see the package doc).
        int i = (int) p & r.mask;
        if (loop.lvClosed()) {
            if (permit) USER_PENDING.getAndAdd(this, -1L); // a REJECTED slot is never pending
            SLOT.setRelease(r.hot, i, REJECTED);
            return false;
        }
        // A plain task: one reference. No Dispatch is a Runnable (its constructor checks), so the consumer
        // tells the two apart by type, and the producer never reads the task object (a line its loop writes).
        if (op == Ops.RUN0 && chain == null) {
            SLOT.setRelease(r.hot, i, fn);
            return true;
        }
        // Only non-null fields: the consumer leaves the cold slots null, so unused ones are never written.
        int k = COLD * i;
        Object[] cold = r.cold;
        if (fn != null) cold[k] = fn;
        if (a != null) cold[k + 1] = a;
        if (b != null) cold[k + 2] = b;
        if (c != null) cold[k + 3] = c;
        if (d != null) cold[k + 4] = d;
        if (reply != null) cold[k + 5] = reply;
        if (chain != null) cold[k + 6] = chain;
        SLOT.setRelease(r.hot, i, op); // publishes the fields above
        return true;
    }

    /**
     * BOUNDED: counts a user message as pending, first waiting while {@code bound} are, unless this is
     * the loop's own thread (it alone makes room) or the loop closed (the offer is then rejected).
     */
    private void acquirePermit(LoopCore loop, LoopContext ctx) {
        if (loop.isOwnThread(ctx)) {
            USER_PENDING.getAndAdd(this, 1L);
            return;
        }
        for (int attempt = 0; ; ) {
            long u = (long) USER_PENDING.getVolatile(this);
            if (u < bound || loop.lvClosed()) {
                if (USER_PENDING.compareAndSet(this, u, u + 1)) return;
            } else {
                Wait.backOff(attempt++);
            }
        }
    }

    /** Re-reads the consumer index: true (and a raised cached limit) if index {@code p} of {@code r} is free. */
    private boolean refreshLimit(Ring r, long p) {
        long limit = r.limit((long) CONSUMER_INDEX.getVolatile(this)); // acquire: the slots it freed are clear
        if (p < limit) {
            PRODUCER_LIMIT.setOpaque(this, limit);
            return true;
        }
        return false;
    }

    /**
     * Called holding the lock (index {@code p} claimed, LOCKED set): links a ring twice the size in which
     * index {@code p} and the ones after it go, then unlocks. Returns the new ring.
     */
    private Ring grow(Ring old, long p) {
        Ring next;
        try {
            next = new Ring(old.capacity() * 2, p); // deliberate: growth
        } catch (Throwable t) { // OutOfMemoryError: release the lock, index p is unclaimed again
            PRODUCER_INDEX.setVolatile(this, p);
            throw t;
        }
        old.next = next;
        producerRing = next; // volatile
        PRODUCER_LIMIT.setOpaque(this, next.limit(p));
        // Free: full means p - capacity was taken already (or never written), see the class doc.
        SLOT.setRelease(old.hot, (int) p & old.mask, JUMP); // publishes old.next
        PRODUCER_INDEX.setVolatile(this, p + 1); // unlock: publishes the ring and the limit
        return next;
    }

    /** The ring is at its largest and full, and the loop's own thread posts: waiting would never end. */
    private IllegalStateException fullForItself(LoopCore loop) {
        return new IllegalStateException("the mailbox of loop '" + loop.name() + "' is full at "
                + maxCapacity + " slots: the loop is posting to itself faster than it runs");
    }

    @Override
    int drain(LoopCore loop, LoopContext ctx, int limit) {
        LoopRunner runner = loop.runner;
        int n = 0;
        while (n < limit) {
            // Re-read every time: a task may run a nested await that drains this mailbox further.
            Ring r = consumerRing;
            long ci = consumerIndex; // own field (a volatile read costs a plain load on x86)
            int i = (int) ci & r.mask;
            Object[] hot = r.hot;
            Object v = SLOT.getAcquire(hot, i);
            if (v == null) break; // empty, or an offer in progress: the caller decides with isEmpty()
            if (v == JUMP) {
                consumerRing = r.next;
                continue;
            }
            n++;
            if (v == REJECTED) {
                hot[i] = null;
                CONSUMER_INDEX.setRelease(this, ci + 1);
                continue;
            }
            if (!(v instanceof Dispatch)) { // a plain task
                hot[i] = null;
                CONSUMER_INDEX.setRelease(this, ci + 1); // the cleared slot is free for a producer that reads this
                // Taken: no longer pending, before it runs (a nested await inside it must not hold room).
                if (bound != 0) USER_PENDING.getAndAdd(this, -1L);
                if (runner.runsPlainNow()) {
                    runner.runPlain((Runnable) v, ctx);
                } else {
                    Message m = MessagePool.acquire(ctx);
                    m.set(Ops.RUN0, v, null, null, null, null, null, null);
                    runner.deliver(m, ctx);
                    MessagePool.release(ctx, m);
                }
                continue;
            }
            Message m = MessagePool.acquire(ctx); // from this thread's own cache: the message never leaves it
            int k = COLD * i;
            Object[] cold = r.cold;
            Object fn = cold[k], a = cold[k + 1], b = cold[k + 2], c = cold[k + 3], d = cold[k + 4];
            Object reply = cold[k + 5], chain = cold[k + 6];
            if (fn != null) cold[k] = null;
            if (a != null) cold[k + 1] = null;
            if (b != null) cold[k + 2] = null;
            if (c != null) cold[k + 3] = null;
            if (d != null) cold[k + 4] = null;
            if (reply != null) cold[k + 5] = null;
            if (chain != null) cold[k + 6] = null;
            Dispatch op = (Dispatch) v;
            m.set(op, fn, a, b, c, d, (ReplyImpl<?>) reply, (ReplyImpl<?>) chain);
            hot[i] = null;
            CONSUMER_INDEX.setRelease(this, ci + 1);
            if (bound != 0 && !op.exempt) USER_PENDING.getAndAdd(this, -1L);
            runner.deliver(m, ctx);
            MessagePool.release(ctx, m);
        }
        return n;
    }

    @Override
    boolean isEmpty() {
        // Any thread: a stale consumer index only makes a taken message look pending.
        return consumerIndex == ((long) PRODUCER_INDEX.getVolatile(this) & ~LOCKED);
    }

    @Override
    long offers() {
        return (long) PRODUCER_INDEX.getVolatile(this) & ~LOCKED;
    }

    @Override
    long taken() {
        return consumerIndex;
    }

    @Override
    long lpTaken() {
        return (long) CONSUMER_INDEX.getAcquire(this);
    }
}
