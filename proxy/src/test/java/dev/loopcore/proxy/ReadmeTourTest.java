package dev.loopcore.proxy;

import dev.loopcore.DrivenLoop;
import dev.loopcore.MessageLoop;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The README's five-minute tour, as written there ({@link ReadmeSnippetsTest} keeps it so), run with
 * {@code System.out} captured so the test can check what it prints and in which order.
 */
class ReadmeTourTest {

class FileSystem {                                   // lives on the main thread
    String read(String path, Proxy<Worker> progress) {
        for (int pct = 25; pct <= 100; pct += 25) progress.invoke(Worker::onProgress, pct);
        return "contents of " + path;
    }
}

class Worker implements AutoCloseable {              // lives on a worker loop
    private final Proxy<FileSystem> fs;
    Worker(Proxy<FileSystem> fs) { this.fs = fs; }

    String load(String path) {
        Proxy<Worker> self = Proxy.bind(MessageLoop.current(), this);
        return fs.call(FileSystem::read, path, self).await();   // onProgress runs here, meanwhile
    }
    void onProgress(int pct) { System.out.println(pct + "%"); }
    @Override public void close() { System.out.println("worker closed"); }
}

    @Test
    void theTourPrintsProgressDuringTheLoadThenTheContentsThenClosesTheWorker() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8)); // PrintStream locks: any thread
        MessageLoop[] started = new MessageLoop[1];
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
DrivenLoop main = MessageLoop.driven("main");          // run by this (the main) thread
MessageLoop workerLoop = MessageLoop.start("worker");  // its own thread
started[0] = workerLoop;

Proxy<FileSystem> fs = Proxy.create(main, FileSystem::new);
Proxy<Worker> worker = Proxy.create(workerLoop, () -> new Worker(fs)); // constructed on workerLoop

worker.call(Worker::load, "/etc/motd").then(main, text -> {        // on main, once loaded
    System.out.println(text);
    worker.close();       // on its loop, after every earlier message; later progress is refused
    workerLoop.close();
    main.close();
}, Throwable::printStackTrace);
main.runUntilClosed();    // the main thread runs its loop (parking when idle) until main.close()

                assertTrue(workerLoop.awaitTermination(Duration.ofSeconds(10)));
            });
        } finally {
            System.setOut(original);
            if (started[0] != null) started[0].close();
        }
        assertEquals(List.of("25%", "50%", "75%", "100%", "contents of /etc/motd", "worker closed"),
                printed.toString(StandardCharsets.UTF_8).lines().toList());
    }
}
