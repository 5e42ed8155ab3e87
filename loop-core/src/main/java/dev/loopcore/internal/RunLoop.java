package dev.loopcore.internal;

import dev.loopcore.IdleStrategy;

/**
 * The top-level run loop of a loop that has a thread of its own for as long as it runs (a dedicated
 * or a driven loop): run what is ready, idle when nothing is, terminate once closed.
 *
 * <p>Idling follows the loop's {@link IdleStrategy}: spin, then announce {@code parked}, re-check the
 * mailbox (a producer that offered before it could see the announcement is seen here), and park
 * until a producer, the next timer or close unparks it. A loop that ran at least {@link #HOT}
 * messages since it last parked spins the strategy's full count (bursts keep coming); a quiet one
 * spins at most {@link #COLD_SPINS}, which on the measured VMs keeps wake-ups after idleness fast.
 *
 * <p>Threading: only on the thread that runs the loop.
 */
final class RunLoop {
    static final int HOT = 64;
    static final int COLD_SPINS = 500;

    private RunLoop() {
    }

    /** Runs {@code loop} until it is closed and terminated. */
    static void runUntilTerminated(LoopCore loop, LoopContext ctx) {
        LoopRunner runner = loop.runner;
        IdleStrategy s = loop.idleStrategy;
        int idle = 0;
        int ranSincePark = 0;
        for (;;) {
            int n = runner.runOnce(ctx, LoopRunner.BATCH);
            if (n > 0) {
                idle = 0;
                ranSincePark = Math.min(HOT, ranSincePark + n);
                continue;
            }
            if (loop.lvClosed()) {
                loop.terminate(ctx);
                Wait.restoreInterrupt(ctx); // a driven loop's owner gets its interrupt back
                return;
            }
            int spins = ranSincePark >= HOT ? s.spins() : Math.min(s.spins(), COLD_SPINS);
            if (idle < spins) {
                Thread.onSpinWait();
            } else if (idle < spins + s.yields() || !s.parks()) {
                Thread.yield();
            } else {
                loop.setParked(true);
                if (loop.mailbox.isEmpty() && !loop.lvClosed() && !runner.hasReadyWork()) {
                    Wait.park(loop, runner.nextTimerDeadline());
                }
                loop.setParked(false);
                ranSincePark = 0;
            }
            idle++;
        }
    }
}
