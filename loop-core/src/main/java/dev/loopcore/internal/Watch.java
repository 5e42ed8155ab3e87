package dev.loopcore.internal;

import dev.loopcore.internal.jfr.TaskEvent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The probe of one watched loop (a loop built with a stall or congestion threshold): two task counters,
 * which the loop writes and the {@link Watchdog} samples, plus the
 * watchdog's own memory of the previous sample. An unwatched loop has no probe: its
 * {@link LoopRunner} sees a null {@code watch} and runs tasks exactly as before.
 *
 * <h2>Invariant</h2>
 * {@code starts >= ends}, both only grow, and {@code starts - ends} is how many tasks the loop's thread
 * is inside right now (a nested await runs tasks inside a task). So if the watchdog reads the same
 * pair at two instants and {@code starts > ends}, no task started or ended in between: the loop ran
 * one innermost task for at least that long. That is a stall once it exceeds the threshold, measured
 * without reading the clock on the loop's thread. A task that awaits (or lends a pool thread to
 * another loop) with nothing of its own to run counts as running: its loop serves nothing else.
 *
 * <h2>Who touches what</h2>
 * <ul>
 *   <li>{@code starts}, {@code ends}: written only by the thread running the loop (a pooled loop's
 *       pass between threads with {@link PooledLoop}'s state CAS and release store), with release
 *       stores of primitives: no reference store per task, so no GC write barrier (measured: storing
 *       the running message cost a G1 card-mark fence per task, up to half the 1-to-1 throughput).
 *       What runs is read off the loop thread's stack when a stall is reported ({@link Watchdog}).
 *       The watchdog reads the counters with {@code getAcquire}.</li>
 *   <li>{@code seenStarts} ... {@code congestionReported}: the watchdog thread's alone (plain).</li>
 *   <li>{@code stalls}, {@code congestions}, {@code longest}: written by the watchdog (opaque), read by
 *       {@link LoopCore#stats()} on any thread (opaque).</li>
 * </ul>
 * No padding: the loop writes its two fields per task, the watchdog writes its own once per sample
 * (every threshold / 2), so the line moves between them at most a few hundred times a second.
 */
final class Watch {
    private static final VarHandle STARTS;
    private static final VarHandle ENDS;
    private static final VarHandle STALLS;
    private static final VarHandle CONGESTIONS;
    private static final VarHandle LONGEST;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STARTS = l.findVarHandle(Watch.class, "starts", long.class);
            ENDS = l.findVarHandle(Watch.class, "ends", long.class);
            STALLS = l.findVarHandle(Watch.class, "stalls", long.class);
            CONGESTIONS = l.findVarHandle(Watch.class, "congestions", long.class);
            LONGEST = l.findVarHandle(Watch.class, "longest", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final LoopCore loop;
    /** Nanoseconds; 0: not watched for stalls. */
    final long stallNanos;
    /** Nanoseconds; 0: not watched for congestion. */
    final long congestionNanos;

    // ---- written by the loop's thread ----
    private long starts;
    private long ends;

    // ---- the watchdog's ----
    private long seenStarts;
    private long seenEnds;
    /** When the watchdog first saw the current (starts, ends). */
    private long seenSince;
    private boolean stallReported;
    /** Mailbox offers when the mark was set: all of them were offered before {@code markAt}. */
    private long markOffers;
    private long markAt;
    private boolean congestionReported;
    private long stalls;
    private long congestions;
    /** The longest any task was seen running: a lower bound, to within a sampling period. */
    private long longest;

    Watch(LoopCore loop, long stallNanos, long congestionNanos) {
        this.loop = loop;
        this.stallNanos = stallNanos;
        this.congestionNanos = congestionNanos;
    }

    /** The watchdog samples at least this often for this loop. */
    long periodNanos() {
        long t = stallNanos == 0 ? congestionNanos : congestionNanos == 0 ? stallNanos : Math.min(stallNanos, congestionNanos);
        return Math.max(1_000_000L, t / 2);
    }

    // ================= the loop's thread =================

    /** Runs {@code m} as {@link LoopRunner#runTask} does, counted for the watchdog. No clock read. */
    void run(LoopRunner runner, Message m, LoopContext ctx) {
        STARTS.setRelease(this, starts + 1); // own fields: plain reads
        try {
            if (Watchdog.lpTaskEvents()) runRecorded(runner, m, ctx);
            else runner.runTask(m, ctx);
        } finally { // runTask handles the task's throws; this keeps the counts paired even on an Error
            ENDS.setRelease(this, ends + 1);
        }
    }

    /** A recording enables {@code dev.loopcore.Task}: time the task (JFR reads the clock, not we). */
    private void runRecorded(LoopRunner runner, Message m, LoopContext ctx) {
        TaskEvent e = new TaskEvent(); // deliberate: only while a recording enables the event
        e.begin();
        Dispatch op = m.op;
        Object fn = m.fn;
        Object a = m.a;
        runner.runTask(m, ctx);
        e.end();
        if (e.shouldCommit()) {
            e.loop = loop.name;
            e.task = op.describe(fn, a);
            e.commit();
        }
    }

    // ================= the watchdog thread =================

    /** One sample: reports a stall or congestion that crossed its threshold since the last one. */
    void sample() {
        long e = (long) ENDS.getAcquire(this); // ends first: an end read here had its start counted before
        long s = (long) STARTS.getAcquire(this);
        long now = System.nanoTime();
        boolean same = s == seenStarts && e == seenEnds;
        if (!same) {
            seenStarts = s;
            seenEnds = e;
            seenSince = now;
            stallReported = false;
        }
        boolean stuck = same && s != e;
        if (stuck && now - seenSince > longest) LONGEST.setOpaque(this, now - seenSince);
        if (stuck && stallNanos != 0 && !stallReported && now - seenSince >= stallNanos) {
            stallReported = true;
            STALLS.setOpaque(this, stalls + 1);
            Watchdog.reportStall(this, s, e, now - seenSince);
        }
        if (congestionNanos != 0) sampleCongestion(stuck);
    }

    /**
     * Congestion by sampling the mailbox's counters, never a timestamp per post: once every message
     * offered before {@code markAt} has been taken, a new mark is set; while one of them is still
     * pending, the oldest pending message has waited at least since {@code markAt}. Not reported while
     * the loop is stuck in one task: that is a stall, not overload.
     */
    private void sampleCongestion(boolean stuck) {
        Mailbox mailbox = loop.mailbox;
        long taken = mailbox.lpTaken();
        if (taken >= markOffers) {
            markOffers = mailbox.offers(); // read before the time: each of them was offered before markAt
            markAt = System.nanoTime();
            congestionReported = false;
            return;
        }
        long waited = System.nanoTime() - markAt;
        if (!stuck && !congestionReported && waited >= congestionNanos) {
            congestionReported = true;
            CONGESTIONS.setOpaque(this, congestions + 1);
            Watchdog.reportCongestion(this, waited, mailbox.offers() - taken);
        }
    }

    /** True if no task started or ended since the counters read {@code (s, e)}. */
    boolean stillAt(long s, long e) {
        return (long) STARTS.getAcquire(this) == s && (long) ENDS.getAcquire(this) == e;
    }

    // ================= any thread =================

    long lpStalls() {
        return (long) STALLS.getOpaque(this);
    }

    long lpCongestions() {
        return (long) CONGESTIONS.getOpaque(this);
    }

    long lpLongest() {
        return (long) LONGEST.getOpaque(this);
    }

    /** A class name without the hidden-class suffix of a lambda ({@code Foo$$Lambda$14/0x...}). */
    static String typeName(Object o) {
        o = Propagation.unwrap(o);
        if (o == null) return "null";
        String n = o.getClass().getName();
        int slash = n.indexOf('/');
        return slash < 0 ? n : n.substring(0, slash);
    }
}
