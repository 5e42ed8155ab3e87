package dev.loopcore.internal;

import dev.loopcore.IdleStrategy;
import dev.loopcore.MessageLoop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * The consumer side every loop shares: running messages, keeping messages aside while an await
 * filters, the filtered nested await itself, timers, idling, and termination. {@link LoopCore} adds the
 * producer side and the public API on top.
 *
 * <p>Threading: every method here runs on the thread currently running the loop (the consumer), which
 * owns every unsynchronised field. Producers read only final fields, {@code closed} and
 * {@code parked}; the consumer writes {@code parked} only when it parks and its counters once per batch
 * of up to 1,024 messages, so producers and consumer do not contend for these lines.
 */
abstract class LoopRunner implements MessageLoop {
    static final int BATCH = 256;
    /**
     * The consumer publishes its counters every this many messages, and whenever it runs out of
     * work: producers read this object's fields on every post, so a write per message would bounce
     * the line between their cores.
     */
    static final int FLUSH_EVERY = 1024;
    static final System.Logger LOG = System.getLogger("dev.loopcore");
    static final VarHandle CLOSED;
    static final VarHandle PARKED;
    static final VarHandle EXECUTED;
    static final VarHandle FAILED;
    static final VarHandle REJECTED;
    static final VarHandle LATE_REJECTED;
    static final VarHandle LATE_REPLIES;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            CLOSED = l.findVarHandle(LoopRunner.class, "closed", boolean.class);
            PARKED = l.findVarHandle(LoopRunner.class, "parked", int.class);
            EXECUTED = l.findVarHandle(LoopRunner.class, "executed", long.class);
            FAILED = l.findVarHandle(LoopRunner.class, "failed", long.class);
            REJECTED = l.findVarHandle(LoopRunner.class, "rejected", long.class);
            LATE_REJECTED = l.findVarHandle(LoopRunner.class, "lateRejected", long.class);
            LATE_REPLIES = l.findVarHandle(LoopRunner.class, "lateReplies", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The one subclass: this, typed as the loop the mailbox and the wait graph work with. */
    final LoopCore self() {
        return (LoopCore) this;
    }

    final String name;
    final Mailbox mailbox;
    final IdleStrategy idleStrategy;
    final BiConsumer<? super MessageLoop, ? super Throwable> uncaughtHandler;

    volatile boolean closed;
    /** 1 while the running thread has announced that it parks; producers CAS it to 0 and unpark. */
    volatile int parked;
    /** The thread running the loop now (set before it announces parking). */
    volatile Thread runner;
    volatile boolean terminated;

    // counters: executed/failed written by the consumer (opaque), the rest by any thread (atomic, rare)
    long executed;
    long failed;
    long timerRuns;
    long rejected;
    long lateRejected;
    long lateReplies;

    // consumer-confined
    ReplyImpl<?> filter;
    Message deferredHead;
    Message deferredTail;
    int deferredVersion;
    TimerHeap timers;
    java.util.LinkedHashSet<Runnable> closeHooks;

    /** Guarded by the {@link WaitGraph} lock. */
    WaitGraph.Frame waitTop;

    LoopRunner(String name, Mailbox mailbox, IdleStrategy idleStrategy,
                       BiConsumer<? super MessageLoop, ? super Throwable> uncaughtHandler) {
        this.name = Objects.requireNonNull(name, "name");
        this.mailbox = mailbox;
        this.idleStrategy = idleStrategy;
        this.uncaughtHandler = uncaughtHandler;
    }

    /**
     * Consumer: registers a hook run on this loop when it terminates (the proxy module closes the
     * targets it created). False if the loop is already terminating: the caller cleans up itself.
     */
    public final boolean addCloseHook(Runnable hook) {
        if (terminating) return false;
        if (closeHooks == null) closeHooks = new java.util.LinkedHashSet<>(); // deliberate: first hook
        closeHooks.add(hook);
        return true;
    }

    /** Consumer: removes a hook added with {@link #addCloseHook}. */
    public final void removeCloseHook(Runnable hook) {
        if (closeHooks != null) closeHooks.remove(hook);
    }

    boolean terminating;

    /** Consumer: the loop is closed: run what was accepted, cancel timers, run close hooks, terminate. */
    final void terminate(LoopContext ctx) {
        terminating = true;
        if (timers != null) timers.cancelAll();
        drainAll(ctx);
        if (closeHooks != null) {
            Runnable[] hooks = closeHooks.toArray(new Runnable[0]);
            closeHooks = null;
            for (int i = hooks.length - 1; i >= 0; i--) { // newest first, like try-with-resources
                try {
                    hooks[i].run();
                } catch (Throwable t) {
                    uncaught(t);
                }
            }
            drainAll(ctx);
        }
        flushCounters(ctx);
        synchronized (this) {
            terminated = true;
            notifyAll();
        }
        afterTermination();
    }

    /** Called once, on the consumer, after termination. */
    void afterTermination() {
    }

    private void drainAll(LoopContext ctx) {
        while (runOnce(ctx, Integer.MAX_VALUE) > 0 || !mailbox.isEmpty() || deferredHead != null) {
            Thread.onSpinWait();
        }
    }

    // ================= consumer side =================

    /** Consumer: runs deferred messages, due timers, then up to {@code limit} mailbox messages. */
    final int runOnce(LoopContext ctx, int limit) {
        int n = 0;
        if (deferredHead != null) n += runDeferred(ctx);
        if (timers != null && !timers.isEmpty()) n += runDueTimers(ctx, null);
        n += mailbox.drain(self(), ctx, limit);
        if (n == 0 || ctx.ran >= FLUSH_EVERY) flushCounters(ctx);
        return n;
    }

    /** Consumer: the mailbox hands over a message; run it, or keep it aside while an await filters. */
    final void deliver(Message m, LoopContext ctx) {
        ReplyImpl<?> f = filter;
        if (f == null) {
            // Messages kept aside by an await that just ended were taken before this one: they go first.
            if (deferredHead != null) runDeferred(ctx);
            runMessage(m, ctx);
        } else if (ReplyImpl.descends(m.chain, f)) {
            runMessage(m, ctx);
        } else {
            defer(m, ctx);
        }
    }

    private void runMessage(Message m, LoopContext ctx) {
        ReplyImpl<?> saved = ctx.chain;
        Message savedRunning = ctx.running;
        ctx.chain = m.chain;
        ctx.running = m;
        try {
            m.op.run(m);
        } catch (Throwable t) {
            ctx.failed++;
            uncaught(t);
        } finally {
            ctx.chain = saved;
            ctx.running = savedRunning;
            ctx.ran++;
        }
        try {
            Refs.release(m);
        } catch (Throwable t) {
            uncaught(t);
        }
    }

    private void defer(Message m, LoopContext ctx) {
        Message copy = MessagePool.acquire(ctx);
        copy.copyFrom(m);
        copy.next = null;
        if (deferredTail == null) deferredHead = copy;
        else deferredTail.next = copy;
        deferredTail = copy;
        deferredVersion++;
    }

    /** Consumer, no await filtering: runs every deferred message in order. */
    private int runDeferred(LoopContext ctx) {
        int n = 0;
        Message m;
        while ((m = deferredHead) != null && filter == null) {
            deferredHead = m.next;
            if (deferredHead == null) deferredTail = null;
            m.next = null;
            runMessage(m, ctx);
            MessagePool.release(ctx, m);
            n++;
        }
        return n;
    }

    /** Consumer, inside an await: runs the deferred messages of the filter's chain, in order. */
    private int runMatchingDeferred(LoopContext ctx, ReplyImpl<?> f) {
        int n = 0;
        boolean found = true;
        while (found) {
            found = false;
            for (Message prev = null, m = deferredHead; m != null; prev = m, m = m.next) {
                if (ReplyImpl.descends(m.chain, f)) {
                    if (prev == null) deferredHead = m.next;
                    else prev.next = m.next;
                    if (deferredTail == m) deferredTail = prev;
                    m.next = null;
                    runMessage(m, ctx);
                    MessagePool.release(ctx, m);
                    n++;
                    found = true;
                    break;
                }
            }
        }
        return n;
    }

    /** Consumer: runs due timers (of the filter's chain only, inside an await; others are deferred). */
    private int runDueTimers(LoopContext ctx, ReplyImpl<?> f) {
        int n = 0;
        long now = System.nanoTime();
        TimerHeap h = timers;
        ScheduledTask t;
        while ((t = h.peek()) != null && t.deadline - now <= 0 && n < BATCH
                && (f == null || ReplyImpl.descends(t.chain, f))) {
            h.poll();
            Runnable task = t.beginRun();
            if (task == null) continue;
            n++;
            timerRuns++;
            ReplyImpl<?> saved = ctx.chain;
            ctx.chain = t.chain;
            try {
                task.run();
            } catch (Throwable e) {
                ctx.failed++;
                uncaught(e);
            } finally {
                ctx.chain = saved;
                ctx.ran++;
            }
            if (t.endRun()) {
                t.deadline = System.nanoTime() + t.period;
                h.add(t);
            }
        }
        return n;
    }

    final void flushCounters(LoopContext ctx) {
        if (ctx.ran != 0) {
            EXECUTED.setOpaque(this, executed + ctx.ran);
            ctx.ran = 0;
        }
        if (ctx.failed != 0) {
            FAILED.setOpaque(this, failed + ctx.failed);
            ctx.failed = 0;
        }
    }

    /** Hands {@code t} to the loop's uncaught handler (default: System.Logger). */
    public final void uncaught(Throwable t) {
        BiConsumer<? super MessageLoop, ? super Throwable> h = uncaughtHandler;
        if (h == null) {
            logUncaught(this, t);
            return;
        }
        try {
            h.accept(this, t);
        } catch (Throwable again) {
            logUncaught(this, again);
        }
    }

    static void logUncaught(MessageLoop loop, Throwable t) {
        LOG.log(System.Logger.Level.ERROR, "uncaught exception in loop '" + (loop == null ? "?" : loop.name()) + "'", t);
    }

    // ================= await =================

    /**
     * Consumer: a task of this loop awaits {@code r}: pump this loop, running only messages of
     * {@code r}'s chain, until {@code r} is done or the deadline (0: none) passed.
     */
    final void awaitReply(ReplyImpl<?> r, long deadline, LoopContext ctx) {
        if (r.isDone()) {
            drainCausedBefore(r, ctx);
            return;
        }
        WaitGraph.enter(self(), r.target, r);
        ReplyImpl<?> saved = filter;
        filter = r;
        int seenVersion = deferredVersion - 1;
        try {
            int idle = 0;
            while (!r.isDone()) {
                int n = 0;
                if (deferredHead != null && seenVersion != deferredVersion) {
                    seenVersion = deferredVersion;
                    n += runMatchingDeferred(ctx, r);
                }
                if (timers != null && !timers.isEmpty()) n += runDueTimers(ctx, r); // other chains' timers stay in the heap
                n += mailbox.drain(self(), ctx, BATCH);
                flushCounters(ctx);
                if (n == 0) n = helpWhileAwaiting(r, ctx);
                if (n > 0) {
                    idle = 0;
                    continue;
                }
                if (deadline != 0L && deadline - System.nanoTime() <= 0) return;
                idle = idleAwaiting(idle, r, deadline);
            }
            drainCausedBefore(r, ctx);
        } finally {
            filter = saved;
            WaitGraph.exit(self());
        }
    }

    /**
     * Consumer, {@code r} done: callbacks its call posted here before replying were offered before the
     * reply completed, so taking everything offered up to now runs them (others are kept aside).
     */
    private void drainCausedBefore(ReplyImpl<?> r, LoopContext ctx) {
        ReplyImpl<?> saved = filter;
        filter = r;
        try {
            long upTo = mailbox.offers();
            while (mailbox.taken() < upTo) {
                if (mailbox.drain(self(), ctx, 1) == 0) Thread.onSpinWait(); // an offer still in progress
            }
            if (deferredHead != null) runMatchingDeferred(ctx, r);
            flushCounters(ctx);
        } finally {
            filter = saved;
        }
    }


    /**
     * On a thread where this loop's await is suspended lower on the stack (a pool thread lent to another
     * loop whose task now awaits a call back into this one): pump this loop's messages of its await's
     * chain, exactly as its own await would. Returns how many ran.
     */
    final int pumpSuspendedAwait(LoopContext ctx) {
        LoopCore outer = ctx.loop;
        ctx.loop = self();
        try {
            int n = 0;
            if (deferredHead != null) n += runMatchingDeferred(ctx, filter);
            n += mailbox.drain(self(), ctx, BATCH);
            flushCounters(ctx);
            return n;
        } finally {
            ctx.loop = outer;
        }
    }

    /** True if this loop's await is suspended lower on the calling thread's stack and would run {@code r}'s call. */
    final boolean awaitsBelowAndServes(ReplyImpl<?> r) {
        ReplyImpl<?> f = filter;
        return runner == Thread.currentThread() && f != null && !f.isDone() && ReplyImpl.descends(r, f);
    }

    /** Consumer, inside an await with nothing of its own to run: pools lend the thread to other loops. */
    int helpWhileAwaiting(ReplyImpl<?> r, LoopContext ctx) {
        return 0;
    }

    /** Consumer, inside an await: spin, yield, then park until a message, the reply, or the deadline. */
    int idleAwaiting(int idle, ReplyImpl<?> r, long deadline) {
        IdleStrategy s = idleStrategy;
        if (idle < s.spins()) {
            Thread.onSpinWait();
        } else if (idle < s.spins() + s.yields() || !s.parks()) {
            Thread.yield();
        } else {
            r.setWaiter(Thread.currentThread());
            PARKED.setVolatile(this, 1);
            if (mailbox.isEmpty() && !r.isDone()) {
                // A due timer of another chain must not keep this thread from parking.
                ScheduledTask t = timers == null ? null : timers.peek();
                parkUntil(deadline, t != null && ReplyImpl.descends(t.chain, r));
            }
            PARKED.setOpaque(this, 0);
            r.setWaiter(null);
        }
        return idle + 1;
    }

    /** Consumer, not awaiting, nothing to run: spin, yield, then park until a message, a timer, or close. */
    final int idle(int idle, boolean hot) {
        IdleStrategy s = idleStrategy;
        if (idle < (hot ? s.spins() : Math.min(s.spins(), COLD_SPINS))) {
            Thread.onSpinWait();
        } else if (idle < s.spins() + s.yields() || !s.parks()) {
            Thread.yield();
        } else {
            PARKED.setVolatile(this, 1);
            // Re-check after announcing: a producer that offered before it could see parked == 1 is seen here.
            if (mailbox.isEmpty() && !closed && deferredHead == null) {
                parkUntil(0L, true);
            }
            PARKED.setOpaque(this, 0);
            parkedOnce = true;
        }
        return idle + 1;
    }

    private void parkUntil(long deadline, boolean untilTimer) {
        if (untilTimer && timers != null && !timers.isEmpty()) {
            long t = timers.nextDeadline();
            if (deadline == 0L || t - deadline < 0) deadline = t;
        }
        if (deadline == 0L) {
            LockSupport.park(this);
        } else {
            long left = deadline - System.nanoTime();
            if (left > 0) LockSupport.parkNanos(this, left);
        }
    }

    /** Consumer: runs the loop until it is closed and terminated. */
    final void runUntilTerminated(LoopContext ctx) {
        int idle = 0;
        int ranSincePark = 0;
        for (;;) {
            int n = runOnce(ctx, BATCH);
            if (n > 0) {
                idle = 0;
                ranSincePark = Math.min(HOT, ranSincePark + n);
                continue;
            }
            if (closed) {
                terminate(ctx);
                return;
            }
            idle = idle(idle, ranSincePark >= HOT);
            if (parkedOnce) {
                parkedOnce = false;
                ranSincePark = 0;
            }
        }
    }

    /**
     * A loop that ran at least this many messages since it last parked is hot: it spins the idle
     * strategy's full count before parking again (bursts keep coming); a quiet one spins at most
     * {@link #COLD_SPINS}, which on the measured VMs keeps wake-ups after idleness fast.
     */
    static final int HOT = 64;
    static final int COLD_SPINS = 500;
    /** Consumer: set by idle() when it parked. */
    private boolean parkedOnce;

    // ================= for subclasses =================

    final boolean hasDeferred() {
        return deferredHead != null;
    }

    final boolean hasDueTimer() {
        return timers != null && !timers.isEmpty() && timers.nextDeadline() - System.nanoTime() <= 0;
    }

    final TimerHeap timersIfAny() {
        return timers;
    }

    /** Announces (or withdraws) that the thread running this loop parks; producers then unpark it. */
    final void setParked(boolean on) {
        if (on) PARKED.setVolatile(this, 1);
        else PARKED.setOpaque(this, 0);
    }

}
