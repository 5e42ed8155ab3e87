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
 * A loop as producers see it: identity, post, call, delayed tasks, close, stats. What runs next is
 * {@link #runner}'s job (the consumer side, a separate object so that its fields never share a cache
 * line with the ones producers read here); who runs it is the subclass's: its own thread
 * ({@link ThreadLoop}), the creating thread ({@link DrivenLoopImpl}) or a pool ({@link PooledLoop}).
 *
 * <p>Fields and who touches them: {@code closed} is set once by {@link #close()} (CAS) and read by
 * every producer after its mailbox offer (see the close protocol in the package doc); {@code parked}
 * is set by the consumer before it parks and cleared by the first producer that sees it (CAS), which
 * then unparks {@code thread}, the thread running the loop now; {@code terminated} is set once by the
 * consumer, then waiters are woken (see {@link Termination});
 * the rejection counters are atomic adds by any thread, on the rare rejection paths only, and so is
 * {@code deadlocks} (by the thread whose await would have deadlocked);
 * {@code waitTop} is guarded by the {@link WaitGraph} lock.
 *
 * <p>Threading: every public method may be called from any thread.
 */
public abstract class LoopCore implements MessageLoop {
    static final System.Logger LOG = System.getLogger("dev.loopcore");
    private static final VarHandle CLOSED;
    private static final VarHandle PARKED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            CLOSED = l.findVarHandle(LoopCore.class, "closed", boolean.class);
            PARKED = l.findVarHandle(LoopCore.class, "parked", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final String name;
    final Mailbox mailbox;
    final LoopRunner runner;
    final IdleStrategy idleStrategy;
    final BiConsumer<? super MessageLoop, ? super Throwable> uncaughtHandler;

    private volatile boolean closed;
    private volatile int parked;
    volatile Thread thread;
    /** Set once, by {@link Termination#finish}. */
    volatile boolean terminated;
    /** Counters of the rare paths; see {@link LoopCounters}. */
    volatile long rejected;
    volatile long lateRejected;
    volatile long lateReplies;
    volatile long deadlocks;
    /** Guarded by the {@link WaitGraph} lock. */
    WaitGraph.Frame waitTop;

    protected LoopCore(String name, Mailbox mailbox, IdleStrategy idleStrategy,
                       BiConsumer<? super MessageLoop, ? super Throwable> uncaughtHandler) {
        this(name, mailbox, idleStrategy, uncaughtHandler, 0L, 0L);
    }

    /** {@code stallNanos}, {@code congestionNanos}: the thresholds of contract 17, 0 for none. */
    LoopCore(String name, Mailbox mailbox, IdleStrategy idleStrategy,
             BiConsumer<? super MessageLoop, ? super Throwable> uncaughtHandler, long stallNanos, long congestionNanos) {
        this.name = Objects.requireNonNull(name, "name");
        this.mailbox = mailbox;
        this.idleStrategy = idleStrategy;
        this.uncaughtHandler = uncaughtHandler;
        Watch watch = stallNanos == 0L && congestionNanos == 0L ? null : new Watch(this, stallNanos, congestionNanos);
        this.runner = new LoopRunner(this, watch);
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

    /** Load volatile: the close protocol's read (see the package doc). */
    final boolean lvClosed() {
        return (boolean) CLOSED.getVolatile(this);
    }

    @Override
    public final boolean isClosed() {
        return lvClosed();
    }

    /**
     * The loop's clock for its timers and for the deadlines of awaits inside its tasks:
     * {@code System.nanoTime()}, or a simulation's virtual time for its loops.
     */
    long nanoTime() {
        return System.nanoTime();
    }

    /** A deadline {@code timeout} from now on this loop's clock (never 0, which means none). */
    final long deadlineAfter(Duration timeout) {
        return Wait.deadlineFrom(nanoTime(), timeout);
    }

    /** True if {@code deadline} (0: none) has passed on this loop's clock. */
    final boolean passed(long deadline) {
        return deadline != 0L && deadline - nanoTime() <= 0;
    }

    /** Load volatile: the thread running the loop now (a pooled loop's: the last one that did), or null. */
    final Thread lvThread() {
        return thread;
    }

    /** True on a thread that must never wait for room in this loop's mailbox: the one that runs it. */
    final boolean isOwnThread(LoopContext ctx) {
        // ctx null: a plain thread that runs no loop (LoopContext.ifRunner): only the thread check can hold.
        return (ctx != null && ctx.loop == this) || lvThread() == Thread.currentThread();
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
        LoopContext ctx = LoopContext.ifRunner(); // null: a plain thread, in no chain (no ThreadLocal lookup)
        ReplyImpl<?> chain = ctx == null ? null : ctx.chain;
        // No propagator installed: one load, and the message is posted as it always was.
        Propagation carried = op.exempt ? null : Propagation.capture(op, fn);
        if (carried != null) return offer(ctx, Ops.CARRIED, carried, a, b, c, d, null, chain);
        return offer(ctx, op, fn, a, b, c, d, null, chain);
    }

    /** Posts {@code op} as a call: a new reply that is also the call chain of everything the call causes. */
    public final <R> ReplyImpl<R> dispatchCall(Dispatch op, Object fn, Object a, Object b, Object c, Object d) {
        LoopContext ctx = LoopContext.ifRunner();
        ReplyImpl<R> reply = ctx == null ? new ReplyImpl<>(this, null, null) // deliberate: the reply is the result
                : new ReplyImpl<>(this, ctx.loop, ctx.chain);
        Propagation carried = op.exempt ? null : Propagation.capture(op, fn);
        if (carried != null) offer(ctx, Ops.CARRIED, carried, a, b, c, d, reply, reply);
        else offer(ctx, op, fn, a, b, c, d, reply, reply);
        return reply;
    }

    /** Posts a message in an explicit chain (reply callbacks and timers run in their caller's chain). */
    final boolean offerInChain(Dispatch op, Object fn, Object a, Object b, ReplyImpl<?> chain) {
        return offer(LoopContext.current(), op, fn, a, b, null, null, null, chain);
    }

    /** {@code ctx}: the posting thread's context, or null for a plain thread that runs no loop. */
    private boolean offer(LoopContext ctx, Dispatch op, Object fn, Object a, Object b, Object c, Object d,
                          ReplyImpl<?> reply, ReplyImpl<?> chain) {
        // The same link a call made now would name as its parent (see ReplyImpl.incomplete).
        if (chain != null && chain.isDone()) chain = ReplyImpl.incomplete(chain);
        if (!lvClosed()) { // a fast path only: the decision is the mailbox's, after its offer
            if (Checks.ENABLED) LeakDetector.handedOff(a, b, c, d, name); // folded away with checks off
            boolean accepted;
            try {
                accepted = mailbox.offer(this, ctx, op, fn, a, b, c, d, reply, chain);
            } catch (RuntimeException | Error e) { // a full mailbox refused its own loop: nothing was enqueued
                Refs.release(a, b, c, d);
                throw e;
            }
            if (accepted) {
                signal();
                return true;
            }
            LoopCounters.countLateRejected(this);
        }
        LoopCounters.countRejected(this);
        try {
            op.reject(fn, a, b, c, d, reply, RejectedCallException.Reason.LOOP_CLOSED);
        } finally {
            Refs.release(a, b, c, d);
        }
        return false;
    }

    /** A message was offered: wake the loop if it announced that it parks. Pools also schedule it. */
    void signal() {
        // Load volatile after the offer's volatile RMW: pairs with the consumer's announce-then-re-check.
        if ((int) PARKED.getVolatile(this) != 0) unparkIfParked();
    }

    /** Clears {@code parked} (only the winner of the CAS unparks) and unparks the running thread. */
    final void unparkIfParked() {
        if (PARKED.compareAndSet(this, 1, 0)) LockSupport.unpark(lvThread());
    }

    /** Consumer: announces (volatile store, before its re-check) or withdraws that its thread parks. */
    final void setParked(boolean on) {
        if (on) PARKED.setVolatile(this, 1);
        else PARKED.setOpaque(this, 0);
    }

    // ================= delayed tasks (see DelayedTasks) =================

    @Override
    public final Cancellable postDelayed(Runnable task, Duration delay) {
        return DelayedTasks.schedule(this, task, delay);
    }

    @Override
    public final Cancellable postRepeating(Runnable task, Duration initialDelay, Duration period) {
        return DelayedTasks.scheduleRepeating(this, task, initialDelay, period);
    }

    // ================= running: hooks for the loop kinds =================

    /** Consumer: a task of this loop awaits {@code r} (see {@link NestedAwait}). */
    final void awaitReply(ReplyImpl<?> r, long deadline, LoopContext ctx) {
        NestedAwait.await(this, r, deadline, ctx);
    }

    /** Consumer, inside an await with nothing of its own to run: pools lend the thread to other loops. */
    int helpWhileAwaiting(ReplyImpl<?> r, LoopContext ctx) {
        return 0;
    }

    /** Consumer, inside an await with nothing to run: spin per the idle strategy, then park. */
    int idleAwaiting(int idle, ReplyImpl<?> r, long deadline) {
        return NestedAwait.idle(this, idle, r, deadline);
    }

    /** Consumer: registers a hook run on this loop when it terminates; false if already terminating. */
    public final boolean addCloseHook(Runnable hook) {
        return runner.addCloseHook(hook);
    }

    /** Consumer: removes a hook added with {@link #addCloseHook}. */
    public final void removeCloseHook(Runnable hook) {
        runner.removeCloseHook(hook);
    }

    /** Hands {@code t} to the loop's uncaught handler (default: System.Logger); see {@link Uncaught}. */
    public final void uncaught(Throwable t) {
        Uncaught.handle(this, t);
    }

    static void logUncaught(MessageLoop loop, Throwable t) {
        Uncaught.log(loop, t);
    }

    // ================= close =================

    @Override
    public final void close() {
        if (CLOSED.compareAndSet(this, false, true)) onClose();
    }

    /** close() was called for the first time: make sure the runner notices. */
    void onClose() {
        PARKED.setVolatile(this, 0);
        Thread r = lvThread();
        if (r != null) LockSupport.unpark(r);
    }

    /** Consumer: the loop is closed and idle: finish (contract 3) and tell the waiters (see {@link Termination}). */
    final void terminate(LoopContext ctx) {
        Termination.finish(this, ctx);
    }

    /** Before the loop can run: the watchdog samples it from now on, if it has a threshold. */
    final void startWatching() {
        Watch w = runner.watch;
        if (w != null) Watchdog.watch(w);
    }

    /** Called once, on the consumer, after termination. */
    void afterTermination() {
    }

    @Override
    public final boolean awaitTermination(Duration timeout) throws InterruptedException {
        return Termination.await(this, Objects.requireNonNull(timeout, "timeout"));
    }

    public final boolean isTerminated() {
        return terminated;
    }

    // ================= stats (see LoopCounters) =================

    final void countLateReply() {
        LoopCounters.countLateReply(this);
    }

    /** An await of this loop threw DeadlockException (cold). */
    final void countDeadlock() {
        LoopCounters.countDeadlock(this);
    }

    @Override
    public final LoopStats stats() {
        return LoopCounters.stats(this);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + (lvClosed() ? ", closed" : "") + "]";
    }
}
