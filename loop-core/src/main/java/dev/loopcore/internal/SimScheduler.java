package dev.loopcore.internal;

import dev.loopcore.MessageLoop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The engine of {@link dev.loopcore.Simulation}: many loops run on one driving thread, one message at
 * a time, the next loop picked by a seeded generator among the loops that may run, on a virtual clock
 * that moves only when nothing may run.
 *
 * <p>Which loops may run: at top level (the driver's {@code runUntilIdle}, {@code runFor} or
 * {@code await}), every loop with a message or due timer. Inside a nested await on reply W (a task of
 * a simulated loop awaits), only loops holding a message or due timer of W's chain that their own
 * filter lets run; such a loop then runs its earliest runnable message, which may be one queued ahead
 * of W's (FIFO). So a nested await runs what the awaited call causes and what is queued ahead of it,
 * never unrelated work that could need a loop suspended lower on the stack: when nothing may run and
 * no timer is pending, no thread schedule could finish the wait either, and it is reported stuck
 * ({@link IllegalStateException} naming the loops still waiting) instead of hanging.
 *
 * <p>Determinism: the same seed and program give the same order (the trace), on every JDK: the
 * generator is SplitMix64, loops are examined in creation order, and virtual time is an ordinary long.
 * Messages posted from outside the simulation (real threads) arrive when they arrive.
 *
 * <p>Threading: every method except {@link SimLoop}'s producer side runs on the driving thread.
 */
public final class SimScheduler {
    private static final int TRACE_MAX = 1 << 20;

    final Thread driver;
    /** Virtual now, in nanoseconds; written by the driving thread only. */
    long now;
    private final long seed;
    private long rng;
    private final List<SimLoop> loops = new ArrayList<>();
    /** Every loop ever made here, terminated ones included: what ran is summed over them. */
    private final List<SimLoop> all = new ArrayList<>();
    private final List<SimLoop> candidates = new ArrayList<>();
    private final List<String> trace = new ArrayList<>();
    private final SimScheduler previous;
    private boolean closed;

    public SimScheduler(long seed) {
        this.seed = seed;
        this.rng = seed;
        this.driver = Thread.currentThread();
        LoopContext ctx = LoopContext.runner();
        previous = ctx.simulation;
        ctx.simulation = this;
    }

    public long seed() {
        return seed;
    }

    public long nanoTime() {
        return now;
    }

    public List<String> trace() {
        return Collections.unmodifiableList(new ArrayList<>(trace)); // deliberate: a copy for the caller
    }

    public MessageLoop newLoop(String name) {
        LoopContext ctx = driving();
        if (closed) throw new IllegalStateException("simulation " + seed + " is closed");
        SimLoop l = new SimLoop(this, name);
        loops.add(l);
        all.add(l);
        return l;
    }

    long deadlineAfter(Duration timeout) {
        return Wait.deadlineFrom(now, timeout);
    }

    private LoopContext driving() {
        if (Thread.currentThread() != driver) {
            throw new IllegalStateException("simulation " + seed + " is driven by thread '" + driver.getName()
                    + "', not '" + Thread.currentThread().getName() + "'");
        }
        return LoopContext.current();
    }

    // ================= top level =================

    /** Runs until nothing may run and no timer is pending, or (if {@code bounded}) virtual time reaches {@code end}. */
    public int run(boolean bounded, long end) {
        LoopContext ctx = driving();
        if (ctx.loop != null) throw new IllegalStateException("the simulation is run from outside its loops' tasks");
        long before = visibleRuns();
        for (;;) {
            SimLoop l = pick(null, ctx);
            if (l != null) {
                step(l, ctx);
                continue;
            }
            long next = nextTimer();
            if (next == 0L || (bounded && next - end > 0)) {
                if (bounded && end - now > 0) now = end;
                return (int) Math.min(Integer.MAX_VALUE, visibleRuns() - before); // nested steps included
            }
            if (next - now > 0) now = next;
        }
    }

    /** The driving thread awaits {@code r} outside any task: run the simulation until it is done. */
    void driveUntil(ReplyImpl<?> r, long deadline, LoopContext ctx) {
        while (!r.isDone()) {
            SimLoop l = pick(null, ctx);
            if (l != null) {
                step(l, ctx);
                continue;
            }
            if (!advance(r, deadline)) return;
        }
    }

    /** Closes every loop and runs them until they have terminated. */
    public void close() {
        LoopContext ctx = driving();
        closed = true;
        for (SimLoop l : new ArrayList<>(loops)) l.close();
        while (!loops.isEmpty()) {
            SimLoop l = pick(null, ctx);
            if (l == null) break;
            step(l, ctx);
        }
        if (ctx.simulation == this) ctx.simulation = previous;
    }

    // ================= nested awaits =================

    /** A simulated task awaits {@code r} and its own loop has nothing: run one step of what {@code r} needs. */
    int helpAwait(ReplyImpl<?> r, LoopContext ctx) {
        SimLoop l = pick(r, ctx);
        if (l == null) return 0;
        step(l, ctx);
        return 1;
    }

    /** Nothing may run for {@code r}: move virtual time on, or report the wait stuck. */
    void idleAwait(ReplyImpl<?> r, long deadline) {
        advance(r, deadline);
    }

    /**
     * Moves virtual time to the next timer or {@code deadline}; false if the deadline passed. With
     * neither, waits (really) for a reply from outside the simulation, else throws: stuck.
     */
    private boolean advance(ReplyImpl<?> r, long deadline) {
        long next = Wait.earlier(nextTimer(), deadline);
        if (next != 0L) {
            if (next - now > 0) now = next;
            return deadline == 0L || deadline - now > 0;
        }
        if (!(r.target instanceof SimLoop) || ((SimLoop) r.target).sim != this) {
            LockSupport.parkNanos(this, 100_000L); // a real loop will complete it; its posts may arrive meanwhile
            return true;
        }
        throw new IllegalStateException(stuck(r));
    }

    private String stuck(ReplyImpl<?> r) {
        StringBuilder sb = new StringBuilder("simulation ").append(seed)
                .append(" is stuck: nothing may run and nothing is due, awaiting a call to '")
                .append(r.target.name()).append("'; loops still waiting:");
        for (SimLoop l : loops) {
            ReplyImpl<?> f = l.runner.filter();
            if (f != null) sb.append(' ').append(l.name()).append(" (awaits ").append(f.target.name()).append(')');
        }
        return sb.toString();
    }

    // ================= picking and stepping =================

    /** A loop that may run now ({@code w}: the innermost await's reply, null at top level), chosen by the seed. */
    private SimLoop pick(ReplyImpl<?> w, LoopContext ctx) {
        candidates.clear();
        for (int i = 0; i < loops.size(); i++) {
            SimLoop l = loops.get(i);
            if (l.isTerminated()) continue;
            takeAll(l, ctx);
            boolean may = w == null
                    ? l.runner.hasRunnable() || (l.lvClosed() && l.depth == 0)
                    : l.runner.hasRunnableOf(w);
            if (may) candidates.add(l);
        }
        int n = candidates.size();
        if (n == 0) return null;
        return candidates.get(n == 1 ? 0 : nextInt(n));
    }

    /** A filter nothing descends from: while a loop has it, its mailbox hands everything to the kept-aside queue. */
    private static final ReplyImpl<?> KEEP_ALL = new ReplyImpl<>(null, null, null);

    /**
     * Takes everything offered to {@code l} so far and its due timers into its kept-aside queue without
     * running anything (the queue is the head of the mailbox, so no order changes): then the scheduler
     * can see what each loop holds.
     */
    private static void takeAll(SimLoop l, LoopContext ctx) {
        LoopRunner run = l.runner;
        run.moveDueTimersIfAny(ctx);
        if (l.mailbox.isEmpty()) return;
        ReplyImpl<?> saved = run.filter();
        run.setFilter(KEEP_ALL);
        try {
            while (l.mailbox.drain(l, ctx, Integer.MAX_VALUE) > 0) {
                // taken until empty
            }
        } finally {
            run.setFilter(saved);
        }
    }

    /** Runs one message of {@code l} (or terminates it, closed and idle). */
    private void step(SimLoop l, LoopContext ctx) {
        LoopCore outer = ctx.enter(l);
        l.depth++;
        try {
            if (trace.size() < TRACE_MAX) trace.add("t=" + now + " " + l.name()); // deliberate: the trace
            if (!l.runner.runOne(ctx) && l.lvClosed() && l.depth == 1 && !l.isTerminated()) {
                l.terminate(ctx);
            }
        } finally {
            l.depth--;
            ctx.leave(l, outer);
        }
    }

    private long visibleRuns() {
        long n = 0;
        for (int i = 0; i < all.size(); i++) n += all.get(i).runner.visibleRuns;
        return n;
    }

    void terminated(SimLoop l) {
        loops.remove(l);
    }

    private long nextTimer() {
        long next = 0L;
        for (int i = 0; i < loops.size(); i++) next = Wait.earlier(next, loops.get(i).runner.nextTimerDeadline());
        return next;
    }

    /** SplitMix64: a fixed, documented generator, so a seed means the same order on every JDK. */
    private int nextInt(int bound) {
        long z = (rng += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (int) ((z >>> 1) % bound);
    }
}
