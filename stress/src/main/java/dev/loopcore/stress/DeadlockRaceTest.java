package dev.loopcore.stress;

import dev.loopcore.DeadlockException;
import dev.loopcore.MessageLoop;
import dev.loopcore.ReplyTimeoutException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import java.time.Duration;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Contract 9: a task of A awaits a call to B while a task of B awaits a call to A, both started at the
 * same instant. Waits that overlap form a cycle: at least one throws {@link DeadlockException} and
 * the other then completes; waits that do not overlap both complete. Nobody hangs: a timeout (2)
 * is forbidden. r1/r2 = 0 completed, 1 DeadlockException, 2 timed out, 3 other failure.
 * Each state has its own two loops (pooled, so cheap): with shared loops, jcstress actors working on
 * neighbouring states would form cycles across states.
 */
@JCStressTest
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "the waits did not overlap")
@Outcome(id = {"1, 0", "0, 1"}, expect = ACCEPTABLE_INTERESTING, desc = "one wait closed the cycle and threw")
@Outcome(expect = FORBIDDEN, desc = "a hang (timeout), both threw, or another failure")
@State
public class DeadlockRaceTest {
    static final Duration WAIT = Duration.ofSeconds(5);

    static int crossCall(MessageLoop from, MessageLoop to) {
        try {
            return from.call(() -> {
                try {
                    to.call(() -> 0).await(WAIT);
                    return 0;
                } catch (DeadlockException e) {
                    return 1;
                } catch (ReplyTimeoutException e) {
                    return 2;
                }
            }).await(Duration.ofSeconds(20));
        } catch (RuntimeException e) {
            return 3;
        }
    }

    final MessageLoop loopA = Loops.POOL.newLoop("A");
    final MessageLoop loopB = Loops.POOL.newLoop("B");

    @Actor
    public void a(II_Result r) {
        r.r1 = crossCall(loopA, loopB);
    }

    @Actor
    public void b(II_Result r) {
        r.r2 = crossCall(loopB, loopA);
    }

    @Arbiter
    public void release(II_Result r) {
        loopA.close();
        loopB.close();
    }
}
