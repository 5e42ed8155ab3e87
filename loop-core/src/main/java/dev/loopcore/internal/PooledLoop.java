package dev.loopcore.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * A loop multiplexed over a {@link Pool}'s threads. Its state moves IDLE -> SCHEDULED (a producer that
 * finds it idle puts it in the pool's run queue) -> RUNNING (a pool thread claims it by CAS) -> IDLE
 * or SCHEDULED again, or TERMINATED.
 *
 * <p>Invariant: only the thread that won the SCHEDULED -> RUNNING CAS touches the loop's consumer
 * state ({@link LoopRunner}, the timer wake-up fields, {@link #suspendedNext}), until its release
 * store back to IDLE; what it must know after that store (is more work ready?) it reads before it.
 * The CAS and the release store order every batch after the previous one, whichever thread ran it:
 * the happens-before of contract 1 across migrations. After the store it reads only producer-side
 * state (the mailbox's emptiness, {@code closed}), Dekker-style against producers that found the loop
 * RUNNING and so did not schedule it.
 *
 * <p>Run-queue entries are hints: whoever wins the CAS runs the loop, so an awaiting thread can claim
 * its target directly and leave a stale entry behind.
 */
final class PooledLoop extends LoopCore {
    static final int IDLE = 0;
    static final int SCHEDULED = 1;
    static final int RUNNING = 2;
    static final int TERMINATED = 3;
    /** A busy loop yields its thread after this many messages. */
    static final int POOL_BATCH = 64;
    /** Spins of an await with nothing to run before it parks as a sleeper of the pool. */
    private static final int AWAIT_SPINS = 64;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(PooledLoop.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Pool pool;
    private volatile int state;
    /** Registry links, guarded by the pool's lock. */
    PooledLoop prevLoop;
    PooledLoop nextLoop;
    /** Consumer: the timer deadline a wake-up is registered for (0: none). */
    private long wakeupAt;
    /** Consumer: the loop whose await was suspended on this thread before this one's (see {@link #lend}). */
    private PooledLoop suspendedNext;

    PooledLoop(Pool pool, String name) {
        super(name, new LinkedMailbox(), pool.idleStrategy, pool.uncaughtHandler, pool.stallNanos, pool.congestionNanos);
        this.pool = pool;
    }

    @Override
    void signal() {
        if ((int) STATE.getVolatile(this) == IDLE) {
            if (STATE.compareAndSet(this, IDLE, SCHEDULED)) pool.submit(this);
        } else {
            super.signal(); // running: its thread may be parked in an await
        }
    }

    @Override
    void onClose() {
        super.onClose();
        if (STATE.compareAndSet(this, IDLE, SCHEDULED)) pool.submit(this); // a pool thread terminates it
    }

    /** Pool thread: true if this thread may run the loop now. */
    boolean claim() {
        return (int) STATE.getVolatile(this) == SCHEDULED && STATE.compareAndSet(this, SCHEDULED, RUNNING);
    }

    /** Pool thread, after {@link #claim()}: runs one batch, then gives the loop up. */
    void runBatch(LoopContext ctx) {
        LoopCore outer = ctx.loop;
        ctx.loop = this;
        thread = Thread.currentThread();
        boolean more = false;
        try {
            runner.runOnce(ctx, POOL_BATCH);
            runner.flushCounters(ctx); // the thread's counts move on to another loop next
            if (lvClosed()) {
                terminate(ctx);
            } else {
                more = runner.hasReadyWork(); // consumer state: read while this thread still owns the loop
                if (!more) registerTimerWakeup();
            }
        } finally {
            ctx.loop = outer;
        }
        if (isTerminated()) {
            STATE.setRelease(this, TERMINATED);
            return;
        }
        STATE.setVolatile(this, IDLE); // hands the consumer state over: nothing below touches it
        // A producer that offered while we were RUNNING did not schedule us: look again.
        if ((more || !mailbox.isEmpty() || lvClosed()) && STATE.compareAndSet(this, IDLE, SCHEDULED)) {
            pool.submit(this);
        }
    }

    private void registerTimerWakeup() {
        long at = runner.nextTimerDeadline();
        if (at == 0L || at == wakeupAt) return;
        wakeupAt = at;
        long delay = Math.max(0, at - System.nanoTime());
        pool.timerLoop().postDelayed(this::wakeForTimer, Duration.ofNanos(delay)); // deliberate: timers only
    }

    private void wakeForTimer() {
        if (STATE.compareAndSet(this, IDLE, SCHEDULED)) pool.submit(this);
    }

    @Override
    void afterTermination() {
        pool.terminated(this);
    }

    // ---- awaits on a pool thread: never starve the pool ----

    @Override
    int helpWhileAwaiting(ReplyImpl<?> r, LoopContext ctx) {
        PooledLoop below = suspendedBelowServing(r, ctx);
        if (below != null) {
            // A call back into a loop whose await this thread suspended to run us: serve it from here.
            return below.pumpSuspended(ctx);
        }
        LoopCore target = r.target;
        if (target instanceof PooledLoop && ((PooledLoop) target).pool == pool && ((PooledLoop) target).claim()) {
            return lend((PooledLoop) target, ctx);
        }
        PooledLoop other = pool.pollRunQueue();
        if (other == null) return 0;
        if (other.claim()) return lend(other, ctx);
        return 1; // a stale entry: look again before idling
    }

    /**
     * {@code r}'s target if it is a loop whose await is suspended lower on this thread's stack (so this
     * thread owns it) and whose await would run {@code r}'s call; else null.
     */
    private static PooledLoop suspendedBelowServing(ReplyImpl<?> r, LoopContext ctx) {
        for (PooledLoop l = ctx.suspendedTop; l != null; l = l.suspendedNext) {
            if (l == r.target) {
                ReplyImpl<?> f = l.runner.filter();
                return f != null && !f.isDone() && ReplyImpl.descends(r, f) ? l : null;
            }
        }
        return null;
    }

    /** On the thread where this loop's await is suspended: runs what that await would run. */
    private int pumpSuspended(LoopContext ctx) {
        LoopCore outer = ctx.loop;
        ctx.loop = this;
        try {
            return runner.runOnce(ctx, LoopRunner.BATCH);
        } finally {
            ctx.loop = outer;
        }
    }

    /** Runs a batch of {@code other} on this awaiting thread; the graph records that this await now waits for it. */
    private int lend(PooledLoop other, LoopContext ctx) {
        WaitGraph.enter(this, other, null);
        suspendedNext = ctx.suspendedTop;
        ctx.suspendedTop = this;
        try {
            other.runBatch(ctx);
        } finally {
            ctx.suspendedTop = suspendedNext;
            suspendedNext = null;
            WaitGraph.exit(this);
            thread = Thread.currentThread();
        }
        return 1;
    }

    @Override
    int idleAwaiting(int idle, ReplyImpl<?> r, long deadline) {
        if (idle < AWAIT_SPINS) {
            Thread.onSpinWait();
            return idle + 1;
        }
        // Park as a sleeper of the pool too, so that new work in the run queue wakes this thread.
        LoopContext ctx = LoopContext.current();
        PooledLoop below = suspendedBelowServing(r, ctx);
        ReplyNode.Waiter w = r.addWaiter(Thread.currentThread()); // deliberate: a park is the cold path
        if (w == null) return idle + 1;
        setParked(true);
        if (below != null) below.setParked(true); // its messages must wake this thread too
        try {
            long until = Wait.earlier(deadline, runner.nextTimerDeadline());
            if (below != null) until = Wait.earlier(until, below.runner.nextTimerDeadline());
            pool.sleep(ctx, () -> !r.isDone() && mailbox.isEmpty() && !runner.hasReadyWork()
                    && (below == null || (below.mailbox.isEmpty() && !below.runner.hasReadyWork())), until);
        } finally {
            if (below != null) below.setParked(false);
            setParked(false);
            r.removeWaiter(w);
        }
        return idle + 1;
    }
}
