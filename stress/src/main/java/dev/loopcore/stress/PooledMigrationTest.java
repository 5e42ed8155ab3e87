package dev.loopcore.stress;

import dev.loopcore.MessageLoop;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Contract 1 across migrations: a pooled loop's second task sees the first task's plain writes,
 * whichever pool thread runs each. Two producers post to two loops of a 2-thread pool so the loops
 * hop between threads. r1, r2 = what the second task of each loop read.
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "each second task saw its first task's write")
@Outcome(expect = FORBIDDEN, desc = "a task's write was not visible to the next task of its loop")
@State
public class PooledMigrationTest {
    static final MessageLoop L1 = Loops.POOL.newLoop("migrate-1");
    static final MessageLoop L2 = Loops.POOL.newLoop("migrate-2");

    int x1;
    int x2;
    volatile int seen1 = -1;
    volatile int seen2 = -1;

    @Actor
    public void first() {
        L1.post(() -> x1 = 1);
        L1.post(() -> seen1 = x1);
    }

    @Actor
    public void second() {
        L2.post(() -> x2 = 1);
        L2.post(() -> seen2 = x2);
    }

    @Arbiter
    public void check(II_Result r) {
        Loops.spinUntil(() -> seen1 != -1 && seen2 != -1);
        r.r1 = seen1;
        r.r2 = seen2;
    }
}
