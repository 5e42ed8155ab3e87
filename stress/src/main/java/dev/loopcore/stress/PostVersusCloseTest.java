package dev.loopcore.stress;

import dev.loopcore.MessageLoop;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import java.util.concurrent.atomic.AtomicInteger;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Contract 2: a post racing {@code close()} either runs exactly once (post returned true) or never
 * (post returned false) — never both, never neither. r1 = post's result, r2 = how many times it ran.
 * Each state gets a fresh pooled loop (cheap: no thread).
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "accepted and ran once")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "rejected and never ran")
@Outcome(expect = FORBIDDEN, desc = "accepted but never ran, rejected but ran, or ran twice")
@State
public class PostVersusCloseTest {
    final MessageLoop loop = Loops.POOL.newLoop("pvc");
    final AtomicInteger runs = new AtomicInteger();

    @Actor
    public void poster(II_Result r) {
        r.r1 = loop.post(runs::incrementAndGet) ? 1 : 0;
    }

    @Actor
    public void closer() {
        loop.close();
    }

    @Arbiter
    public void check(II_Result r) {
        try {
            if (!loop.awaitTermination(Loops.BOUND)) {
                r.r2 = -1;
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        r.r2 = runs.get();
    }
}
