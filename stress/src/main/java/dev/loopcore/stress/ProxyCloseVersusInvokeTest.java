package dev.loopcore.stress;

import dev.loopcore.proxy.Proxy;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Contract 10: {@code proxy.close()} from elsewhere racing {@code invoke}: the invoke runs exactly once,
 * before the target is closed, or returns false and never runs — never accepted then dropped (issue 13,
 * point 2). r1 = invoke's result, r2 = it ran, r3 = it ran on a closed target.
 */
@JCStressTest
@Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "ran before the close")
@Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "rejected by the closed proxy")
@Outcome(expect = FORBIDDEN, desc = "accepted then dropped, ran after close, or rejected but ran")
@State
public class ProxyCloseVersusInvokeTest {
    static final class Target implements AutoCloseable {
        boolean closed;
        int ran;
        int ranAfterClose;

        void touch() {
            ran++;
            if (closed) ranAfterClose++;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    final Target target = new Target();
    final Proxy<Target> proxy = Proxy.create(Loops.UNBOUNDED, () -> target);

    @Actor
    public void invoker(III_Result r) {
        r.r1 = proxy.invoke(Target::touch) ? 1 : 0;
    }

    @Actor
    public void closer() {
        proxy.close();
    }

    @Arbiter
    public void check(III_Result r) {
        // Both actors' messages are in the loop's FIFO before this call: once it replies they have run.
        int[] seen = Loops.UNBOUNDED.call(() -> new int[]{target.ran, target.ranAfterClose}).await(Loops.BOUND);
        r.r2 = seen[0];
        r.r3 = seen[1];
    }
}
