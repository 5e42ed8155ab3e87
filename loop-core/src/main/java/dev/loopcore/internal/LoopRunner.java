package dev.loopcore.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.LinkedHashSet;

/**
 * The consumer side of one loop: what runs next, timers, termination, counters.
 *
 * <h2>Invariant</h2>
 * <ul>
 *   <li>A message runs only after every earlier message of its producer that may run under the
 *       current filter (the reply of the innermost {@code await()}; none at top level). The
 *       {@link KeptAside} queue is the head of the mailbox: see its invariant.</li>
 *   <li>A due timer is a message: it is appended to the kept-aside queue carrying the chain of the
 *       task that scheduled it, so it runs during an await of that chain and otherwise after what was
 *       taken before it. No due timer waits behind another one.</li>
 *   <li>No delayed task starts once {@code close()} was called: a timer re-reads {@code closed}
 *       (volatile) right before it claims its run (a close racing that read is linearized after it:
 *       the run had started), and termination cancels the rest.</li>
 *   <li>Keeping a message aside holds no mailbox capacity: mailboxes free a slot (and a bounded
 *       permit) when a message is taken, before it runs.</li>
 * </ul>
 *
 * <p>Threading: every field and method belongs to the thread running the loop now (the consumer). A
 * dedicated or driven loop has one such thread; a pooled loop's state passes between pool threads by
 * the claim CAS and the release store of {@link PooledLoop}'s state. {@link #executed}, {@link #failed}
 * and {@link #timerRuns} are published with opaque stores for {@link LoopCore#stats()}, once per
 * {@link #FLUSH_EVERY} runs and whenever the loop runs out of work. {@link #watch} is final and null
 * unless the loop has a stall or congestion threshold: then every task runs through {@link Watch#run},
 * which counts it for the watchdog (release stores, no clock read; see {@link Watch}).
 */
final class LoopRunner {
    static final int BATCH = 256;
    static final int FLUSH_EVERY = 1024;
    private static final VarHandle EXECUTED;
    private static final VarHandle FAILED;
    private static final VarHandle TIMER_RUNS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            EXECUTED = l.findVarHandle(LoopRunner.class, "executed", long.class);
            FAILED = l.findVarHandle(LoopRunner.class, "failed", long.class);
            TIMER_RUNS = l.findVarHandle(LoopRunner.class, "timerRuns", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final LoopCore loop;
    /** The watchdog's probe of this loop, or null: not watched, and {@link #run} is as if it did not exist. */
    final Watch watch;
    /** The reply the innermost await on this loop waits for, or null. */
    private ReplyImpl<?> filter;
    private KeptAside aside;
    private TimerHeap timers;
    private LinkedHashSet<Runnable> closeHooks;
    private boolean terminating;
    /** The reply the innermost parking await registered {@link #waiter} on (one waiter per await, not per park). */
    ReplyImpl<?> waitingOn;
    ReplyNode.Waiter waiter;
    /**
     * Tasks, callbacks and delayed tasks that ran (not bookkeeping): what runPending() counts. Counted per
     * run in the thread's {@link LoopContext#visible} and added here by {@link #flushCounters}, so the
     * consumer writes no field of this object per message: {@link LoopCore}, which every post reads, is
     * allocated just before it and may share its cache line.
     */
    long visibleRuns;
    private long executed;
    private long failed;
    private long timerRuns;
    private int timersMoved;

    LoopRunner(LoopCore loop, Watch watch) {
        this.loop = loop;
        this.watch = watch;
    }

    ReplyImpl<?> filter() {
        return filter;
    }

    /** An await begins ({@code f} its reply) or ends ({@code f} the enclosing one's, or null). */
    void setFilter(ReplyImpl<?> f) {
        filter = f;
        if (aside != null) aside.filterChanged();
    }

    // ================= running =================

    /** Runs due timers, kept-aside messages and up to {@code limit} mailbox messages; returns how many it handled. */
    int runOnce(LoopContext ctx, int limit) {
        int n = 0;
        if (timers != null && !timers.isEmpty()) n += moveDueTimers(ctx);
        if (aside != null && !aside.isEmpty()) n += runAside(ctx, Integer.MAX_VALUE); // earlier than any mailbox message
        n += loop.mailbox.drain(loop, ctx, limit);
        if (n == 0 || ctx.ran >= FLUSH_EVERY) flushCounters(ctx);
        return n;
    }

    /** The mailbox hands over {@code m} (still the caller's): run it now, or keep a copy aside. */
    void deliver(Message m, LoopContext ctx) {
        ReplyImpl<?> f = filter;
        KeptAside q = aside;
        boolean runsNow = f == null || ReplyImpl.descends(m.chain, f);
        if (q == null || q.isEmpty()) {
            if (runsNow) run(m, ctx);
            else keep(m, ctx, false);
        } else if (runsNow && !q.hasRunnable(f)) {
            run(m, ctx); // no earlier message may run under this filter: m is the earliest that may
        } else {
            keep(m, ctx, runsNow);
            if (runsNow) runAside(ctx, Integer.MAX_VALUE);
        }
    }

    private void keep(Message m, LoopContext ctx, boolean runsNow) {
        Message copy = MessagePool.acquire(ctx); // pooled: the mailbox recycles m after deliver returns
        copy.copyFrom(m);
        if (aside == null) aside = new KeptAside(); // deliberate: first message a loop keeps aside
        aside.append(copy, runsNow);
    }

    /** Runs kept-aside messages the current filter lets run, earliest first. */
    private int runAside(LoopContext ctx, int limit) {
        int n = 0;
        Message m;
        // The filter is re-read each time: a message run here may await, and its await restores it.
        while (n < limit && (m = aside.takeFirst(filter)) != null) {
            run(m, ctx);
            MessagePool.release(ctx, m);
            n++;
        }
        return n;
    }

    /** Runs the kept-aside messages the current filter lets run. */
    void runAsideIfAny(LoopContext ctx) {
        if (aside != null && !aside.isEmpty()) runAside(ctx, Integer.MAX_VALUE);
    }

    void run(Message m, LoopContext ctx) {
        Watch w = watch; // final: unwatched, one load and a branch the JIT predicts; no clock, no store
        if (w == null) runTask(m, ctx);
        else w.run(this, m, ctx);
    }

    /**
     * True if a plain task (a {@code Runnable} with no chain, arguments or reply) taken now may run at
     * once, without a message: no await's filter, nothing kept aside ahead of it, not watched. Then
     * {@link #deliver} would run it at once too, and {@link #runPlain} does what {@link #runTask} would.
     */
    boolean runsPlainNow() {
        return filter == null && (aside == null || aside.isEmpty()) && watch == null;
    }

    /** {@link #runTask} for a plain task, straight from the mailbox: no chain, no running message, nothing to release. */
    void runPlain(Runnable task, LoopContext ctx) {
        invoke(null, task, ctx);
    }

    /** Runs one message's task: identity and chain for it, failure to the handler, its arguments released. */
    void runTask(Message m, LoopContext ctx) {
        invoke(m, null, ctx);
        try {
            Refs.release(m);
        } catch (Throwable t) {
            loop.uncaught(t);
        }
    }

    /**
     * Runs message {@code m}'s task, or {@code plain} (then {@code m} is null: no chain, no arguments), with
     * the thread's chain and running message set for it and restored after; a throw goes to the handler.
     */
    private void invoke(Message m, Runnable plain, LoopContext ctx) {
        ReplyImpl<?> savedChain = ctx.chain;
        Message savedRunning = ctx.running;
        ctx.chain = m == null ? null : m.chain;
        ctx.running = m;
        try {
            if (m == null) plain.run();
            else m.op.run(m);
        } catch (Throwable t) {
            ctx.failed++;
            loop.uncaught(t);
        } finally {
            ctx.chain = savedChain;
            ctx.running = savedRunning;
            ctx.ran++;
            if (m == null || !m.op.bookkeeping) ctx.visible++;
        }
    }

    /** True if something is ready without a new message: a kept-aside one the filter lets run, or a due timer. */
    boolean hasReadyWork() {
        if (aside != null && aside.hasRunnable(filter)) return true;
        return loop.passed(nextTimerDeadline());
    }

    /**
     * The waiter of the innermost await on {@code r}, registered on its first park and kept until the
     * await ends ({@link NestedAwait}); null if {@code r} is done.
     */
    ReplyNode.Waiter waiterFor(ReplyImpl<?> r) {
        if (waitingOn != r) {
            waiter = r.addWaiter(Thread.currentThread()); // deliberate: once per await that parks
            waitingOn = r;
        }
        return waiter;
    }

    // ================= single steps, for a simulation =================

    /** Moves due timers into the kept-aside queue, running nothing (a simulation looks before it steps). */
    void moveDueTimersIfAny(LoopContext ctx) {
        if (timers != null && !timers.isEmpty()) moveDueTimers(ctx);
    }

    /** True if a kept-aside entry may run under the current filter. */
    boolean hasRunnable() {
        return aside != null && aside.hasRunnable(filter);
    }

    /** True if a kept-aside entry of {@code chain} may run under the current filter. */
    boolean hasRunnableOf(ReplyImpl<?> chain) {
        return aside != null && aside.hasRunnableOf(chain, filter);
    }

    /** Runs the earliest kept-aside entry the current filter lets run; false if there is none. */
    boolean runOne(LoopContext ctx) {
        Message m = aside == null ? null : aside.takeFirst(filter);
        if (m == null) return false;
        run(m, ctx);
        MessagePool.release(ctx, m);
        return true;
    }

    boolean isIdle() {
        return (aside == null || aside.isEmpty()) && loop.mailbox.isEmpty();
    }

    // ================= timers =================

    TimerHeap timers() {
        TimerHeap h = timers;
        if (h == null) timers = h = new TimerHeap(); // deliberate: first timer of a loop
        return h;
    }

    /** The earliest timer deadline, or 0 if there is none. */
    long nextTimerDeadline() {
        if (timers == null || timers.isEmpty()) return 0L;
        long d = timers.nextDeadline();
        return d == 0L ? 1L : d; // 0 means none
    }

    private int moveDueTimers(LoopContext ctx) {
        long now = loop.nanoTime();
        int n = 0;
        ScheduledTask t;
        while (n < BATCH && (t = timers.peek()) != null && t.deadline - now <= 0) {
            timers.poll();
            Message m = MessagePool.acquire(ctx);
            m.set(Ops.TIMER, t, null, null, null, null, null, t.chain);
            if (aside == null) aside = new KeptAside(); // deliberate: first due timer of a loop
            aside.append(m, filter == null || ReplyImpl.descends(t.chain, filter));
            timersMoved++;
            n++;
        }
        return n;
    }

    /** The TIMER message of {@code t} runs: start the delayed task unless the loop closed or it was cancelled. */
    void fire(ScheduledTask t) {
        if (loop.lvClosed()) { // contract 3: a delayed task not started when close() was called never runs
            t.cancelByLoop();
            return;
        }
        Runnable task = t.beginRun();
        if (task == null) return;
        visibleRuns++;
        try {
            task.run();
        } finally {
            if (t.endRun()) {
                t.deadline = loop.nanoTime() + t.period;
                timers().add(t);
            }
        }
    }

    // ================= close =================

    /** Registers a hook run on this loop when it terminates; false if it is already terminating. */
    boolean addCloseHook(Runnable hook) {
        if (terminating) return false;
        if (closeHooks == null) closeHooks = new LinkedHashSet<>(); // deliberate: first hook
        closeHooks.add(hook);
        return true;
    }

    void removeCloseHook(Runnable hook) {
        if (closeHooks != null) closeHooks.remove(hook);
    }

    /** The loop is closed: run what was accepted, cancel timers, run close hooks (newest first), terminate. */
    void terminate(LoopContext ctx) {
        terminating = true;
        cancelTimers();
        drainAll(ctx);
        if (closeHooks != null) {
            Runnable[] hooks = closeHooks.toArray(new Runnable[0]);
            closeHooks = null;
            for (int i = hooks.length - 1; i >= 0; i--) {
                try {
                    hooks[i].run();
                } catch (Throwable t) {
                    loop.uncaught(t);
                }
            }
            drainAll(ctx);
        }
        cancelTimers(); // repeating tasks that ran in the drain re-armed themselves
        flushCounters(ctx);
    }

    private void cancelTimers() {
        if (timers != null) timers.cancelAll();
    }

    private void drainAll(LoopContext ctx) {
        while (runOnce(ctx, Integer.MAX_VALUE) > 0 || !loop.mailbox.isEmpty() || (aside != null && !aside.isEmpty())) {
            Thread.onSpinWait(); // an offer still being written
        }
    }

    // ================= counters =================

    void flushCounters(LoopContext ctx) {
        if (ctx.visible != 0) {
            visibleRuns += ctx.visible;
            ctx.visible = 0;
        }
        if (ctx.ran != 0) {
            EXECUTED.setOpaque(this, executed + ctx.ran);
            ctx.ran = 0;
        }
        if (ctx.failed != 0) {
            FAILED.setOpaque(this, failed + ctx.failed);
            ctx.failed = 0;
        }
        if (timersMoved != 0) {
            TIMER_RUNS.setOpaque(this, timerRuns + timersMoved);
            timersMoved = 0;
        }
    }

    long lpExecuted() {
        return (long) EXECUTED.getOpaque(this);
    }

    long lpFailed() {
        return (long) FAILED.getOpaque(this);
    }

    long lpTimerRuns() {
        return (long) TIMER_RUNS.getOpaque(this);
    }
}
