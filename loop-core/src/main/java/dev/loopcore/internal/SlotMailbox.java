package dev.loopcore.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

// Padding: JDK 15+ packs fields of one class by size, so each group of hot fields sits between two
// classes of 128 byte fields (two cache lines: the adjacent-line prefetcher pulls lines in pairs).

abstract class SlotMailboxPad0 extends Mailbox {
    byte b0000, b0001, b0002, b0003, b0004, b0005, b0006, b0007, b0008, b0009, b0010, b0011, b0012, b0013, b0014, b0015;
    byte b0016, b0017, b0018, b0019, b0020, b0021, b0022, b0023, b0024, b0025, b0026, b0027, b0028, b0029, b0030, b0031;
    byte b0032, b0033, b0034, b0035, b0036, b0037, b0038, b0039, b0040, b0041, b0042, b0043, b0044, b0045, b0046, b0047;
    byte b0048, b0049, b0050, b0051, b0052, b0053, b0054, b0055, b0056, b0057, b0058, b0059, b0060, b0061, b0062, b0063;
    byte b0064, b0065, b0066, b0067, b0068, b0069, b0070, b0071, b0072, b0073, b0074, b0075, b0076, b0077, b0078, b0079;
    byte b0080, b0081, b0082, b0083, b0084, b0085, b0086, b0087, b0088, b0089, b0090, b0091, b0092, b0093, b0094, b0095;
    byte b0096, b0097, b0098, b0099, b0100, b0101, b0102, b0103, b0104, b0105, b0106, b0107, b0108, b0109, b0110, b0111;
    byte b0112, b0113, b0114, b0115, b0116, b0117, b0118, b0119, b0120, b0121, b0122, b0123, b0124, b0125, b0126, b0127;
}

/** Written by producers: the claim index (CAS), the ring they write into, their cached room. */
abstract class SlotMailboxProducerFields extends SlotMailboxPad0 {
    volatile long producerIndex;
    /** Indices below this are known to be free in {@link #producerRing} (opaque; a stale value is smaller). */
    long producerLimit;
    volatile SlotMailbox.Ring producerRing;
    /** BOUNDED only: user messages offered and not yet taken (producers add, the consumer subtracts). */
    volatile long userPending;
}

abstract class SlotMailboxPad1 extends SlotMailboxProducerFields {
    byte b1000, b1001, b1002, b1003, b1004, b1005, b1006, b1007, b1008, b1009, b1010, b1011, b1012, b1013, b1014, b1015;
    byte b1016, b1017, b1018, b1019, b1020, b1021, b1022, b1023, b1024, b1025, b1026, b1027, b1028, b1029, b1030, b1031;
    byte b1032, b1033, b1034, b1035, b1036, b1037, b1038, b1039, b1040, b1041, b1042, b1043, b1044, b1045, b1046, b1047;
    byte b1048, b1049, b1050, b1051, b1052, b1053, b1054, b1055, b1056, b1057, b1058, b1059, b1060, b1061, b1062, b1063;
    byte b1064, b1065, b1066, b1067, b1068, b1069, b1070, b1071, b1072, b1073, b1074, b1075, b1076, b1077, b1078, b1079;
    byte b1080, b1081, b1082, b1083, b1084, b1085, b1086, b1087, b1088, b1089, b1090, b1091, b1092, b1093, b1094, b1095;
    byte b1096, b1097, b1098, b1099, b1100, b1101, b1102, b1103, b1104, b1105, b1106, b1107, b1108, b1109, b1110, b1111;
    byte b1112, b1113, b1114, b1115, b1116, b1117, b1118, b1119, b1120, b1121, b1122, b1123, b1124, b1125, b1126, b1127;
}

/** Written by the consumer: producers read {@link #consumerIndex} only when their cached room runs out. */
abstract class SlotMailboxConsumerFields extends SlotMailboxPad1 {
    volatile long consumerIndex;
    SlotMailbox.Ring consumerRing;
}

abstract class SlotMailboxPad2 extends SlotMailboxConsumerFields {
    byte b2000, b2001, b2002, b2003, b2004, b2005, b2006, b2007, b2008, b2009, b2010, b2011, b2012, b2013, b2014, b2015;
    byte b2016, b2017, b2018, b2019, b2020, b2021, b2022, b2023, b2024, b2025, b2026, b2027, b2028, b2029, b2030, b2031;
    byte b2032, b2033, b2034, b2035, b2036, b2037, b2038, b2039, b2040, b2041, b2042, b2043, b2044, b2045, b2046, b2047;
    byte b2048, b2049, b2050, b2051, b2052, b2053, b2054, b2055, b2056, b2057, b2058, b2059, b2060, b2061, b2062, b2063;
    byte b2064, b2065, b2066, b2067, b2068, b2069, b2070, b2071, b2072, b2073, b2074, b2075, b2076, b2077, b2078, b2079;
    byte b2080, b2081, b2082, b2083, b2084, b2085, b2086, b2087, b2088, b2089, b2090, b2091, b2092, b2093, b2094, b2095;
    byte b2096, b2097, b2098, b2099, b2100, b2101, b2102, b2103, b2104, b2105, b2106, b2107, b2108, b2109, b2110, b2111;
    byte b2112, b2113, b2114, b2115, b2116, b2117, b2118, b2119, b2120, b2121, b2122, b2123, b2124, b2125, b2126, b2127;
}

/**
 * The unbounded mailbox: a many-to-one ring whose slots hold a message's fields inline, so a post
 * moves a few references through shared cache lines instead of a whole message object. Producers
 * claim an index with a CAS on {@code producerIndex}, write the slot's fields and publish it by a
 * release store of its {@code op}; the consumer copies a published slot into a message from its own
 * thread's cache (which never leaves that thread) and clears the slot. A post of a plain task writes
 * two references of a 16-byte hot slot and one index: four posts share a cache line.
 *
 * <pre>
 *   hot[2i]   op    (publication: null = free or being written; JUMP; REJECTED; or the Dispatch)
 *   hot[2i+1] fn
 *   cold[6i..6i+5]  a, b, c, d, reply, chain   (written only when not null, so plain tasks never touch them)
 * </pre>
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
 * only on the thread running the loop; {@link #offers()} from any thread.
 */
final class SlotMailbox extends SlotMailboxPad2 {
    private static final VarHandle PRODUCER_INDEX;
    private static final VarHandle PRODUCER_LIMIT;
    private static final VarHandle CONSUMER_INDEX;
    private static final VarHandle USER_PENDING;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
    /** Set in {@code producerIndex} while a producer links a bigger ring. */
    private static final long LOCKED = Long.MIN_VALUE;
    /** The cold array holds six references per slot: the largest ring whose arrays Java can index. */
    static final int MAX_CAPACITY = 1 << 28;
    private static final int COLD = 6;
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
            hot = new Object[2 * capacity]; // deliberate: construction or growth
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
            SLOT.setRelease(r.hot, 2 * i, REJECTED);
            return false;
        }
        r.hot[2 * i + 1] = fn;
        // Only non-null fields: the consumer leaves the cold slots null, so a plain task never writes them.
        int k = COLD * i;
        Object[] cold = r.cold;
        if (a != null) cold[k] = a;
        if (b != null) cold[k + 1] = b;
        if (c != null) cold[k + 2] = c;
        if (d != null) cold[k + 3] = d;
        if (reply != null) cold[k + 4] = reply;
        if (chain != null) cold[k + 5] = chain;
        SLOT.setRelease(r.hot, 2 * i, op); // publishes the fields above
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
        SLOT.setRelease(old.hot, 2 * ((int) p & old.mask), JUMP); // publishes old.next
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
        int n = 0;
        while (n < limit) {
            // Re-read every time: deliver() may run a nested await that drains this mailbox further.
            Ring r = consumerRing;
            long ci = consumerIndex; // own field (a volatile read costs a plain load on x86)
            int i = (int) ci & r.mask;
            Object[] hot = r.hot;
            Object op = SLOT.getAcquire(hot, 2 * i);
            if (op == null) break; // empty, or an offer in progress: the caller decides with isEmpty()
            if (op == JUMP) {
                consumerRing = r.next;
                continue;
            }
            n++;
            Message m = null;
            if (op != REJECTED) {
                m = MessagePool.acquire(ctx); // from this thread's own cache: the message never leaves it
                int k = COLD * i;
                Object[] cold = r.cold;
                Object a = cold[k], b = cold[k + 1], c = cold[k + 2], d = cold[k + 3];
                Object reply = cold[k + 4], chain = cold[k + 5];
                if (a != null) cold[k] = null;
                if (b != null) cold[k + 1] = null;
                if (c != null) cold[k + 2] = null;
                if (d != null) cold[k + 3] = null;
                if (reply != null) cold[k + 4] = null;
                if (chain != null) cold[k + 5] = null;
                m.set((Dispatch) op, hot[2 * i + 1], a, b, c, d, (ReplyImpl<?>) reply, (ReplyImpl<?>) chain);
                hot[2 * i + 1] = null;
            }
            hot[2 * i] = null;
            CONSUMER_INDEX.setRelease(this, ci + 1); // the cleared slot is free for a producer that reads this
            if (m != null) {
                // Taken: no longer pending, before it runs (a nested await inside it must not hold room).
                if (bound != 0 && !((Dispatch) op).exempt) USER_PENDING.getAndAdd(this, -1L);
                loop.runner.deliver(m, ctx);
                MessagePool.release(ctx, m);
            }
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
}
