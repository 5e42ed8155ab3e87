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
 * Contract 1 (order) on every mailbox kind: two producers post two tasks each; no task is lost or
 * run twice, and each producer's tasks run in the order it posted them. r1 = 1 if both producers'
 * orders held, r2 = how many tasks ran.
 */
public class MailboxOrderTest {
    static final int A1 = 1, A2 = 2, B1 = 3, B2 = 4;

    /** Written only by tasks on the loop (one at a time); read by the arbiter after a happens-before. */
    static class Log {
        final int[] order = new int[8];
        volatile int count;

        void add(int id) {
            int c = count;
            if (c < order.length) order[c] = id;
            count = c + 1;
        }

        void report(II_Result r) {
            if (!Loops.spinUntil(() -> count >= 4)) {
                r.r1 = -1;
                r.r2 = count;
                return;
            }
            int a1 = -1, a2 = -1, b1 = -1, b2 = -1;
            for (int i = 0; i < Math.min(count, order.length); i++) {
                switch (order[i]) {
                    case A1: a1 = i; break;
                    case A2: a2 = i; break;
                    case B1: b1 = i; break;
                    case B2: b2 = i; break;
                    default: break;
                }
            }
            r.r1 = (a1 >= 0 && a1 < a2 && b1 >= 0 && b1 < b2) ? 1 : 0;
            r.r2 = count;
        }
    }

    abstract static class Base {
        final Log log = new Log();

        abstract MessageLoop loop();

        void producerA() {
            loop().post(Log::add, log, A1);
            loop().post(Log::add, log, A2);
        }

        void producerB() {
            loop().post(Log::add, log, B1);
            loop().post(Log::add, log, B2);
        }
    }

    @JCStressTest
    @Outcome(id = "1, 4", expect = ACCEPTABLE, desc = "all four ran once, each producer in order")
    @Outcome(expect = FORBIDDEN, desc = "lost, duplicated or reordered")
    @State
    public static class Unbounded extends Base {
        MessageLoop loop() {
            return Loops.UNBOUNDED;
        }

        @Actor
        public void a() {
            producerA();
        }

        @Actor
        public void b() {
            producerB();
        }

        @Arbiter
        public void check(II_Result r) {
            Loops.spinUntil(() -> log.count >= 4);
            log.report(r);
        }
    }

    @JCStressTest
    @Outcome(id = "1, 4", expect = ACCEPTABLE, desc = "all four ran once, each producer in order")
    @Outcome(expect = FORBIDDEN, desc = "lost, duplicated or reordered")
    @State
    public static class Bounded extends Base {
        MessageLoop loop() {
            return Loops.BOUNDED;
        }

        @Actor
        public void a() {
            producerA();
        }

        @Actor
        public void b() {
            producerB();
        }

        @Arbiter
        public void check(II_Result r) {
            log.report(r);
        }
    }

    @JCStressTest
    @Outcome(id = "1, 4", expect = ACCEPTABLE, desc = "all four ran once, each producer in order")
    @Outcome(expect = FORBIDDEN, desc = "lost, duplicated or reordered")
    @State
    public static class Pooled extends Base {
        MessageLoop loop() {
            return Loops.POOLED;
        }

        @Actor
        public void a() {
            producerA();
        }

        @Actor
        public void b() {
            producerB();
        }

        @Arbiter
        public void check(II_Result r) {
            log.report(r);
        }
    }
}
