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
 * Contract 1 (visibility): plain fields written before {@code post} are visible to the task — on the
 * unbounded mailbox (pooled messages travelling through the per-thread caches and the queue), the
 * bounded ring (slots written in place) and a pooled loop (the intrusive linked mailbox).
 * r1, r2 = the two fields as the task saw them.
 */
public class PostVisibilityTest {
    abstract static class Base {
        int x;
        int y;
        volatile int seenX = -1;
        int seenY = -1;

        static void read(Base s) {
            s.seenY = s.y;
            s.seenX = s.x; // volatile write last: publishes seenY to the arbiter
        }

        void write(MessageLoop loop) {
            x = 1;
            y = 2;
            loop.post(Base::read, this);
        }

        void report(II_Result r) {
            Loops.spinUntil(() -> seenX != -1);
            r.r1 = seenX;
            r.r2 = seenY;
        }
    }

    @JCStressTest
    @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "the task saw both writes")
    @Outcome(expect = FORBIDDEN, desc = "the task saw a stale field, or never ran")
    @State
    public static class Unbounded extends Base {
        @Actor
        public void writer() {
            write(Loops.UNBOUNDED);
        }

        @Arbiter
        public void check(II_Result r) {
            report(r);
        }
    }

    @JCStressTest
    @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "the task saw both writes")
    @Outcome(expect = FORBIDDEN, desc = "the task saw a stale field, or never ran")
    @State
    public static class Bounded extends Base {
        @Actor
        public void writer() {
            write(Loops.BOUNDED);
        }

        @Arbiter
        public void check(II_Result r) {
            report(r);
        }
    }

    @JCStressTest
    @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "the task saw both writes")
    @Outcome(expect = FORBIDDEN, desc = "the task saw a stale field, or never ran")
    @State
    public static class Pooled extends Base {
        @Actor
        public void writer() {
            write(Loops.POOLED);
        }

        @Arbiter
        public void check(II_Result r) {
            report(r);
        }
    }
}
