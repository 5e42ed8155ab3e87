package dev.loopcore.internal;

import dev.loopcore.LoopStats;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A loop's counters as {@link LoopCore#stats()} reports them. The rare-path counters live in
 * {@link LoopCore}'s fields ({@code rejected}, {@code lateRejected}, {@code lateReplies},
 * {@code deadlocks}): atomic adds by whichever thread takes the rare path, volatile reads here. What
 * ran is the consumer's ({@link LoopRunner}, published with opaque stores every
 * {@link LoopRunner#FLUSH_EVERY} runs); stalls and congestion are the watchdog's ({@link Watch}).
 *
 * <p>Threading: any thread. The figures are individually, not mutually, consistent.
 */
final class LoopCounters {
    private static final VarHandle REJECTED;
    private static final VarHandle LATE_REJECTED;
    private static final VarHandle LATE_REPLIES;
    private static final VarHandle DEADLOCKS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            REJECTED = l.findVarHandle(LoopCore.class, "rejected", long.class);
            LATE_REJECTED = l.findVarHandle(LoopCore.class, "lateRejected", long.class);
            LATE_REPLIES = l.findVarHandle(LoopCore.class, "lateReplies", long.class);
            DEADLOCKS = l.findVarHandle(LoopCore.class, "deadlocks", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private LoopCounters() {
    }

    /** A post or call the loop refused (it was closed). */
    static void countRejected(LoopCore loop) {
        REJECTED.getAndAdd(loop, 1L);
    }

    /** Refused after its offer (closed in between): the mailbox counted it as offered. */
    static void countLateRejected(LoopCore loop) {
        LATE_REJECTED.getAndAdd(loop, 1L);
    }

    static void countLateReply(LoopCore loop) {
        LATE_REPLIES.getAndAdd(loop, 1L);
    }

    static void countDeadlock(LoopCore loop) {
        DEADLOCKS.getAndAdd(loop, 1L);
    }

    static LoopStats stats(LoopCore loop) {
        LoopRunner runner = loop.runner;
        long exec = runner.lpExecuted();
        long rej = (long) REJECTED.getVolatile(loop);
        long posted = loop.mailbox.offers() - (long) LATE_REJECTED.getVolatile(loop) + runner.lpTimerRuns();
        Watch w = runner.watch;
        return new LoopStats(posted, exec, rej, runner.lpFailed(), Math.max(0, posted - exec),
                (long) LATE_REPLIES.getVolatile(loop), w == null ? 0L : w.lpStalls(), w == null ? 0L : w.lpCongestions(),
                (long) DEADLOCKS.getVolatile(loop), w == null ? 0L : w.lpLongest());
    }
}
