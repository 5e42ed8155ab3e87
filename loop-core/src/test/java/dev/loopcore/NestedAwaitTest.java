package dev.loopcore;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** Contract 8: {@code await()} inside a task runs only the messages caused by the awaited call. */
class NestedAwaitTest extends LoopTestSupport {

    @Test
    void anUnrelatedTaskPostedToTheWaitingLoopRunsOnlyAfterTheAwaitInOrder() {
        MessageLoop waiting = loop("waiting");
        MessageLoop target = loop("target");
        List<String> log = new CopyOnWriteArrayList<>();
        CountDownLatch unrelatedPosted = new CountDownLatch(1);
        Reply<String> outer = waiting.call(() -> {
            Reply<Integer> r = target.call(() -> {
                await(unrelatedPosted); // the unrelated tasks are queued on `waiting` before we reply
                return 1;
            });
            int v = r.await();
            log.add("await returned " + v);
            return "done";
        });
        waiting.post(() -> log.add("unrelated 1"));
        waiting.post(() -> log.add("unrelated 2"));
        unrelatedPosted.countDown();
        assertEquals("done", outer.await(BOUND));
        waiting.call(() -> 0).await(BOUND);
        assertEquals(List.of("await returned 1", "unrelated 1", "unrelated 2"), log);
    }

    @Test
    void callbacksFromTheTargetRunDuringTheAwaitAndAllHaveRunWhenItReturns() {
        MessageLoop waiting = loop("waiting");
        MessageLoop target = loop("target");
        List<String> log = new CopyOnWriteArrayList<>();
        String result = waiting.call(() -> {
            Reply<String> r = target.call(() -> {
                for (int i = 0; i < 100; i++) {
                    int n = i;
                    waiting.post(() -> log.add("callback " + n + " on " + MessageLoop.current().name()));
                }
                return "reply";
            });
            String v = r.await();
            return v + " after " + log.size() + " callbacks";
        }).await(BOUND);
        assertEquals("reply after 100 callbacks", result);
        assertEquals("callback 99 on waiting", log.get(99));
    }

    @Test
    void aSyncCallBackIntoTheWaitingLoopCompletes() {
        MessageLoop a = loop("A");
        MessageLoop b = loop("B");
        String v = assertTimeoutPreemptively(BOUND, () -> a.call(() ->
                b.call(() -> a.call(() -> MessageLoop.current().name() + " at depth 2").await()).await()).await(BOUND));
        assertEquals("A at depth 2", v);
    }

    @Test
    void consequencesOfConsequencesRunToAnyDepth() {
        MessageLoop a = loop("A");
        MessageLoop b = loop("B");
        MessageLoop c = loop("C");
        List<String> log = new CopyOnWriteArrayList<>();
        String v = a.call(() -> b.call(() -> {
            c.post(() -> a.post(() -> log.add("from C via B's call"))); // a consequence of a consequence
            return c.call(() -> "c").await();
        }).await()).await(BOUND);
        assertEquals("c", v);
        a.call(() -> 0).await(BOUND);
        assertEquals(List.of("from C via B's call"), log);
    }

    @Test
    void callAwaitFromTheLoopItselfRunsTheCallAndReturns() {
        MessageLoop loop = loop("self");
        List<String> log = new CopyOnWriteArrayList<>();
        String v = assertTimeoutPreemptively(BOUND, () -> loop.call(() -> {
            loop.post(() -> log.add("queued before"));
            String inner = loop.call(() -> "inner on " + MessageLoop.current().name()).await();
            log.add("after inner");
            return inner;
        }).await(BOUND));
        assertEquals("inner on self", v);
        loop.call(() -> 0).await(BOUND);
        assertEquals(List.of("after inner", "queued before"), log);
    }

    @Test
    void awaitOnAThreadWithNoLoopParksUntilTheReply() throws Exception {
        MessageLoop target = loop("target");
        CountDownLatch gate = new CountDownLatch(1);
        Reply<Integer> r = target.call(() -> {
            await(gate);
            return 3;
        });
        AtomicReference<Thread.State> state = new AtomicReference<>();
        Thread waiter = new Thread(() -> assertEquals(3, r.await()));
        waiter.start();
        eventually(() -> waiter.getState() == Thread.State.WAITING, "the waiter parks");
        gate.countDown();
        waiter.join(BOUND.toMillis());
        assertFalse(waiter.isAlive());
    }

    @Test
    void currentIsTheWaitingLoopInsideAndAfterANestedAwait() {
        MessageLoop a = loop("A");
        MessageLoop b = loop("B");
        String names = a.call(() -> {
            String before = MessageLoop.current().name();
            b.call(() -> 0).await();
            return before + "," + MessageLoop.current().name() + "," + a.isCurrent();
        }).await(BOUND);
        assertEquals("A,A,true", names);
    }
}
