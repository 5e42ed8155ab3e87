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
    /** An entry tagged with one bit; the queue links overflowed entries through {@link #next}. */
    static final class Tagged implements RunQueue.Linked<Tagged> {
        final int tag;
        Tagged next;

        Tagged(int tag) {
            this.tag = tag;
        }

        @Override
        public Tagged runNext() {
            return next;
        }

        @Override
        public void runNext(Tagged n) {
            next = n;
        }
    }

    final RunQueue<Tagged> q = new RunQueue<>(2);
    final Tagged t1 = new Tagged(1), t2 = new Tagged(2), t4 = new Tagged(4), t8 = new Tagged(8);
    int maskA;
    
    @Actor
    public void producerA() {
        q.offer(t1);
        q.offer(t2);
    }

    @Actor
    public void producerBThenConsumer() {
        q.offer(t4);
        q.offer(t8);
        Tagged x = q.poll();
        if (x != null) maskA |= x.tag;
    }

    @Arbiter
    public void check(II_Result r) {
        int mask = maskA;
        int dup = 0;
        for (Tagged x; (x = q.poll()) != null; ) {
            if ((mask & x.tag) != 0) dup = 64;
            mask |= x.tag;
        }
        r.r1 = mask | dup;
        r.r2 = q.isEmpty() ? 1 : 0;
    }
}
