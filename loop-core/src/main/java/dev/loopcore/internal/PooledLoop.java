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
final class PooledLoop extends LoopCore implements RunQueue.Linked<PooledLoop> {
    static final int IDLE = 0;
    static final int SCHEDULED = 1;
    static final int RUNNING = 2;
    static final int TERMINATED = 3;
    /** A busy loop yields its thread after this many messages. */
    static final int POOL_BATCH = 64;
    /** Spins of an await with nothing to run before it parks as a sleeper of the pool. */
    private static final int AWAIT_SPINS = 64;
    private static final VarHandle STATE;
    private static final VarHandle TIMER_WAKE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(PooledLoop.class, "state", int.class);
            TIMER_WAKE = MethodHandles.lookup().findVarHandle(PooledLoop.class, "timerWake", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Pool pool;
    private volatile int state;
    /**
     * Set (volatile) by the pool's timer helper when a registered deadline came, before it tries to
     * schedule the loop; cleared by the owner at the start of a batch. A batch ending re-checks it after
     * its store back to IDLE, so a wake-up that found the loop RUNNING is never lost (Dekker, as for
     * producers: each side stores, then loads the other's field).
     */
    private volatile boolean timerWake;
    /** The next loop in the pool's run-queue overflow; guarded by that queue's lock (see {@link RunQueue}). */
    private PooledLoop runNext;
    /** Registry links, guarded by the pool's lock. */
    PooledLoop prevLoop;
    PooledLoop nextLoop;
    /** Consumer: the timer deadline a wake-up is registered for (0: none), and its handle. */
    private long wakeupAt;
    private dev.loopcore.Cancellable wakeup;
    /**
     * Consumer: the loop suspended on this thread before this one. A loop is on its thread's suspended
     * stack ({@code LoopContext.suspendedTop}) exactly while its await runs another loop's work on that
     * thread: a batch it {@link #lend}s, or a suspended await below it that it pumps.
     */
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
        LoopCore outer = ctx.enter(this);
        thread = Thread.currentThread();
        TIMER_WAKE.setOpaque(this, false); // the batch looks at the timers itself; a later wake-up sets it again
        boolean more = false;
        try {
            runner.runOnce(ctx, POOL_BATCH);
            if (lvClosed()) {
                terminate(ctx);
            } else {
                more = runner.hasReadyWork(); // consumer state: read while this thread still owns the loop
                if (!more) registerTimerWakeup();
            }
        } finally {
            ctx.leave(this, outer);
        }
        if (isTerminated()) {
            STATE.setRelease(this, TERMINATED);
            return;
        }
        STATE.setVolatile(this, IDLE); // hands the consumer state over: nothing below touches it
        // A producer that offered while we were RUNNING did not schedule us: look again.
        if ((more || !mailbox.isEmpty() || lvClosed() || (boolean) TIMER_WAKE.getVolatile(this))
                && STATE.compareAndSet(this, IDLE, SCHEDULED)) {
            pool.submit(this);
        }
    }

    private void registerTimerWakeup() {
        long at = runner.nextTimerDeadline();
        if (at == 0L || at == wakeupAt) return;
        wakeupAt = at;
        if (wakeup != null) wakeup.cancel(); // superseded: the helper keeps no reference to this loop for it
        long delay = Math.max(0, at - System.nanoTime());
        wakeup = pool.timerLoop().postDelayed(this::wakeForTimer, Duration.ofNanos(delay)); // deliberate: timers only
    }

    /** On the pool's timer helper: a registered deadline came. */
    private void wakeForTimer() {
        TIMER_WAKE.setVolatile(this, true); // before the CAS: a batch that ends now sees it (see timerWake)
        if (STATE.compareAndSet(this, IDLE, SCHEDULED)) pool.submit(this);
    }

    @Override
    void afterTermination() {
        if (wakeup != null) wakeup.cancel();
        wakeup = null;
        pool.terminated(this);
    }

    // ---- awaits on a pool thread: never starve the pool ----

    @Override
    int helpWhileAwaiting(ReplyImpl<?> r, LoopContext ctx) {
        PooledLoop below = suspendedBelowServing(r, ctx);
        if (below != null) {
            // A call back into a loop whose await this thread suspended to run us: serve it from here.
            // Our own await is suspended meanwhile, lower on this stack: a call back into us is served too.
            suspendedNext = ctx.suspendedTop;
            ctx.suspendedTop = this;
            int n;
            try {
                n = below.pumpSuspended(ctx);
            } finally {
                ctx.suspendedTop = suspendedNext;
                suspendedNext = null;
            }
            if (n > 0) return n;
            // Nothing there now: the reply may be completed by another loop of the pool, which must get a thread.
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
     * thread owns it) and whose await would run {@code r}'s call; else null. Also when that await's own
     * reply is done already: it cannot return while this thread runs above it, so a call its reply caused
     * (made after the reply completed, by a task the reply's call posted) is served here, as the await
     * would have served it had it come a moment earlier; refusing it would hang both (composition seed 4325).
     */
    private static PooledLoop suspendedBelowServing(ReplyImpl<?> r, LoopContext ctx) {
        for (PooledLoop l = ctx.suspendedTop; l != null; l = l.suspendedNext) {
            if (l == r.target) {
                ReplyImpl<?> f = l.runner.filter();
                return f != null && ReplyImpl.descends(r, f) ? l : null;
            }
        }
        return null;
    }

    /** This loop's await runs another loop's work on this thread: it is suspended here meanwhile. */
    private void suspend(LoopContext ctx) {
        suspendedNext = ctx.suspendedTop;
        ctx.suspendedTop = this;
    }

    private void resume(LoopContext ctx) {
        ctx.suspendedTop = suspendedNext;
        suspendedNext = null;
    }

    /** On the thread where this loop's await is suspended: runs what that await would run. */
    private int pumpSuspended(LoopContext ctx) {
        LoopCore outer = ctx.enter(this);
        try {
            return runner.runOnce(ctx, LoopRunner.BATCH);
        } finally {
            ctx.leave(this, outer);
        }
    }

    /** Runs a batch of {@code other} on this awaiting thread; the graph records that this await now waits for it. */
    private int lend(PooledLoop other, LoopContext ctx) {
        WaitGraph.enter(this, other, null);
        suspend(ctx);
        try {
            other.runBatch(ctx);
        } finally {
            resume(ctx);
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
        if (runner.waiterFor(r) == null) return idle + 1; // done; completion unparks this thread otherwise
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
        }
        return idle + 1;
    }

    @Override
    public PooledLoop runNext() {
        return runNext;
    }

    @Override
    public void runNext(PooledLoop next) {
        runNext = next;
    }

}
