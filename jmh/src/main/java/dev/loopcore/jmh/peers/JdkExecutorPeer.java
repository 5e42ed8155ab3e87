package dev.loopcore.jmh.peers;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** {@code Executors.newSingleThreadExecutor()}. */
public final class JdkExecutorPeer implements Peer {
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "peer-jdk-executor");
        t.setDaemon(true);
        return t;
    });

    @Override
    public void post(Runnable task) {
        executor.execute(task);
    }

    @Override
    public String threadNamePrefix() {
        return "peer-jdk-executor";
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
