package dev.loopcore.stress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The idle strategy's parking handshake: a loop that parks as soon as it is idle, and a producer
 * posting while it is about to park. A lost wake-up leaves the task unrun and the actor spinning.
 */
@JCStressTest(Mode.Termination)
@Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the posted task ran")
@Outcome(id = "STALE", expect = FORBIDDEN, desc = "lost wake-up: the loop slept through the post")
@State
public class WakeUpTest {
    volatile boolean ran;

    @Actor
    public void waiter() {
        while (!ran) {
            Thread.onSpinWait();
        }
    }

    @Signal
    public void post() {
        Loops.EAGER_PARKER.post(() -> ran = true);
    }
}
