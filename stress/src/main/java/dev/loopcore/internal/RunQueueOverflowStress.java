package dev.loopcore.internal;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * White-box: a pool run queue whose ring holds 2, so three offers overflow. Two producers race the
 * ring-to-overflow boundary while one of them also polls; the arbiter polls the rest. Every entry is
 * taken exactly once and, after the arbiter, the queue is empty. r1 = entries taken (bit mask of the
 * tags 1, 2, 4, 8), r2 = 1 if the queue then reports empty.
 */
@JCStressTest
@Outcome(id = "15, 1", expect = ACCEPTABLE, desc = "every entry taken once, then empty")
@Outcome(expect = FORBIDDEN, desc = "an entry lost or taken twice, or emptiness misreported")
@State
public class RunQueueOverflowStress {
    final RunQueue<Integer> q = new RunQueue<>(2);
    int maskA;
    int dupA;

    @Actor
    public void producerA() {
        q.offer(1);
        q.offer(2);
    }

    @Actor
    public void producerBThenConsumer() {
        q.offer(4);
        q.offer(8);
        Integer x = q.poll();
        if (x != null) maskA |= x;
    }

    @Arbiter
    public void check(II_Result r) {
        int mask = maskA;
        int dup = 0;
        for (Integer x; (x = q.poll()) != null; ) {
            if ((mask & x) != 0) dup = 64;
            mask |= x;
        }
        r.r1 = mask | dup;
        r.r2 = q.isEmpty() ? 1 : 0;
    }
}
