package dev.loopcore.stress;

import dev.loopcore.proxy.Proxy;
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
 * Contract 10: {@code Proxy.create(loop, T::new).invoke(T::touch)} on a temporary proxy while the
 * collector runs: the proxy becomes unreachable during the send, and the cleaner then closes the
 * target from its own thread; the accepted invoke must still run (issue 13, point 3). The bounded
 * mailbox makes the send wait for room, which widens the window. r1 = invoke's result, r2 = it ran.
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "accepted and ran")
@Outcome(expect = FORBIDDEN, desc = "accepted but dropped: the cleaner's close overtook it")
@State
public class ProxyCollectedDuringInvokeTest {
    /** A collection every this many states: often enough to race sends, rarely enough to keep the test fast. */
    private static final int GC_EVERY = 64;
    private static final AtomicInteger TICKS = new AtomicInteger();

    static final class Target implements AutoCloseable {
        final AtomicInteger ran;

        Target(AtomicInteger ran) {
            this.ran = ran;
        }

        void touch() {
            ran.incrementAndGet();
        }

        @Override
        public void close() {
        }
    }

    final AtomicInteger ran = new AtomicInteger();

    @Actor
    public void invoker(II_Result r) {
        AtomicInteger counter = ran;
        r.r1 = Proxy.create(Loops.BOUNDED, () -> new Target(counter)).invoke(Target::touch) ? 1 : 0;
    }

    @Actor
    public void collector() {
        if (TICKS.incrementAndGet() % GC_EVERY == 0) System.gc();
    }

    @Arbiter
    public void check(II_Result r) {
        Loops.BOUNDED.call(() -> 0).await(Loops.BOUND); // after the invoke in the loop's FIFO
        r.r2 = ran.get();
    }
}
