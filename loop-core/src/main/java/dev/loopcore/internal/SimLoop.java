package dev.loopcore.internal;

import dev.loopcore.IdleStrategy;

/**
 * A loop of a simulation: run by the simulation's driving thread when {@link SimScheduler} picks it,
 * on the simulation's virtual clock. Everything else (mailbox, kept-aside queue, nested await, timers,
 * replies, deadlock detection, close) is the same machinery as every loop's.
 *
 * <p>Threading: producers from any thread; everything else on the driving thread.
 */
final class SimLoop extends LoopCore {
    final SimScheduler sim;
    /** Driving thread: how many of this loop's steps are on the driving thread's stack now. */
    int depth;

    SimLoop(SimScheduler sim, String name) {
        super(name, new LinkedMailbox(), IdleStrategy.busySpin(), null);
        this.sim = sim;
        thread = sim.driver;
    }

    @Override
    long nanoTime() {
        return sim.now;
    }

    @Override
    void signal() {
        // Nothing to wake: the scheduler looks at every loop before each step.
    }

    @Override
    int helpWhileAwaiting(ReplyImpl<?> r, LoopContext ctx) {
        return sim.helpAwait(r, ctx);
    }

    @Override
    int idleAwaiting(int idle, ReplyImpl<?> r, long deadline) {
        sim.idleAwait(r, deadline);
        return idle + 1;
    }

    @Override
    void afterTermination() {
        sim.terminated(this);
    }
}
