package dev.loopcore.proxy;

import dev.loopcore.DrivenLoop;
import dev.loopcore.MessageLoop;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The README's five-minute tour, as written there (printing into {@link #OUT} instead of
 * {@code System.out}, so the test can check what it prints).
 */
class ReadmeTourTest {
    static final List<String> OUT = new CopyOnWriteArrayList<>();

    static final class FileSystem {                           // lives on the main thread
        String read(String path, Proxy<Worker> progress) {
            for (int pct = 25; pct <= 100; pct += 25) progress.invoke(Worker::onProgress, pct);
            return "contents of " + path;
        }
    }

    static final class Worker implements AutoCloseable {      // lives on a worker loop
        private final Proxy<FileSystem> fs;

        Worker(Proxy<FileSystem> fs) {
            this.fs = fs;
        }

        String load(String path) {
            Proxy<Worker> self = Proxy.bind(MessageLoop.current(), this);
            return fs.call(FileSystem::read, path, self).await();   // onProgress runs here, meanwhile
        }

        void onProgress(int pct) {
            OUT.add(pct + "%");
        }

        @Override
        public void close() {
            OUT.add("worker closed");
        }
    }

    @Test
    void theTourPrintsProgressDuringTheLoadThenTheContentsThenClosesTheWorker() throws Exception {
        OUT.clear();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            DrivenLoop main = MessageLoop.driven("main");          // run by this (the main) thread
            MessageLoop workerLoop = MessageLoop.start("worker");  // its own thread

            Proxy<FileSystem> fs = Proxy.create(main, FileSystem::new);
            Proxy<Worker> worker = Proxy.create(workerLoop, () -> new Worker(fs)); // constructed on workerLoop

            worker.call(Worker::load, "/etc/motd").then(main, text -> {        // on main, once loaded
                OUT.add(text);
                worker.close();       // on its loop, after every earlier message; later progress is refused
                workerLoop.close();
                main.close();
            }, Throwable::printStackTrace);
            main.runUntilClosed();    // the main thread runs its loop (parking when idle) until main.close()

            assertTrue(workerLoop.awaitTermination(Duration.ofSeconds(10)));
        });
        assertEquals(List.of("25%", "50%", "75%", "100%", "contents of /etc/motd", "worker closed"), OUT);
    }
}
