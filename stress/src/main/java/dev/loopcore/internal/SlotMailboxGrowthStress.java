package dev.loopcore.internal;

import dev.loopcore.IdleStrategy;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import java.util.function.Consumer;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * White-box (same package as the mailbox, on the classpath): two producers race the growth of a
 * fresh {@link SlotMailbox} (initial ring of 2 slots, so their four offers link rings of 4 and 8);
 * the second producer then drains, racing the first producer's growth, and the arbiter takes the rest. Every message is taken exactly once and each producer's
 * two messages in the order offered (contract 1 across a ring jump). r1 = messages taken, r2 = 1 if
 * producer A's were in order, r3 = 1 if producer B's were.
 */
@JCStressTest
@Outcome(id = "4, 1, 1", expect = ACCEPTABLE, desc = "all taken once, per-producer order kept across growth")
@Outcome(expect = FORBIDDEN, desc = "a message lost, duplicated or reordered across a ring jump")
@State
public class SlotMailboxGrowthStress {
    final SlotMailbox mailbox = new SlotMailbox(2);
    final LoopCore loop = new LoopCore("growth", mailbox, IdleStrategy.busySpin(), null) { };
    /** Consumer-confined: the order messages were taken in (producer * 10 + sequence). */
    final int[] order = new int[4];
    int taken;

    private void offer(int tag) {
        mailbox.offer(loop, LoopContext.current(), Ops.RUN1, (Consumer<Integer>) this::record, tag, null, null, null,
                null, null);
    }

    private void record(Integer tag) {
        order[taken++] = tag;
    }

    @Actor
    public void producerA() {
        offer(10);
        offer(11);
    }

    /** Producer B, then the consumer (one consumer thread at a time: the arbiter takes the rest after). */
    @Actor
    public void producerBThenConsumer() {
        offer(20);
        offer(21);
        mailbox.drain(loop, LoopContext.current(), 4);
    }

    @Arbiter
    public void check(III_Result r) {
        LoopContext ctx = LoopContext.current();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (taken < 4 && System.nanoTime() < deadline) {
            if (mailbox.drain(loop, ctx, 4) == 0) Thread.onSpinWait(); // an offer still being written
        }
        r.r1 = taken;
        r.r2 = inOrder(10, 11) ? 1 : 0;
        r.r3 = inOrder(20, 21) ? 1 : 0;
    }

    private boolean inOrder(int first, int second) {
        int i = -1, j = -1;
        for (int k = 0; k < taken; k++) {
            if (order[k] == first) i = k;
            if (order[k] == second) j = k;
        }
        return i >= 0 && j > i;
    }
}
