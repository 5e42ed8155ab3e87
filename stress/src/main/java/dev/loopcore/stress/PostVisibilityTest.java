package dev.loopcore.stress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Contract 1 (visibility): plain fields written before {@code post} are visible to the task, on the
 * unbounded mailbox (pooled messages travelling through the per-thread caches and the queue).
 */
@JCStressTest
@Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "the task saw both writes")
@Outcome(expect = FORBIDDEN, desc = "the task saw a stale field, or never ran")
@State
public class PostVisibilityTest {
    int x;
    int y;
    volatile int seenX = -1;
    int seenY = -1;

    static void read(PostVisibilityTest s) {
        s.seenY = s.y;
        s.seenX = s.x; // volatile write last: publishes seenY to the arbiter
    }

    @Actor
    public void writer() {
        x = 1;
        y = 2;
        Loops.UNBOUNDED.post(PostVisibilityTest::read, this);
    }

    @Arbiter
    public void check(II_Result r) {
        Loops.spinUntil(() -> seenX != -1);
        r.r1 = seenX;
        r.r2 = seenY;
    }
}
