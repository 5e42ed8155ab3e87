package dev.loopcore.regression;

import dev.loopcore.LoopPool;
import dev.loopcore.MessageLoop;
import dev.loopcore.Reply;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code stats().executed()} of a pooled loop counts exactly the messages that ran on it, also when
 * its thread ran another loop's messages inside one of its awaits (review fix of bec71a9: counts a
 * thread gathered for one loop were flushed into the next loop it switched to). On a 1-thread pool an
 * await of loop A lends A's thread to B, and B's await of a call back into A runs that call on the
 * same thread, on A's behalf.
 */
class PooledLoopCountsTest extends CompositionSupport {
    static final int ROUNDS = 500;

    @Test
    void eachPooledLoopCountsExactlyItsOwnTasksWhenAwaitsRunOtherLoopsOnItsThread() {
        LoopPool pool = pool("counts", 1);
        MessageLoop a = track(pool.newLoop("a"));
        MessageLoop b = track(pool.newLoop("b"));
        List<Reply<Integer>> replies = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            int round = i;
            a.post(() -> { }); // A: one plain task per round, counted on the thread before the await below
            // A: the calling task, and the call back into it; B: the call A awaits (on A's thread).
            replies.add(a.call(() -> b.call(() -> a.call(() -> round).await() + 1).await()));
        }
        for (int i = 0; i < ROUNDS; i++) assertEquals(i + 1, replies.get(i).await(BOUND), "round " + i);
        long expectedA = 3L * ROUNDS;
        long expectedB = ROUNDS;
        // Counts are published when a loop runs out of work; wait for the total, then look at the split.
        eventually(() -> a.stats().executed() + b.stats().executed() == expectedA + expectedB,
                "the two loops' counts add up to every task that ran");

        assertEquals(expectedA + " " + expectedB, a.stats().executed() + " " + b.stats().executed(),
                "executed() of a and b: a count moved from one loop to the other");
    }
}
