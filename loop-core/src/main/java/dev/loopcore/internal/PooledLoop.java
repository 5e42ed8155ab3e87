package dev.loopcore.internal;

import dev.loopcore.IdleStrategy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * A loop multiplexed over a {@link Pool}'s threads. Its state moves IDLE -> SCHEDULED (a producer that
 * finds it idle puts it in the pool's run queue) -> RUNNING (a pool thread claims it by CAS) -> IDLE
 * or SCHEDULED again. The CAS on claim and the release store back to IDLE order every batch after the
 * previous one, whichever thread ran it: that is the happens-before of contract 1 across migrations.
 *
 * <p>Run-queue entries are hints: whoever wins the SCHEDULED -> RUNNING CAS runs the loop, so an
 * awaiting thread can claim its target directly and leave a stale entry behind.
 */
final class PooledLoop extends LoopCore {
    static final int IDLE = 0;
    static final int SCHEDULED = 1;
    static final int RUNNING = 2;
    static final int TERMINATED = 3;
    /** A busy loop yields its thread after this many messages. */
    static final int POOL_BATCH = 64;
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
    /** Consumer: the timer deadline a wake-up is already registered for. */
    private long wakeupAt;
    private boolean wakeupRegistered;

    PooledLoop(Pool pool, String name) {
        super(name, new LinkedMailbox(), IdleStrategy.backoff(), pool.uncaughtHandler);
        this.pool = pool;
    }

    @Override
    void signal() {
        if (state == IDLE) {
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
        return state == SCHEDULED && STATE.compareAndSet(this, SCHEDULED, RUNNING);
    }

    /** Pool thread, after {@link #claim()}: runs one batch, then gives the loop up. */
    void runBatch(LoopContext ctx) {
        LoopCore outer = ctx.loop;
        ctx.loop = this;
        runner = Thread.currentThread();
        try {
            runOnce(ctx, POOL_BATCH);
            flushCounters(ctx); // the thread's counts move on to another loop next
            if (isClosed()) terminate(ctx);
            else registerTimerWakeup();
        } finally {
            ctx.loop = outer;
        }
        if (isTerminated()) {
            STATE.setRelease(this, TERMINATED);
            return;
        }
        STATE.setVolatile(this, IDLE);
        // A producer that offered while we were RUNNING did not schedule us: look again.
        if ((!mailbox.isEmpty() || hasDeferred() || isClosed() || hasDueTimer())
                && STATE.compareAndSet(this, IDLE, SCHEDULED)) {
            pool.submit(this);
        }
    }

    private void registerTimerWakeup() {
        TimerHeap h = timersIfAny();
        if (h == null || h.isEmpty()) return;
        long at = h.nextDeadline();
        if (wakeupRegistered && wakeupAt == at) return;
        wakeupRegistered = true;
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
        LoopCore target = r.target;
        if (target.awaitsBelowAndServes(r)) {
            // A call back into a loop whose await this thread suspended to run us: serve it from here.
            return target.pumpSuspendedAwait(ctx);
        }
        if (target instanceof PooledLoop && ((PooledLoop) target).pool == pool && ((PooledLoop) target).claim()) {
            return lend((PooledLoop) target, ctx);
        }
        PooledLoop other = pool.pollRunQueue();
        if (other == null) return 0;
        if (other.claim()) return lend(other, ctx);
        return 1; // a stale entry: look again before idling
    }

    /** Runs a batch of {@code other} on this awaiting thread; the graph records that this await now waits for it. */
    private int lend(PooledLoop other, LoopContext ctx) {
        WaitGraph.enter(this, other, null);
        try {
            other.runBatch(ctx);
        } finally {
            WaitGraph.exit(this);
            runner = Thread.currentThread();
        }
        return 1;
    }

    @Override
    int idleAwaiting(int idle, ReplyImpl<?> r, long deadline) {
        if (idle < 64) {
            Thread.onSpinWait();
            return idle + 1;
        }
        // Park as a sleeper of the pool too, so new work in the run queue wakes this thread.
        LoopCore below = r.target.awaitsBelowAndServes(r) ? r.target : null;
        if (below != null) below.setParked(true); // its messages must wake this thread too
        try {
            pool.sleep(() -> !r.isDone() && mailbox.isEmpty() && (below == null || below.mailbox.isEmpty()),
                    r, this, deadline);
        } finally {
            if (below != null) below.setParked(false);
        }
        return idle + 1;
    }
}
