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
 * Contract 10: an object closes its own {@code Proxy.bind} proxy on its loop (a task posted there)
 * while another thread invokes through that proxy: the close takes effect at once, so the invoke runs
 * before the close or never — a queued message never runs on the object after it closed its proxy
 * (issue 13, point 1). r1 = invoke's result, r2 = it ran, r3 = it ran after the close.
 */
@JCStressTest
@Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "ran before the close")
@Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "accepted, then dropped: the close on the loop came first")
@Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "rejected by the closed proxy")
@Outcome(expect = FORBIDDEN, desc = "ran after the close on the loop, or rejected but ran")
@State
public class BindCloseOnLoopVersusInvokeTest {
    /** Lives on the loop; only the loop touches its fields. */
    static final class Target {
        boolean closed;
        int ran;
        int ranAfterClose;

        void touch() {
            ran++;
            if (closed) ranAfterClose++;
        }
    }

    final Target target = new Target();
    final Proxy<Target> self = Proxy.bind(Loops.UNBOUNDED, target);

    @Actor
    public void invoker(III_Result r) {
        r.r1 = self.invoke(Target::touch) ? 1 : 0;
    }

    @Actor
    public void closerOnTheLoop() {
        Loops.UNBOUNDED.post(() -> {
            self.close();
            target.closed = true;
        });
    }

    @Arbiter
    public void check(III_Result r) {
        // Both actors' messages are in the loop's FIFO before this call: once it replies they have run.
        int[] seen = Loops.UNBOUNDED.call(() -> new int[]{target.ran, target.ranAfterClose}).await(Loops.BOUND);
        r.r2 = seen[0];
        r.r3 = seen[1];
    }
}
