package dev.loopcore.stress.negative;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

import java.util.concurrent.locks.LockSupport;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Negative control for WakeUpTest: a consumer that announces it parks but does not re-check for work
 * after announcing. A producer that posted between the emptiness check and the announcement sees
 * "not parked", skips the unpark, and the consumer sleeps through it: FORBIDDEN "STALE".
 */
@JCStressTest(Mode.Termination)
@Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "woke up")
@Outcome(id = "STALE", expect = FORBIDDEN, desc = "lost wake-up")
@State
public class BrokenWakeUpTest {
    volatile boolean posted;
    volatile boolean parked;
    volatile Thread consumer;

    @Actor
    public void consumer() {
        consumer = Thread.currentThread();
        if (!posted) {
            for (int i = 0; i < 20_000; i++) Thread.onSpinWait(); // widen the window
            parked = true; // BUG: no re-check of `posted` after announcing
            while (!posted || parked) {
                LockSupport.park();
                if (Thread.interrupted()) return;
                if (!parked) break;
            }
        }
    }

    @Signal
    public void producer() {
        posted = true;
        Thread c = consumer;
        if (parked && c != null) {
            parked = false;
            LockSupport.unpark(c);
        }
    }
}
