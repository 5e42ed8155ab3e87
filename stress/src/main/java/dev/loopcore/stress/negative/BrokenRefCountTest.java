package dev.loopcore.stress.negative;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Negative control for RefCountHandoffTest: a reference count released with a plain read-modify-write
 * instead of compare-and-set. Two owners release concurrently; the lost update deallocates twice or
 * never: FORBIDDEN "0" or "2" must be observed. r1 = deallocations.
 */
@JCStressTest
@Outcome(id = "1", expect = ACCEPTABLE, desc = "deallocated exactly once")
@Outcome(expect = FORBIDDEN, desc = "lost update: deallocated never or twice")
@State
public class BrokenRefCountTest {
    volatile int count = 2;
    volatile int deallocations;

    void release() {
        int c = count - 1; // BUG: not atomic
        count = c;
        if (c == 0) deallocations++;
    }

    @Actor
    public void owner1() {
        release();
    }

    @Actor
    public void owner2() {
        release();
    }

    @Arbiter
    public void check(I_Result r) {
        r.r1 = deallocations;
    }
}
