package dev.loopcore.internal;

import dev.loopcore.MessageLoop;
import org.jctools.queues.MpmcUnboundedXaddArrayQueue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * The machinery behind {@link dev.loopcore.LoopPool}: a few {@link PoolThread}s taking ready
 * {@link PooledLoop}s from a shared run queue (JCTools MPMC) and running a bounded batch of each.
 *
 * <p>Idle pool threads park as "sleepers"; {@link #submit} wakes one only when the sleeper count says
 * some thread announced it parks (Dekker-style: the submitter's queue offer is a volatile RMW before
 * its volatile read of {@code sleepers}; a sleeper increments {@code sleepers} before re-checking the
 * queue). The registry of loops (for close) is an intrusive list under a lock: touched once per loop
 * creation and termination, never per message.
 */
public final class Pool {
    private static final VarHandle SLEEPERS;
    private static final VarHandle THREAD_PARKED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            SLEEPERS = l.findVarHandle(Pool.class, "sleepers", int.class);
            THREAD_PARKED = l.findVarHandle(PoolThread.class, "parked", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    final BiConsumer<? super MessageLoop, ? super Throwable> uncaughtHandler = null;
    private final PoolThread[] threads;
    private final MpmcUnboundedXaddArrayQueue<PooledLoop> runQueue = new MpmcUnboundedXaddArrayQueue<>(1024, 8);
    private final CountDownLatch threadsDone;
    private volatile int sleepers;
    private volatile boolean finished;

    private final Object lock = new Object();
    private PooledLoop registry; // guarded by lock
    private int live;            // guarded by lock
    private boolean closed;      // guarded by lock
    private MessageLoop timerLoop; // guarded by lock

    public Pool(String name, int threadCount) {
        this.name = name;
        this.threads = new PoolThread[threadCount];
        this.threadsDone = new CountDownLatch(threadCount);
        for (int i = 0; i < threadCount; i++) {
            threads[i] = new PoolThread(this, name + "-" + i);
        }
        for (PoolThread t : threads) t.start();
    }

    public String name() {
        return name;
    }

    public MessageLoop newLoop(String loopName) {
        synchronized (lock) {
            if (closed) throw new IllegalStateException("pool '" + name + "' is closed");
            PooledLoop l = new PooledLoop(this, loopName);
            l.nextLoop = registry;
            if (registry != null) registry.prevLoop = l;
            registry = l;
            live++;
            return l;
        }
    }

    void terminated(PooledLoop l) {
        synchronized (lock) {
            if (l.prevLoop != null) l.prevLoop.nextLoop = l.nextLoop;
            else if (registry == l) registry = l.nextLoop;
            if (l.nextLoop != null) l.nextLoop.prevLoop = l.prevLoop;
            l.prevLoop = l.nextLoop = null;
            live--;
            checkFinished();
        }
    }

    /** Under lock. */
    private void checkFinished() {
        if (closed && live == 0 && !finished) {
            finished = true;
            for (PoolThread t : threads) LockSupport.unpark(t);
        }
    }

    /** The thread that wakes pooled loops whose timers are due; created on first use. */
    MessageLoop timerLoop() {
        synchronized (lock) {
            if (timerLoop == null) {
                timerLoop = dev.loopcore.MessageLoop.builder(name + "-timer").daemon(true).start();
            }
            return timerLoop;
        }
    }

    public void close() {
        PooledLoop[] all;
        synchronized (lock) {
            if (closed) return;
            closed = true;
            all = new PooledLoop[live]; // deliberate: cold path
            int i = 0;
            for (PooledLoop l = registry; l != null && i < all.length; l = l.nextLoop) all[i++] = l;
            checkFinished();
        }
        for (PooledLoop l : all) {
            if (l != null) l.close();
        }
    }

    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        long nanos = Math.max(0, ReplyImpl.saturatedNanos(timeout));
        boolean done = threadsDone.await(Math.min(nanos, Long.MAX_VALUE / 4), TimeUnit.NANOSECONDS);
        if (done) {
            MessageLoop t;
            synchronized (lock) {
                t = timerLoop;
            }
            if (t != null) {
                t.close();
                return t.awaitTermination(timeout);
            }
        }
        return done;
    }

    void submit(PooledLoop l) {
        runQueue.offer(l);
        if (sleepers > 0) wakeOne();
    }

    PooledLoop pollRunQueue() {
        return runQueue.poll();
    }

    private void wakeOne() {
        for (PoolThread t : threads) {
            if (t.parked != 0 && THREAD_PARKED.compareAndSet(t, 1, 0)) {
                LockSupport.unpark(t);
                return;
            }
        }
    }

    private void threadBody(PoolThread t) {
        LoopContext ctx = t.context;
        int idle = 0;
        try {
            for (;;) {
                PooledLoop l = runQueue.poll();
                if (l != null) {
                    if (l.claim()) l.runBatch(ctx);
                    idle = 0;
                    continue;
                }
                if (finished) return;
                if (idle < 2_000) {
                    Thread.onSpinWait();
                } else {
                    park(t, () -> !finished, null, null, 0L);
                }
                idle++;
            }
        } finally {
            threadsDone.countDown();
        }
    }

    /**
     * Parks the calling pool thread as a sleeper until new work is submitted, {@code stillIdle} turns
     * false, a reply completes or a pooled loop's message arrives (when given), or the deadline (0: none).
     */
    private void park(PoolThread t, BooleanSupplier stillIdle, ReplyImpl<?> reply, PooledLoop awaiting, long deadline) {
        if (reply != null) reply.setWaiter(t);
        if (awaiting != null) awaiting.setParked(true);
        THREAD_PARKED.setVolatile(t, 1);
        SLEEPERS.getAndAdd(this, 1);
        try {
            if (runQueue.isEmpty() && stillIdle.getAsBoolean()) {
                if (deadline == 0L) {
                    LockSupport.park(this);
                } else {
                    long left = deadline - System.nanoTime();
                    if (left > 0) LockSupport.parkNanos(this, left);
                }
            }
        } finally {
            SLEEPERS.getAndAdd(this, -1);
            THREAD_PARKED.setOpaque(t, 0);
            if (awaiting != null) awaiting.setParked(false);
            if (reply != null) reply.setWaiter(null);
        }
    }

    /** A pooled loop's await on a pool thread found nothing to do: park until something changes. */
    void sleep(BooleanSupplier stillIdle, ReplyImpl<?> reply, PooledLoop awaiting, long deadline) {
        Thread cur = Thread.currentThread();
        if (cur instanceof PoolThread) {
            park((PoolThread) cur, stillIdle, reply, awaiting, deadline);
        } else {
            LockSupport.parkNanos(this, 100_000L); // a pooled loop awaited off its pool: cannot happen today
        }
    }

    /** A thread of this pool. */
    static final class PoolThread extends LoopThread {
        volatile int parked;

        PoolThread(Pool pool, String name) {
            super(null, name, true);
            this.pool = pool;
        }

        private final Pool pool;

        @Override
        public void run() {
            pool.threadBody(this);
        }
    }
}
