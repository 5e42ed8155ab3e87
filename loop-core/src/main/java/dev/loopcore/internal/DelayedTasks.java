package dev.loopcore.internal;

import dev.loopcore.Cancellable;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code postDelayed} and {@code postRepeating} (contract 6): the {@link ScheduledTask} handle goes into
 * the loop's timer heap directly when posted from the loop's own task, else by a SCHEDULE message that
 * carries the posting task's call chain (so an await of that chain takes it in, from whichever thread
 * it was posted). A loop that is closed refuses it: the handle is then cancelled and keeps nothing.
 *
 * <p>Threading: any thread; argument errors are thrown on the caller's thread before anything is queued.
 */
final class DelayedTasks {
    private DelayedTasks() {
    }

    static Cancellable schedule(LoopCore loop, Runnable task, Duration delay) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) throw new IllegalArgumentException("delay must not be negative: " + delay);
        return schedule(loop, task, Wait.nanos(delay), 0L);
    }

    static Cancellable scheduleRepeating(LoopCore loop, Runnable task, Duration initialDelay, Duration period) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(period, "period");
        if (initialDelay.isNegative()) {
            throw new IllegalArgumentException("initialDelay must not be negative: " + initialDelay);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        return schedule(loop, task, Wait.nanos(initialDelay), Wait.nanos(period));
    }

    private static Cancellable schedule(LoopCore loop, Runnable task, long delayNanos, long periodNanos) {
        LoopContext ctx = LoopContext.current();
        Propagation carried = Propagation.capture(null, task);
        if (carried != null) task = carried; // runs the task inside the context captured here, every run
        long deadline = loop.nanoTime() + Math.min(delayNanos, Long.MAX_VALUE / 4);
        ScheduledTask t = new ScheduledTask(loop, task, deadline, periodNanos, ReplyImpl.incomplete(ctx.chain)); // deliberate: the handle
        if (ctx.loop == loop && !loop.lvClosed()) {
            loop.runner.timers().add(t);
        } else if (!loop.offerInChain(Ops.SCHEDULE, t, null, null, t.chain)) {
            t.cancelByLoop();
        }
        return t;
    }

    /** {@code t} was cancelled: drop it from the heap now if this is its loop, else by a message. */
    static void unschedule(ScheduledTask t) {
        LoopCore loop = t.loop;
        if (loop.isCurrent()) loop.runner.timers().remove(t);
        else loop.offerInChain(Ops.UNSCHEDULE, t, null, null, null);
    }
}
