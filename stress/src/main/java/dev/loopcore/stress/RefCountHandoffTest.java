package dev.loopcore.stress;

import dev.loopcore.AbstractRefCounted;
import dev.loopcore.MessageLoop;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import java.util.concurrent.atomic.AtomicInteger;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Contract 12: a {@code RefCounted} argument handed off with a post that races {@code close()} is
 * released exactly once — after the handler if the post was accepted, at once if it was rejected.
 * r1 = post's result, r2 = handler runs, r3 = deallocations.
 */
@JCStressTest
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "accepted, handled, released once")
@Outcome(id = "0, 0, 1", expect = ACCEPTABLE, desc = "rejected, released once")
@Outcome(expect = FORBIDDEN, desc = "leaked, released twice, or lost")
@State
public class RefCountHandoffTest {
    static final class Counted extends AbstractRefCounted {
        final AtomicInteger deallocations = new AtomicInteger();

        @Override
        protected void deallocate() {
            deallocations.incrementAndGet();
        }
    }

    final MessageLoop loop = Loops.POOL.newLoop("refcount");
    final Counted arg = new Counted();
    final AtomicInteger handled = new AtomicInteger();

    static void handle(AtomicInteger handled, Counted c) {
        handled.incrementAndGet();
    }

    @Actor
    public void poster(III_Result r) {
        r.r1 = loop.post(RefCountHandoffTest::handle, handled, arg) ? 1 : 0;
    }

    @Actor
    public void closer() {
        loop.close();
    }

    @Arbiter
    public void check(III_Result r) {
        try {
            loop.awaitTermination(Loops.BOUND);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        r.r2 = handled.get();
        r.r3 = arg.deallocations.get();
    }
}
