package dev.loopcore.internal;

import dev.loopcore.Cancellable;
import dev.loopcore.IdleStrategy;
import dev.loopcore.LoopStats;
import dev.loopcore.MessageLoop;
import dev.loopcore.RejectedCallException;
import dev.loopcore.Reply;
import dev.loopcore.function.TriConsumer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What every loop shares: the producer side (post, call, close) and the consumer side (running
 * messages, the filtered nested await, timers, termination). Subclasses say who runs it: its own
 * thread ({@link ThreadLoop}), the creating thread ({@link DrivenLoopImpl}) or a pool.
 *
 * <p>Threading: the producer-side methods from any thread; methods documented "consumer" only on the
 * thread currently running the loop, which owns every unsynchronised field below. Producers read only
 * final fields, {@code closed} and {@code parked}; the consumer writes {@code parked} only when it parks
 * and its counters once per batch, so producers and consumer do not contend for these lines.
 */
public abstract class LoopCore implements MessageLoop {
    static final int BATCH = 256;
    /**
     * The consumer publishes its counters every this many messages, and whenever it runs out of
     * work: producers read this object's fields on every post, so a write per message would bounce
     * the line between their cores.
     */
    private static final int FLUSH_EVERY = 1024;
    private static final System.Logger LOG = System.getLogger("dev.loopcore");
    private static final VarHandle CLOSED;
    private static final VarHandle PARKED;
    private static final VarHandle EXECUTED;
    private static final VarHandle FAILED;
    private static final VarHandle REJECTED;
    private static final VarHandle LATE_REJECTED;
    private static final VarHandle LATE_REPLIES;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            CLOSED = l.findVarHandle(LoopCore.class, "closed", boolean.class);
            PARKED = l.findVarHandle(LoopCore.class, "parked", int.class);
            EXECUTED = l.findVarHandle(LoopCore.class, "executed", long.class);
            FAILED = l.findVarHandle(LoopCore.class, "failed", long.class);
            REJECTED = l.findVarHandle(LoopCore.class, "rejected", long.class);
            LATE_REJECTED = l.findVarHandle(LoopCore.class, "lateRejected", long.class);
            LATE_REPLIES = l.findVarHandle(LoopCore.class, "lateReplies", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    final Mailbox mailbox;
    final IdleStrategy idleStrategy;
    private final BiConsumer<? super MessageLoop, ? super Throwable> uncaughtHandler;

    private volatile boolean closed;
    /** 1 while the running thread has announced that it parks; producers CAS it to 0 and unpark. */
    private volatile int parked;
    /** The thread running the loop now (set before it announces parking). */
    volatile Thread runner;
    private volatile boolean terminated;

    // counters: executed/failed written by the consumer (opaque), the rest by any thread (atomic, rare)
    private long executed;
    private long failed;
    private long timerRuns;
    private long rejected;
    private long lateRejected;
    private long lateReplies;

    // consumer-confined
    private ReplyImpl<?> filter;
    private Message deferredHead;
    private Message deferredTail;
    private int deferredVersion;
    private TimerHeap timers;
    private java.util.LinkedHashSet<Runnable> closeHooks;

    /** Guarded by the {@link WaitGraph} lock. */
    WaitGraph.Frame waitTop;

    protected LoopCore(String name, Mailbox mailbox, IdleStrategy idleStrategy,
                       BiConsumer<? super MessageLoop, ? super Throwable> uncaughtHandler) {
        this.name = Objects.requireNonNull(name, "name");
        this.mailbox = mailbox;
        this.idleStrategy = idleStrategy;
        this.uncaughtHandler = uncaughtHandler;
    }

    /** The internal view of a loop; every {@link MessageLoop} loopcore makes is one. */
    public static LoopCore of(MessageLoop loop) {
        if (loop instanceof LoopCore) return (LoopCore) loop;
        throw new IllegalArgumentException("not a loopcore loop: " + loop);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final boolean isCurrent() {
        return LoopContext.current().loop == this;
    }

    final boolean lvClosed() {
        return closed;
    }

    @Override
    public final boolean isClosed() {
        return closed;
    }

    // ================= producer side =================

    @Override
    public final boolean post(Runnable task) {
        Objects.requireNonNull(task, "task");
        return dispatch(Ops.RUN0, task, null, null, null, null);
    }

    @Override
    public final <A> boolean post(Consumer<? super A> action, A a) {
        Objects.requireNonNull(action, "action");
        return dispatch(Ops.RUN1, action, a, null, null, null);
    }

    @Override
    public final <A, B> boolean post(BiConsumer<? super A, ? super B> action, A a, B b) {
        Objects.requireNonNull(action, "action");
        return dispatch(Ops.RUN2, action, a, b, null, null);
    }

    @Override
    public final <A, B, C> boolean post(TriConsumer<? super A, ? super B, ? super C> action, A a, B b, C c) {
        Objects.requireNonNull(action, "action");
        return dispatch(Ops.RUN3, action, a, b, c, null);
    }

    @Override
    public final void execute(Runnable task) {
        if (!post(task)) throw new RejectedExecutionException("loop '" + name + "' is closed");
    }

    @Override
    public final <R> Reply<R> call(Supplier<? extends R> fn) {
        Objects.requireNonNull(fn, "fn");
        return dispatchCall(Ops.CALL, fn, null, null, null, null);
    }

    /**
     * Posts {@code op} with {@code fn} and up to four arguments in the current task's call chain; the
     * proxy module's entry point. False (arguments released) if the loop is closed.
     */
    public final boolean dispatch(Dispatch op, Object fn, Object a, Object b, Object c, Object d) {
        LoopContext ctx = LoopContext.current();
        return offer(ctx, op, fn, a, b, c, d, null, ctx.chain);
    }

    /** Posts {@code op} as a call: a new reply that is also the call chain of everything the call causes. */
    public final <R> ReplyImpl<R> dispatchCall(Dispatch op, Object fn, Object a, Object b, Object c, Object d) {
        LoopContext ctx = LoopContext.current();
        ReplyImpl<R> reply = new ReplyImpl<>(this, ctx.loop, ctx.chain); // deliberate: the reply is the result
        offer(ctx, op, fn, a, b, c, d, reply, reply);
        return reply;
    }

    /** Posts an internal message in an explicit chain (reply callbacks run in their caller's chain). */
    final boolean offerInternal(Dispatch op, Object fn, Object a, Object b, Object c, Object d,
                                ReplyImpl<?> reply, ReplyImpl<?> chain) {
        return offer(LoopContext.current(), op, fn, a, b, c, d, reply, chain);
    }

    private boolean offer(LoopContext ctx, Dispatch op, Object fn, Object a, Object b, Object c, Object d,
                          ReplyImpl<?> reply, ReplyImpl<?> chain) {
        if (!closed) {
            if (Checks.ENABLED) LeakDetector.handedOff(a, b, c, d, name); // folded away with checks off
            if (mailbox.offer(this, ctx, op, fn, a, b, c, d, reply, chain)) {
                signal();
                return true;
            }
            LATE_REJECTED.getAndAdd(this, 1L);
        }
        REJECTED.getAndAdd(this, 1L);
        try {
            op.reject(fn, a, b, c, d, reply, RejectedCallException.Reason.LOOP_CLOSED);
        } finally {
            Refs.release(a, b, c, d);
        }
        return false;
    }

    /** A message was offered: wake the loop if it announced that it parks. Pools also schedule it. */
    void signal() {
        if (parked != 0 && PARKED.compareAndSet(this, 1, 0)) {
            LockSupport.unpark(runner);
        }
    }

    // ================= delayed tasks =================

    @Override
    public final Cancellable postDelayed(Runnable task, Duration delay) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) throw new IllegalArgumentException("delay must not be negative: " + delay);
        return schedule(task, ReplyImpl.saturatedNanos(delay), 0L);
    }

    @Override
    public final Cancellable postRepeating(Runnable task, Duration initialDelay, Duration period) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(period, "period");
        if (initialDelay.isNegative()) {
            throw new IllegalArgumentException("initialDelay must not be negative: " + initialDelay);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        return schedule(task, ReplyImpl.saturatedNanos(initialDelay), ReplyImpl.saturatedNanos(period));
    }

    private Cancellable schedule(Runnable task, long delayNanos, long periodNanos) {
        LoopContext ctx = LoopContext.current();
        long deadline = System.nanoTime() + Math.min(delayNanos, Long.MAX_VALUE / 4);
        ScheduledTask t = new ScheduledTask(this, task, deadline, periodNanos, ctx.chain); // deliberate: the handle
        if (ctx.loop == this && !closed) {
            timers().add(t);
        } else if (!offer(ctx, Ops.SCHEDULE, t, null, null, null, null, null, null)) {
            t.cancelByLoop();
        }
        return t;
    }

    /** A timer was cancelled: drop it from the heap now if this is the loop, else by a message. */
    final void unschedule(ScheduledTask t) {
        if (isCurrent()) {
            timers().remove(t);
        } else {
            offer(LoopContext.current(), Ops.UNSCHEDULE, t, null, null, null, null, null, null);
        }
    }

    /** Consumer. */
    final TimerHeap timers() {
        TimerHeap h = timers;
        if (h == null) timers = h = new TimerHeap();
        return h;
    }

    // ================= close =================

    @Override
    public final void close() {
        if (CLOSED.compareAndSet(this, false, true)) {
            onClose();
        }
    }

    /** close() was called for the first time: make sure the runner notices. */
    void onClose() {
        PARKED.setVolatile(this, 0);
        Thread r = runner;
        if (r != null) LockSupport.unpark(r);
    }

    @Override
    public final boolean awaitTermination(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + Math.min(Long.MAX_VALUE / 4, Math.max(0, ReplyImpl.saturatedNanos(timeout)));
        synchronized (this) { // cold path: the monitor only carries the termination notification
            while (!terminated) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                wait(Math.max(1, left / 1_000_000), 0);
            }
        }
        return true;
    }

    public final boolean isTerminated() {
        return terminated;
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

    private boolean terminating;

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
        n += mailbox.drain(this, ctx, limit);
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
        WaitGraph.enter(this, r.target, r);
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
                n += mailbox.drain(this, ctx, BATCH);
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
            WaitGraph.exit(this);
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
                if (mailbox.drain(this, ctx, 1) == 0) Thread.onSpinWait(); // an offer still in progress
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
        ctx.loop = this;
        try {
            int n = 0;
            if (deferredHead != null) n += runMatchingDeferred(ctx, filter);
            n += mailbox.drain(this, ctx, BATCH);
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
    final int idle(int idle) {
        IdleStrategy s = idleStrategy;
        if (idle < s.spins()) {
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
        for (;;) {
            int n = runOnce(ctx, BATCH);
            if (n > 0) {
                idle = 0;
                continue;
            }
            if (closed) {
                terminate(ctx);
                return;
            }
            idle = idle(idle);
        }
    }

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

    // ================= stats =================

    final void countLateReply() {
        LATE_REPLIES.getAndAdd(this, 1L);
    }

    @Override
    public final LoopStats stats() {
        long exec = (long) EXECUTED.getOpaque(this);
        long rej = (long) REJECTED.getVolatile(this);
        long posted = mailbox.offers() - (long) LATE_REJECTED.getVolatile(this) + timerRuns;
        return new LoopStats(posted, exec, rej, (long) FAILED.getOpaque(this), Math.max(0, posted - exec),
                (long) LATE_REPLIES.getVolatile(this));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + (closed ? ", closed" : "") + "]";
    }
}
