package dev.loopcore.proxy;

import dev.loopcore.DrivenLoop;
import dev.loopcore.MessageLoop;
import dev.loopcore.Reply;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The classic case: a worker object needs a file system that lives on the main thread. It calls it
 * synchronously; the file system reports progress through a callback proxy bound to the worker,
 * which runs on the worker during the await. Then the worker is closed while the main thread still
 * sends callbacks, and nothing runs on it afterwards.
 */
class CaseStudyTest {
    static final Duration BOUND = Duration.ofSeconds(20);

    /** Lives on the main thread. */
    static final class FileSystem {
        Proxy<Worker> lastCaller;

        String read(String path, Proxy<Worker> progress) {
            lastCaller = progress;
            for (int pct = 25; pct <= 100; pct += 25) progress.invoke(Worker::onProgress, pct);
            return "contents of " + path;
        }
    }

    /** Lives on a worker loop. */
    static final class Worker implements AutoCloseable {
        final List<String> events = new CopyOnWriteArrayList<>();
        final AtomicInteger progressAfterClose = new AtomicInteger();
        final Proxy<FileSystem> fs;
        boolean closed;

        Worker(Proxy<FileSystem> fs) {
            this.fs = fs;
        }

        String load(String path) {
            Proxy<Worker> self = Proxy.bind(MessageLoop.current(), this);
            Reply<String> r = fs.call(FileSystem::read, path, self);
            String data = r.await(); // progress callbacks run here, on this loop, during the wait
            events.add("loaded");
            return data;
        }

        void onProgress(int pct) {
            if (closed) progressAfterClose.incrementAndGet();
            events.add(pct + "%");
        }

        @Override
        public void close() {
            closed = true;
            events.add("closed");
        }
    }

    @Test
    void theWorkerCallsTheMainThreadSynchronouslyAndNothingRunsOnItAfterClose() throws Exception {
        DrivenLoop main = MessageLoop.driven("main");
        MessageLoop workerLoop = MessageLoop.start("worker");
        try {
            Proxy<FileSystem> fs = Proxy.create(main, FileSystem::new);
            Proxy<Worker> worker = Proxy.create(workerLoop, () -> new Worker(fs));
            Reply<String> loaded = worker.call(Worker::load, "/etc/motd");
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (!loaded.isDone() && System.nanoTime() < deadline) main.runPending(); // the main thread's loop
            assertEquals("contents of /etc/motd", loaded.await(BOUND));
            Worker w = worker.call(x -> x).await(BOUND);
            assertEquals(List.of("25%", "50%", "75%", "100%", "loaded"), w.events);

            worker.close();
            workerLoop.call(() -> 0).await(BOUND); // the close has run on the worker loop
            // The main thread still sends progress through the bound proxy it kept.
            Reply<Boolean> sent = fs.call(f -> f.lastCaller.invoke(Worker::onProgress, 99));
            deadline = System.nanoTime() + BOUND.toNanos();
            while (!sent.isDone() && System.nanoTime() < deadline) main.runPending();
            assertFalse(sent.await(BOUND), "the bound proxy knows its target is closed");
            workerLoop.call(() -> 0).await(BOUND);
            assertEquals(0, w.progressAfterClose.get());
            assertEquals(List.of("25%", "50%", "75%", "100%", "loaded", "closed"), w.events);
        } finally {
            workerLoop.close();
            main.close();
            main.runPending();
            assertTrue(workerLoop.awaitTermination(BOUND));
            assertTrue(main.awaitTermination(BOUND));
        }
    }

    /** Streams progress to a worker through its bound proxy from a repeating task on the main loop. */
    static final class Streamer {
        Proxy<Worker> target;
        int sent;
        int refused;

        void tick() {
            if (target == null) return;
            if (target.invoke(Worker::onProgress, ++sent)) return;
            refused++;
        }
    }

    /** Runs the main thread's loop until {@code r} is done (bounded), then returns its value. */
    private static <R> R pump(DrivenLoop main, Reply<R> r) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!r.isDone() && System.nanoTime() < deadline) main.runPending();
        return r.await(Duration.ZERO);
    }

    @Test
    void closingTheWorkerWhileTheMainThreadStreamsCallbacksRunsNoneOnItAfterItsClose() throws Exception {
        DrivenLoop main = MessageLoop.driven("main");
        MessageLoop workerLoop = MessageLoop.start("worker");
        try {
            Proxy<FileSystem> fs = Proxy.create(main, FileSystem::new);
            Proxy<Worker> worker = Proxy.create(workerLoop, () -> new Worker(fs));
            Proxy<Streamer> streamer = Proxy.create(main, Streamer::new);
            // The worker hands the main thread a proxy bound to itself; main streams into it every 100 us.
            Reply<Boolean> handedOver = worker.call(w -> streamer.invoke((s, p) -> s.target = p,
                    Proxy.bind(MessageLoop.current(), w)));
            main.postRepeating(() -> streamer.invoke(Streamer::tick), Duration.ZERO, Duration.ofNanos(100_000));
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (!handedOver.isDone() && System.nanoTime() < deadline) main.runPending();
            assertTrue(handedOver.await(BOUND));
            Worker w = worker.call(x -> x).await(BOUND);
            // Let some callbacks arrive, then close the worker from the main thread while they stream.
            while (w.events.size() < 20 && System.nanoTime() < deadline) main.runPending();
            worker.close();
            Reply<Integer> afterClose = workerLoop.call(() -> 0);
            while (!afterClose.isDone() && System.nanoTime() < deadline) main.runPending();
            int refused = 0;
            while (refused == 0 && System.nanoTime() < deadline) refused = pump(main, streamer.call(x -> x.refused));
            assertTrue(refused > 0, "the stream went on after the close, and was refused");
            assertFalse(pump(main, streamer.<Boolean>call(x -> x.target.invoke(Worker::onProgress, -1))),
                    "an invoke through the worker's bound proxy after its close returns false");
            workerLoop.call(() -> 0).await(BOUND);
            assertEquals(0, w.progressAfterClose.get(), "callbacks ran on the closed worker");
            assertEquals("closed", w.events.get(w.events.size() - 1));
        } finally {
            workerLoop.close();
            main.close();
            main.runPending();
            assertTrue(workerLoop.awaitTermination(BOUND));
            assertTrue(main.awaitTermination(BOUND));
        }
    }
}
