package dev.loopcore.internal;

import dev.loopcore.IdleStrategy;
import dev.loopcore.MailboxKind;
import dev.loopcore.MessageLoop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * The machinery behind {@link dev.loopcore.LoopPool}: a few worker threads taking ready
 * {@link PooledLoop}s from a shared {@link RunQueue} and running a bounded batch of each.
 *
 * <p>Idle workers park as "sleepers"; {@link #submit} wakes one only when the sleeper count says some
 * worker announced it parks (Dekker-style: the submitter's queue offer is a volatile RMW before its
 * volatile read of {@code sleepers}; a sleeper increments {@code sleepers} before re-checking the
 * queue). The registry of loops (for close) is an intrusive list under a lock: touched once per loop
 * creation and termination, never per message (why a lock: cold, and close needs a consistent list).
 * Once the pool is closed and its last loop terminated, the workers and the timer helper end on
 * their own.
 */
public final class Pool {
    private static final VarHandle SLEEPERS;
    private static final VarHandle WORKER_PARKED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            SLEEPERS = l.findVarHandle(Pool.class, "sleepers", int.class);
            WORKER_PARKED = l.findVarHandle(Worker.class, "parked", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    final BiConsumer<? super MessageLoop, ? super Throwable> uncaughtHandler;
    final IdleStrategy idleStrategy;
    /** Contract 17's thresholds for every loop of the pool, 0 for none. */
    final long stallNanos;
    final long congestionNanos;
    private final ThreadFactory threadFactory;
    private final Worker[] workers;
    private final RunQueue<PooledLoop> runQueue = new RunQueue<>();
    private final CountDownLatch workersDone;
    private volatile int sleepers;
    private volatile boolean finished;

    private final Object lock = new Object();
    private PooledLoop registry; // guarded by lock
    private int live;            // guarded by lock
    private boolean closed;      // guarded by lock
    private MessageLoop timerLoop; // guarded by lock

    /** {@code threadFactory} null: daemon threads named {@code name-i}; {@code idle} null: the pool default. */
    public Pool(String name, int threadCount, ThreadFactory threadFactory,
                BiConsumer<? super MessageLoop, ? super Throwable> uncaughtHandler, IdleStrategy idle) {
        this(name, threadCount, threadFactory, uncaughtHandler, idle, 0L, 0L);
    }

    /** {@code stallNanos}, {@code congestionNanos}: watch every loop of the pool (contract 17), 0 for none. */
    public Pool(String name, int threadCount, ThreadFactory threadFactory,
                BiConsumer<? super MessageLoop, ? super Throwable> uncaughtHandler, IdleStrategy idle,
                long stallNanos, long congestionNanos) {
        this.name = name;
        this.stallNanos = stallNanos;
        this.congestionNanos = congestionNanos;
        this.uncaughtHandler = uncaughtHandler;
        this.idleStrategy = idle != null ? idle : IdleStrategy.backoff(2_000, 0);
        this.threadFactory = threadFactory;
        this.workers = new Worker[threadCount];
        this.workersDone = new CountDownLatch(threadCount);
        for (int i = 0; i < threadCount; i++) {
            Worker w = new Worker();
            w.thread = threadFactory == null ? new LoopThread(w, name + "-" + i, true) : threadFactory.newThread(w);
            if (w.thread == null) throw new IllegalStateException("threadFactory returned null for pool '" + name + "'");
            workers[i] = w;
        }
        for (Worker w : workers) w.thread.start();
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
            l.startWatching(); // before anyone can post to it or close it
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

    /** Under lock: the pool is closed and empty: end the workers and the timer helper. */
    private void checkFinished() {
        if (closed && live == 0 && !finished) {
            finished = true;
            if (timerLoop != null) timerLoop.close();
            for (Worker w : workers) LockSupport.unpark(w.thread);
        }
    }

    /** The loop that wakes pooled loops whose timers are due; created on first use, by the thread factory too. */
    MessageLoop timerLoop() {
        synchronized (lock) {
            if (timerLoop == null) {
                timerLoop = Loops.startThreadLoop(name + "-timer", MailboxKind.UNBOUNDED, 64,
                        IdleStrategy.backoff(500, 0), true, threadFactory, uncaughtHandler);
                if (finished) timerLoop.close();
            }
            return timerLoop;
        }
    }

    /** A snapshot of the pool's loops that have not terminated, newest first (cold: under the registry lock). */
    public java.util.List<MessageLoop> loops() {
        synchronized (lock) {
            java.util.List<MessageLoop> all = new java.util.ArrayList<>(live); // deliberate: a snapshot
            // A loop leaves the registry just after it reports termination: skip those in between.
            for (PooledLoop l = registry; l != null; l = l.nextLoop) if (!l.isTerminated()) all.add(l);
            return java.util.Collections.unmodifiableList(all);
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
        long deadline = Wait.deadline(timeout);
        if (!workersDone.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) return false;
        MessageLoop t;
        synchronized (lock) {
            t = timerLoop;
        }
        return t == null || t.awaitTermination(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    void submit(PooledLoop l) {
        runQueue.offer(l);
        if (sleepers > 0) wakeOne();
    }

    PooledLoop pollRunQueue() {
        return runQueue.poll();
    }

    private void wakeOne() {
        for (Worker w : workers) {
            if (w.parked != 0 && WORKER_PARKED.compareAndSet(w, 1, 0)) {
                LockSupport.unpark(w.thread);
                return;
            }
        }
    }

    /**
     * Parks the calling worker as a sleeper until new work is submitted, {@code stillIdle} turns false,
     * it is unparked, or the deadline (0: none).
     */
    private void park(Worker w, BooleanSupplier stillIdle, long deadline) {
        WORKER_PARKED.setVolatile(w, 1);
        SLEEPERS.getAndAdd(this, 1);
        try {
            if (runQueue.isEmpty() && stillIdle.getAsBoolean()) Wait.park(this, deadline);
        } finally {
            SLEEPERS.getAndAdd(this, -1);
            WORKER_PARKED.setOpaque(w, 0);
        }
    }

    /** A pooled loop's await on a worker found nothing to do: park until something changes. */
    void sleep(LoopContext ctx, BooleanSupplier stillIdle, long deadline) {
        Worker w = ctx.worker;
        if (w != null && w.pool == this) {
            park(w, stillIdle, deadline);
        } else if (stillIdle.getAsBoolean()) {
            // A pooled loop awaited off its pool's workers (e.g. lent to another pool): poll gently.
            Wait.park(this, Wait.earlier(deadline, System.nanoTime() + 100_000L | 1L));
        }
    }

    /** One worker thread of the pool: runs ready loops, spins per the idle strategy, then sleeps. */
    final class Worker implements Runnable {
        final Pool pool = Pool.this;
        volatile int parked;
        Thread thread;

        @Override
        public void run() {
            LoopContext ctx = LoopContext.runner();
            ctx.worker = this;
            IdleStrategy s = idleStrategy;
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
                    if (idle < s.spins()) {
                        Thread.onSpinWait();
                    } else if (idle < s.spins() + s.yields() || !s.parks()) {
                        Thread.yield();
                    } else {
                        park(this, () -> !finished, 0L);
                    }
                    idle++;
                }
            } finally {
                ctx.worker = null;
                workersDone.countDown();
            }
        }
    }
}
