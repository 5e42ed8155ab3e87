package dev.loopcore.stress.negative;

import org.jctools.queues.MpscUnboundedXaddArrayQueue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Negative control for PostVersusCloseTest: a loop whose post checks {@code closed} only before
 * enqueueing (no fate stamp after the offer). A post that passes the check, then loses the race
 * with the closing drain, returns true but never runs: FORBIDDEN "1, 0" must be observed.
 */
@JCStressTest
@Outcome(id = {"1, 1", "0, 0"}, expect = ACCEPTABLE, desc = "ran once, or rejected")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "accepted but never ran: the check-then-act race")
@Outcome(expect = FORBIDDEN, desc = "other")
@State
public class BrokenPostVersusCloseTest {
    final MpscUnboundedXaddArrayQueue<Runnable> queue = new MpscUnboundedXaddArrayQueue<>(16, 0);
    volatile boolean closed;
    int runs;

    @Actor
    public void poster(II_Result r) {
        if (closed) {
            r.r1 = 0;
            return;
        }
        queue.offer(() -> runs++);
        r.r1 = 1;
    }

    @Actor
    public void closer() {
        closed = true;
        Runnable t; // the closing loop's final drain, then it terminates
        while ((t = queue.poll()) != null) t.run();
    }

    @Arbiter
    public void check(II_Result r) {
        r.r2 = runs;
    }
}
