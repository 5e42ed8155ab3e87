package dev.loopcore.internal;

import dev.loopcore.Cancellable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A delayed or repeating task: the {@link Cancellable} handle and the entry of its loop's
 * {@link TimerHeap}. The heap position and deadline are confined to the loop's thread; the state is
 * shared with cancelling threads and moves by compare-and-set, so a cancel and a run never both win.
 * When due, the loop wraps it in a TIMER message (see {@link LoopRunner}), which claims the run.
 */
final class ScheduledTask implements Cancellable {
    static final int SCHEDULED = 0;
    static final int RUNNING = 1;
    static final int DONE = 2;
    static final int CANCELLED = 3;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ScheduledTask.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final LoopCore loop;
    final long period; // 0: one-shot
    final ReplyImpl<?> chain;
    /** Dropped at once on cancel, so nothing keeps the task reachable. */
    private volatile Runnable task;
    private volatile int state;
    // loop-confined
    long deadline;
    int heapIndex = -1;

    ScheduledTask(LoopCore loop, Runnable task, long deadline, long period, ReplyImpl<?> chain) {
        this.loop = loop;
        this.task = task;
        this.deadline = deadline;
        this.period = period;
        this.chain = chain;
    }

    /** Any thread (volatile read): the task, or null once it is done or cancelled; for reports. */
    Runnable peekTask() {
        return task;
    }

    /** On the loop: claims the run; null if cancelled. */
    Runnable beginRun() {
        Runnable t = task;
        return t != null && STATE.compareAndSet(this, SCHEDULED, RUNNING) ? t : null;
    }

    /** On the loop after a run: true if a repeating task should be scheduled again. */
    boolean endRun() {
        if (period > 0 && STATE.compareAndSet(this, RUNNING, SCHEDULED)) return true;
        if (STATE.compareAndSet(this, RUNNING, DONE)) task = null;
        return false;
    }

    /** The loop closed: the task will never run (a repeating one also not again). */
    void cancelByLoop() {
        stop();
    }

    /**
     * True only if this call kept the task from running: false once it ran (a one-shot task), was
     * cancelled before, or its loop was closed (the close cancelled it).
     */
    @Override
    public boolean cancel() {
        if (loop.lvClosed()) {
            stop(); // the close cancelled it, or is about to: drop the task now
            return false;
        }
        int was = stop();
        if (was == SCHEDULED) DelayedTasks.unschedule(this); // in the heap: take it out now
        return was >= 0;
    }

    /**
     * Moves a task that may still run (scheduled, or a repeating one running now) to CANCELLED and drops
     * it; returns the state it left, or -1 if it could not run any more anyway.
     */
    private int stop() {
        for (;;) {
            int s = state;
            if (s != SCHEDULED && !(s == RUNNING && period > 0)) return -1;
            if (STATE.compareAndSet(this, s, CANCELLED)) {
                task = null;
                return s;
            }
        }
    }

    boolean isCancelled() {
        return state == CANCELLED;
    }

    @Override
    public String toString() {
        return "ScheduledTask[" + loop.name() + ", state=" + state + "]";
    }
}
