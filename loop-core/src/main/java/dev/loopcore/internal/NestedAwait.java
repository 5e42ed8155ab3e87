package dev.loopcore.internal;

import dev.loopcore.IdleStrategy;

/**
 * {@code reply.await()} inside a loop's task (contract 8): a nested loop that runs only what the
 * awaited call causes.
 *
 * <p>Invariant: while an await on reply R is the innermost on loop L, L's filter is R, and L runs
 * exactly the messages (and due timers) whose chain descends from R, in take order; everything else
 * stays in L's kept-aside queue, in order, until the filter lets it run (see {@link LoopRunner}).
 * When R is done, the await takes every message offered to L up to that moment before it returns,
 * so callbacks the call posted to L before replying have run. A pooled L with nothing of its own to
 * run lends its thread meanwhile (to the awaited loop first, else to any ready loop of its pool; see
 * {@link PooledLoop}): L itself still runs only what its filter lets run. The wait is registered in the
 * {@link WaitGraph} first, so a wait that would close a cycle throws instead of hanging.
 *
 * <p>Threading: only on the thread running L, from inside one of L's tasks.
 */
final class NestedAwait {
    private NestedAwait() {
    }

    /** Pumps {@code loop} under the filter {@code r} until {@code r} is done or {@code deadline} (0: none) passed. */
    static void await(LoopCore loop, ReplyImpl<?> r, long deadline, LoopContext ctx) {
        LoopRunner run = loop.runner;
        if (r.isDone()) {
            drainCausedBefore(loop, r, ctx);
            return;
        }
        WaitGraph.enter(loop, r.target, r);
        ReplyImpl<?> saved = run.filter();
        ReplyImpl<?> savedWaitingOn = run.waitingOn;
        ReplyNode.Waiter savedWaiter = run.waiter;
        run.setFilter(r);
        try {
            int idle = 0;
            while (!r.isDone()) {
                if (loop.passed(deadline)) return; // also under load: every iteration (no clock read untimed)
                int n = run.runOnce(ctx, LoopRunner.BATCH);
                if (n == 0) n = loop.helpWhileAwaiting(r, ctx);
                if (n > 0) {
                    idle = 0;
                    continue;
                }
                idle = loop.idleAwaiting(idle, r, deadline);
            }
            drainCausedBefore(loop, r, ctx);
        } finally {
            if (run.waitingOn == r && run.waiter != null) r.removeWaiter(run.waiter);
            run.waitingOn = savedWaitingOn;
            run.waiter = savedWaiter;
            run.setFilter(saved);
            WaitGraph.exit(loop);
            Wait.restoreInterrupt(ctx);
        }
    }

    /**
     * {@code r} is done: the callbacks its call posted here were offered before it completed, so
     * taking everything offered up to now (running what {@code r}'s chain may run) runs them.
     */
    private static void drainCausedBefore(LoopCore loop, ReplyImpl<?> r, LoopContext ctx) {
        LoopRunner run = loop.runner;
        ReplyImpl<?> saved = run.filter();
        run.setFilter(r);
        try {
            run.runAsideIfAny(ctx);
            Mailbox mailbox = loop.mailbox;
            long upTo = mailbox.offers();
            while (mailbox.taken() < upTo) {
                if (mailbox.drain(loop, ctx, 1) == 0) Thread.onSpinWait(); // an offer still being written
            }
            run.runAsideIfAny(ctx);
            run.flushCounters(ctx);
        } finally {
            run.setFilter(saved);
        }
    }

    /** A dedicated or driven loop's await with nothing to run: spin per the idle strategy, then park. */
    static int idle(LoopCore loop, int idle, ReplyImpl<?> r, long deadline) {
        IdleStrategy s = loop.idleStrategy;
        if (idle < s.spins()) {
            Thread.onSpinWait();
        } else if (idle < s.spins() + s.yields() || !s.parks()) {
            Thread.yield();
        } else {
            if (loop.runner.waiterFor(r) != null) { // completion unparks this thread too
                loop.setParked(true);
                try {
                    // Re-check after announcing: a message offered before the producer could see parked is seen here.
                    if (loop.mailbox.isEmpty() && !r.isDone() && !loop.runner.hasReadyWork()) {
                        Wait.park(loop, Wait.earlier(deadline, loop.runner.nextTimerDeadline()));
                    }
                } finally {
                    loop.setParked(false);
                }
            }
        }
        return idle + 1;
    }
}
