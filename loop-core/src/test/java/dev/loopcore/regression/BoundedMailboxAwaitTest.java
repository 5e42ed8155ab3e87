package dev.loopcore.regression;

import dev.loopcore.DrivenLoop;
import dev.loopcore.MailboxKind;
import dev.loopcore.MessageLoop;
import dev.loopcore.ReplyTimeoutException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 points 2 and 3, contracts 8 and 14: no mailbox kind makes an await hang, and a loop's own
 * thread never blocks on its own full {@code BOUNDED} mailbox.
 */
class BoundedMailboxAwaitTest extends CompositionSupport {

    /** Point 2: what runs during the await must not keep its ring slot until the outer task returns. */
    @Test
    void awaitOnABoundedLoopCompletesWhenTheCalleePostsMoreCallbacksThanTheCapacity() {
        MessageLoop a = bounded("A-bounded", 4);
        MessageLoop b = loop("B");
        AtomicInteger callbacks = new AtomicInteger();

        String result;
        try {
            result = a.call(() -> {
                int v = b.call(() -> {
                    for (int i = 0; i < 16; i++) a.post(callbacks::incrementAndGet);
                    return 16;
                }).await();
                return v + " replied, " + callbacks.get() + " callbacks ran";
            }).await(SHORT);
        } catch (ReplyTimeoutException e) {
            result = "no progress: B blocked in post after " + callbacks.get() + " callbacks ran";
        }
        assertEquals("16 replied, 16 callbacks ran", result);
    }

    /**
     * Point 2, with messages kept aside: an unrelated producer's messages waiting out the await must not
     * hold back the callee either, and run after it, in order.
     */
    @Test
    void messagesKeptAsideOnABoundedLoopDoNotHoldBackTheCalleesPosts() {
        MessageLoop a = bounded("A-bounded", 4);
        MessageLoop b = loop("B");
        List<String> log = new CopyOnWriteArrayList<>();

        List<String> expected = new ArrayList<>();
        String shape;
        try {
            shape = a.call(() -> {
                Thread unrelated = new Thread(() -> {
                    for (int i = 0; i < 3; i++) {
                        int n = i;
                        a.post(() -> log.add("unrelated " + n));
                    }
                });
                unrelated.start();
                try {
                    unrelated.join(BOUND.toMillis()); // three posts fit a capacity of 4: this never waits long
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                int v = b.call(() -> {
                    for (int i = 0; i < 16; i++) {
                        int n = i;
                        a.post(() -> log.add("callback " + n));
                    }
                    return 16;
                }).await();
                log.add("await returned " + v);
                return "ok";
            }).await(SHORT);
        } catch (ReplyTimeoutException e) {
            shape = "no progress: B blocked in post; log " + log;
        }
        assertEquals("ok", shape);
        a.call(() -> 0).await(BOUND);
        for (int i = 0; i < 16; i++) expected.add("callback " + i);
        expected.add("await returned 16");
        for (int i = 0; i < 3; i++) expected.add("unrelated " + i);
        assertEquals(expected, log);
    }

    /** Point 3: the owner of a driven loop is its only consumer; posting to it never waits for room. */
    @Test
    void ownerOfADrivenBoundedLoopPostsBeyondCapacityBetweenRunPendingCallsWithoutBlocking() {
        AtomicReference<DrivenLoop> made = new AtomicReference<>();
        List<Integer> ran = new CopyOnWriteArrayList<>();
        try {
            assertTimeoutPreemptively(SHORT, () -> {
                DrivenLoop loop = MessageLoop.builder("driven-bounded").mailbox(MailboxKind.BOUNDED).capacity(4).driven();
                made.set(loop);
                for (int i = 0; i < 10; i++) {
                    int n = i;
                    assertTrue(loop.post(() -> ran.add(n)), "post " + i + " refused");
                }
                int total = 0;
                for (int round = 0; round < 20 && ran.size() < 10; round++) total += loop.runPending();
                assertEquals(10, total);
            }, "the owner thread blocked posting to its own full driven loop");
        } finally {
            DrivenLoop loop = made.get();
            if (loop != null) loop.close(); // a blocked post gives up once the loop is closed
        }
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), ran);
    }
}
