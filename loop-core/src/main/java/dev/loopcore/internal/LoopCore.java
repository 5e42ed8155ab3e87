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
 * What every loop shares on the producer side — post, call, delayed tasks, close, stats — on top of
 * the consumer side in {@link LoopRunner}. Subclasses say who runs it: its own thread
 * ({@link ThreadLoop}), the creating thread ({@link DrivenLoopImpl}) or a pool ({@link PooledLoop}).
 *
 * <p>Threading: the methods here may be called from any thread, except those documented "consumer".
 */
public abstract class LoopCore extends LoopRunner {
    protected LoopCore(String name, Mailbox mailbox, IdleStrategy idleStrategy,
                       BiConsumer<? super MessageLoop, ? super Throwable> uncaughtHandler) {
        super(name, mailbox, idleStrategy, uncaughtHandler);
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
