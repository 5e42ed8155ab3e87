package dev.loopcore.stress;

import dev.loopcore.Reply;
import dev.loopcore.ReplyException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import java.time.Duration;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Contract 7 (issue 12 point 6): two threads await the same reply while it completes; each gets the
 * value. One waits with a generous bound, the other with a bound that may elapse: its timeout gives up
 * for itself only and must not reach the other. r1 = what the plain waiter got (42, or -1 for an
 * exception/timeout), r2 = what the bounded waiter got (42, or 0 for its own timeout).
 */
@JCStressTest
@Outcome(id = "42, 42", expect = ACCEPTABLE, desc = "both got the value")
@Outcome(id = "42, 0", expect = ACCEPTABLE, desc = "the short wait gave up for itself; the other got the value")
@Outcome(expect = FORBIDDEN, desc = "a waiter was stranded or got another waiter's timeout")
@State
public class ReplyTwoWaitersTest {
    final Reply<Integer> reply = Loops.UNBOUNDED.call(() -> 42);

    @Actor
    public void plainWaiter(II_Result r) {
        try {
            r.r1 = reply.await(Loops.BOUND); // the bound only turns a stranded waiter into an outcome
        } catch (ReplyException e) {
            r.r1 = -1;
        }
    }

    @Actor
    public void shortWaiter(II_Result r) {
        try {
            r.r2 = reply.await(Duration.ofNanos(1_000));
        } catch (dev.loopcore.ReplyTimeoutException e) {
            r.r2 = 0;
        } catch (ReplyException e) {
            r.r2 = -1;
        }
    }
}
