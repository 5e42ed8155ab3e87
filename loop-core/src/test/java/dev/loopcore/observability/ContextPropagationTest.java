package dev.loopcore.observability;

import dev.loopcore.ContextPropagator;
import dev.loopcore.LoopPool;
import dev.loopcore.MessageLoop;
import dev.loopcore.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** Issue 15 point 5: a captured context value is visible inside every kind of hop. */
class ContextPropagationTest extends ObservabilitySupport {
    /** The "context": a thread-local value, as an MDC or a tracing context is. */
    static final ThreadLocal<String> CONTEXT = new ThreadLocal<>();
    /** Restores that were not closed yet: must be none once the work ran. */
    final List<String> open = new CopyOnWriteArrayList<>();

    @BeforeEach
    void install() {
        ContextPropagator.install(new ContextPropagator<String>() {
            @Override
            public String capture() {
                return CONTEXT.get();
            }

            @Override
            public Scope restore(String captured) {
                String before = CONTEXT.get();
                CONTEXT.set(captured);
                open.add(captured);
                return () -> {
                    open.remove(captured);
                    CONTEXT.set(before);
                };
            }
        });
    }

    @AfterEach
    void uninstall() {
        ContextPropagator.uninstall();
        CONTEXT.remove();
    }

    @Test
    void aPostedTaskSeesThePostersContext() {
        MessageLoop loop = track(MessageLoop.builder("ctx-post").daemon(true).start());
        AtomicReference<String> seen = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        CONTEXT.set("trace-post");
        loop.post((String x) -> {
            seen.set(CONTEXT.get() + "/" + x);
            done.countDown();
        }, "arg");
        await(done, "the task");
        assertEquals("trace-post/arg", seen.get());
    }

    @Test
    void aCallSeesTheCallersContextAndTheLoopThreadIsCleanAfterwards() {
        MessageLoop loop = track(MessageLoop.builder("ctx-call").daemon(true).start());
        CONTEXT.set("trace-call");
        assertEquals("trace-call", loop.call(CONTEXT::get).await(BOUND));
        CONTEXT.remove();
        assertNull(loop.call(CONTEXT::get).await(BOUND), "the scope was closed after the call");
        assertEquals(List.of(), open);
    }

    @Test
    void delayedAndRepeatingTasksSeeTheSchedulersContextOnEveryRun() {
        MessageLoop loop = track(MessageLoop.builder("ctx-delayed").daemon(true).start());
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch delayed = new CountDownLatch(1);
        CountDownLatch repeats = new CountDownLatch(3);
        CONTEXT.set("trace-timer");
        loop.postDelayed(() -> {
            seen.add("once:" + CONTEXT.get());
            delayed.countDown();
        }, Duration.ofMillis(5));
        loop.postRepeating(() -> {
            seen.add("again:" + CONTEXT.get());
            repeats.countDown();
        }, Duration.ZERO, Duration.ofMillis(2));
        await(delayed, "the delayed task");
        await(repeats, "three runs of the repeating task");
        assertTrue(seen.stream().allMatch(s -> s.endsWith(":trace-timer")), seen.toString());
    }

    @Test
    void replyCallbacksSeeTheContextOfTheirThenCall() {
        MessageLoop caller = track(MessageLoop.builder("ctx-caller").daemon(true).start());
        MessageLoop callee = track(MessageLoop.builder("ctx-callee").daemon(true).start());
        MessageLoop elsewhere = track(MessageLoop.builder("ctx-elsewhere").daemon(true).start());
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch three = new CountDownLatch(3);
        CONTEXT.set("trace-caller");
        caller.post(() -> {
            CONTEXT.set("trace-then"); // inside the task: the then() calls below capture this one
            Reply<Integer> r = callee.call(() -> {
                CONTEXT.set("the callee's own"); // must not leak into the callbacks
                return 1;
            });
            r.then(v -> {
                seen.add("caller-loop:" + CONTEXT.get());
                three.countDown();
            }, e -> { });
            r.then(elsewhere, v -> {
                seen.add("other-loop:" + CONTEXT.get());
                three.countDown();
            }, e -> { });
        });
        CONTEXT.set("trace-no-loop");
        Reply<Integer> r = callee.call(() -> 2);
        r.then(v -> { // registered on no loop: runs on the completing thread
            seen.add("no-loop:" + CONTEXT.get());
            three.countDown();
        }, e -> { });
        await(three, "three callbacks");
        assertTrue(seen.contains("caller-loop:trace-then"), seen.toString());
        assertTrue(seen.contains("other-loop:trace-then"), seen.toString());
        assertTrue(seen.contains("no-loop:trace-no-loop"), seen.toString());
    }

    @Test
    void pooledLoopsAndNestedAwaitsRestoreAndCloseScopesInOrder() {
        LoopPool pool = track(LoopPool.builder("ctx-pool").threads(1).build());
        MessageLoop a = pool.newLoop("ctx-a");
        MessageLoop b = pool.newLoop("ctx-b");
        CONTEXT.set("outer");
        String result = a.call(() -> {
            String mine = CONTEXT.get();
            CONTEXT.set("inner");
            String theirs = b.call(CONTEXT::get).await(BOUND); // runs on this thread, lent to b
            return mine + "," + theirs + "," + CONTEXT.get();
        }).await(BOUND);
        assertEquals("outer,inner,inner", result);
        CONTEXT.remove();
        a.call(() -> 0).await(BOUND); // carries nothing; runs after the first call's scope was closed
        assertEquals(List.of(), open, "every scope closed");
    }

    @Test
    void nothingIsCarriedWhenTheCaptureIsNullOrNoPropagatorIsInstalled() {
        MessageLoop loop = track(MessageLoop.builder("ctx-none").daemon(true).start());
        CONTEXT.remove();
        assertNull(loop.call(CONTEXT::get).await(BOUND));
        ContextPropagator.uninstall();
        CONTEXT.set("not carried");
        assertNull(loop.call(CONTEXT::get).await(BOUND));
        assertEquals(List.of(), open);
    }

    @Test
    void aStallReportNamesTheCarriedTaskNotTheCarrier() {
        MessageLoop loop = track(MessageLoop.builder("ctx-stall").daemon(true).stallThreshold(Duration.ofMillis(100)).start());
        CountDownLatch reported = firstReport("ctx-stall", "stalled");
        CountDownLatch done = new CountDownLatch(1);
        CONTEXT.set("trace-stall");
        loop.post(new SleepingTask(Duration.ofMillis(800), done));
        await(reported, "the stall report");
        await(done, "the sleeping task");
        String r = reportsOf("ctx-stall", "stalled").get(0);
        assertTrue(r.contains("stalled: " + SleepingTask.class.getName()), r);
    }
}
